"""The list pages in Chromium (Playwright), over the arms ledger of test_lists.py served by uvicorn:
facets, sorting, the charts' links, the evidence of a transfer and the downloads, as a user
follows them, with no script error and nothing the CSP refuses.

Skipped when Playwright or Debian's Chromium (/usr/bin/chromium) is missing, except in CI, which
installs both: there their absence is a failure.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from newsledger.ledger import Ledger
from newsledger.web import create_app
from tests.web.conftest import served
from tests.web.test_browser import CHROMIUM, MISSING
from tests.web.test_lists import BUSY, KEYS, RECORDS

pytestmark = [pytest.mark.browser, pytest.mark.skipif(MISSING is not None, reason=MISSING or "")]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    db = tmp_path_factory.mktemp("browser-lists") / "arms.db"
    with Ledger.open(db) as ledger:
        for record in RECORDS:
            ledger.add(record)
    with served(create_app(db)) as port:
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
    """A fresh page that records script errors and console errors (a CSP refusal is one)."""
    context = browser.new_context(base_url=base_url, accept_downloads=True)
    opened = context.new_page()
    opened.problems = []
    opened.on("pageerror", lambda error: opened.problems.append(str(error)))
    opened.on("console", lambda message: opened.problems.append(message.text) if message.type == "error" else None)
    opened.set_default_timeout(10_000)
    yield opened
    assert opened.problems == []
    context.close()


def test_events_facets_sort_and_download(page):
    from playwright.sync_api import expect

    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Events").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Events")
    expect(page.locator("p.total")).to_have_text(f"Events 1–{BUSY + 4} of {BUSY + 4}")

    page.locator("section.facet").filter(has_text="Weapon or item").get_by_role("link", name="S-400").click()
    assert "item=weapon%3As-400" in page.url
    expect(page.locator("table.events tbody tr")).to_have_count(2)
    page.get_by_role("navigation", name="Sort").get_by_role("link", name="newest").click()
    expect(page.locator("table.events tbody tr").first).to_contain_text("Russia has begun delivering")
    assert re.search(r"sort=-date", page.url)

    with page.expect_download() as waiting:
        page.get_by_role("link", name="CSV").click()
    download = waiting.value
    assert download.suggested_filename == "events.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert [(r["date"], r["actors"]) for r in rows] == [("2021-12-05", "Russia"), ("2017-07-02", "Turkey")]

    page.locator("section.facet").filter(has_text="Weapon or item").get_by_role("link", name="any weapon or item").click()
    expect(page.locator("p.total")).to_have_text(f"Events 1–{BUSY + 4} of {BUSY + 4}")


def test_a_bar_of_the_overview_opens_its_events(page):
    from playwright.sync_api import expect

    page.goto("/events")
    expect(page.locator("figure.overview figcaption")).to_contain_text("one bar a year")  # 2017 to 2022
    page.get_by_label("Since").fill("2021-01-01")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("figure.overview figcaption")).to_contain_text("one bar a month")
    bar = page.locator("figure.overview a.bar").filter(has=page.locator("title", has_text="2022-02"))
    expect(bar).to_have_count(1)
    bar.click()
    assert "since=2022-02-01" in page.url and "until=2022-02-28" in page.url
    expect(page.get_by_label("Since")).to_have_value("2022-02-01")
    expect(page.locator("p.total")).to_have_text(f"Events 1–{BUSY + 1} of {BUSY + 1}")


def test_a_numbered_mark_on_the_timeline_opens_the_events_of_that_day(page):
    from playwright.sync_api import expect

    page.goto("/entity/country:FRA")
    numbered = page.locator("figure.timeline a.bin")
    expect(numbered).to_have_count(1)
    expect(numbered.locator("text.bin-count")).to_have_text(str(BUSY + 1))
    numbered.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Events")
    expect(page.locator("table.events tbody tr")).to_have_count(BUSY + 1)


def test_transfers_sort_by_a_column_and_follow_a_record_to_its_evidence(page):
    from playwright.sync_api import expect

    page.goto("/transfers")
    rows = page.locator("table.transfers tbody tr")
    expect(rows).to_have_count(3)
    page.get_by_role("link", name="Quantity").click()
    expect(rows.first).to_contain_text("Egypt")
    page.get_by_role("link", name=re.compile("^Recipient")).click()
    page.get_by_role("link", name=re.compile("^Recipient")).click()  # again: descending
    expect(rows.first).to_contain_text("Turkey")
    india = rows.filter(has_text="India")
    india.locator("summary").click()
    india.get_by_role("link", name="india-s400").click()
    assert page.url.endswith(f"/article/{KEYS['india-s400']}#v1")
    expect(page.locator("#v1")).to_be_visible()
    expect(page.locator("#v1")).to_contain_text("Russia has begun delivering")


def test_articles_by_outlet(page):
    from playwright.sync_api import expect

    page.goto("/articles")
    page.locator("section.facet").filter(has_text="Outlet").get_by_role("link", name="reuters.com").click()
    expect(page.locator("table.articles tbody tr")).to_have_count(2)
    page.get_by_role("navigation", name="Sort").get_by_role("link", name="most events").click()
    expect(page.locator("table.articles tbody tr").first).to_contain_text("Egypt orders Rafale jets")
    page.locator("table.articles tbody tr").first.get_by_role("link", name="Egypt orders Rafale jets").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Egypt orders Rafale jets")
