"""End to end in Chromium (Playwright): the app served by uvicorn on 127.0.0.1, as a user sees it.

Skipped when Playwright or Debian's Chromium (/usr/bin/chromium) is missing, except in CI, which
installs both: there their absence is a failure.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from newsledger.web import create_app
from tests.web.conftest import KEYS, served

CHROMIUM = Path("/usr/bin/chromium")


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    return None


MISSING = _missing()
if MISSING and os.environ.get("CI"):
    raise RuntimeError(f"{MISSING}; CI installs it, so the browser tests must run there")
pytestmark = [pytest.mark.browser, pytest.mark.skipif(MISSING is not None, reason=MISSING or "")]


@pytest.fixture(scope="module")
def base_url(ledger_copy):
    with served(create_app(ledger_copy)) as port:
        yield f"http://127.0.0.1:{port}"

@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, base_url):
    """A fresh page that records every dialog (alert, confirm) a script opens."""
    context = browser.new_context(base_url=base_url)
    opened = context.new_page()
    opened.dialogs = []
    opened.on("dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss()))
    opened.set_default_timeout(10_000)
    yield opened
    context.close()


def test_search_open_a_speaker_and_follow_a_statement_to_its_evidence(page):
    from playwright.sync_api import expect

    page.goto("/")
    page.get_by_label("Words").fill("tested")
    page.get_by_role("button", name="Search").click()
    statement = page.locator("li.statement").filter(has_text="We tested the S-400")
    expect(statement).to_have_count(1)

    statement.get_by_role("link", name="Mevlut Cavusoglu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mevlut Cavusoglu")
    expect(page.locator("figure.timeline svg a.mark")).to_have_count(1)  # he tested it; Turkey bought it

    page.locator("li.statement").filter(has_text="We tested the S-400").get_by_role("link", name="Turkey tests the S-400").click()
    assert page.url.endswith(f"/article/{KEYS['s400']}#s2")
    target = page.locator("#s2")
    expect(target).to_be_visible()
    expect(target).to_have_class(re.compile(r"\bcontent\b"))
    expect(target).to_contain_text("We tested the S-400")


def test_a_pasted_article_is_shown_with_its_statement_highlighted(page):
    from playwright.sync_api import expect

    page.goto("/ingest")
    page.get_by_label("Title").fill("Fleet ready")
    page.get_by_label("Article text").fill("Navy chief Sam Reed said that the fleet was ready to sail.\n")
    page.get_by_role("button", name="Add to the ledger").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fleet ready")
    assert re.search(r"/article/[0-9a-f]{64}\?ingested=new$", page.url)
    expect(page.locator(".article-text .speaker")).to_have_text("Navy chief Sam Reed")
    expect(page.locator(".article-text .cue")).to_have_text("said")
    expect(page.locator("#s1.content")).to_have_text("that the fleet was ready to sail")


def test_a_hostile_article_runs_nothing_and_shows_its_text(page):
    from playwright.sync_api import expect

    page.goto(f"/article/{KEYS['hostile']}")
    text = page.locator(".article-text")
    expect(text).to_contain_text("<script>alert(1)</script>")
    expect(text).to_contain_text("<img src=x onerror=alert(1)>")
    expect(page.get_by_role("heading", level=1)).to_have_text("<script>alert('title')</script>")
    assert page.locator(".article-text script, .article-text img").count() == 0

    page.goto("/ingest")  # pasted through the form too
    page.get_by_label("Title").fill("<img src=y onerror=alert(2)>")
    page.get_by_label("Article text").fill('The envoy said that "<script>alert(3)</script>" was a joke.\n')
    page.get_by_role("button", name="Add to the ledger").click()
    expect(page.locator(".article-text")).to_contain_text("<script>alert(3)</script>")
    page.wait_for_load_state("load")
    assert page.dialogs == []
