"""In Chromium (Playwright, Debian's /usr/bin/chromium): hostile text in the ledger, in query
strings and in the ingest form opens no dialog and puts no element of its own in the page.

Skipped when Playwright or Chromium is missing, except in CI (see test_browser.py)."""

from __future__ import annotations

from urllib.parse import quote, urlencode

import pytest

from newsledger.ledger import article_key
from newsledger.web import create_app
from tests.web.conftest import served
from tests.web.test_browser import CHROMIUM, MISSING
from tests.web.test_hostile import HOSTILE_RECORDS, JS_URL, XSS, build_hostile_ledger

pytestmark = [pytest.mark.browser, pytest.mark.skipif(MISSING is not None, reason=MISSING or "")]

# Everything in a page that script could come from: inline or foreign scripts, elements the
# templates never use, event-handler attributes, javascript: URLs. The app's own app.js is allowed.
INJECTED = """() => {
  const found = [];
  for (const el of document.querySelectorAll("*")) {
    const tag = el.tagName.toLowerCase();
    if (tag === "script" && el.getAttribute("src") !== "/static/app.js") found.push("script");
    if (["img", "iframe", "object", "embed", "base", "style", "foreignobject", "math"].includes(tag)) found.push(tag);
    for (const attr of el.attributes) {
      const value = attr.value.replace(/[\\u0000-\\u0020]/g, "").toLowerCase();
      if (attr.name.startsWith("on") || attr.name === "autofocus") found.push(tag + "[" + attr.name + "]");
      if (["href", "src", "action", "formaction", "xlink:href"].includes(attr.name) && value.startsWith("javascript:")) found.push(tag + "[" + attr.name + "=javascript:]");
    }
  }
  return found;
}"""


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    db = build_hostile_ledger(tmp_path_factory.mktemp("hostile-browser") / "hostile.db")
    with served(create_app(db)) as port:
        yield f"http://127.0.0.1:{port}"

def test_hostile_pages_run_nothing_and_inject_nothing(base_url):
    from playwright.sync_api import expect, sync_playwright

    pages = ["/", "/entities", "/?" + urlencode({"speaker": XSS[0]})]
    pages += [f"/article/{article_key(r.article.text)}" for r in HOSTILE_RECORDS]
    pages += ["/?" + urlencode({"q": p, "speaker": p, "since": p}) for p in XSS]
    pages += ["/entities?" + urlencode({"q": p, "type": p}) for p in XSS]
    pages += ["/entity/" + quote(f"{prefix}:{p}", safe=":") for p in XSS for prefix in ("country", "gov")] + ["/entity/" + quote(p, safe="") for p in XSS]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        context = browser.new_context(base_url=base_url)
        page = context.new_page()
        page.set_default_timeout(10_000)
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        try:
            for path in pages:
                response = page.goto(path)
                assert response.status in (200, 400, 404), path
                page.wait_for_load_state("load")
                page.mouse.move(200, 200)  # hover over whatever a payload may have put there
                page.keyboard.press("Tab")  # and move the focus, for onfocus
                assert page.evaluate(INJECTED) == [], path
            # the text itself is shown, as text
            page.goto(f"/article/{article_key(HOSTILE_RECORDS[0].article.text)}")
            expect(page.get_by_role("heading", level=1)).to_have_text(XSS[0])
            assert page.locator("a", has_text="original").count() == 0  # the javascript: URL is no link

            # and what the ingest form is given
            page.goto("/ingest")
            page.get_by_label("Title").fill(XSS[3])
            page.get_by_label("Article text").fill(f"Navy chief Sam Reed said that {XSS[1]} and {XSS[2]} were jokes.\n")
            page.get_by_role("button", name="Add to the ledger").click()
            expect(page.get_by_role("heading", level=1)).to_have_text(XSS[3])
            expect(page.locator(".article-text")).to_contain_text(XSS[1])
            assert page.evaluate(INJECTED) == []
            page.goto("/ingest")
            page.get_by_label("Title").fill(XSS[4])
            page.get_by_label("Published").evaluate("(el, v) => { el.type = 'text'; el.value = v; }", XSS[5])
            page.get_by_label("Article text").fill(XSS[8])
            page.get_by_role("button", name="Add to the ledger").click()
            expect(page.get_by_role("alert").first).to_contain_text("is not a date in YYYY-MM-DD form")
            expect(page.get_by_label("Article text")).to_have_value(XSS[8])
            page.keyboard.press("Tab")
            assert page.evaluate(INJECTED) == []
            page.wait_for_timeout(300)  # time for anything deferred to fire
            assert dialogs == []
            assert JS_URL not in page.content()
        finally:
            context.close()
            browser.close()


def test_another_sites_page_can_neither_send_the_form_nor_read_the_app(tmp_path):
    """Issue 25, in the browser: a page of another origin that posts the form (its own or a
    sandboxed one, which sends Origin: null) gets 403, and a name resolved to 127.0.0.1 (DNS
    rebinding, simulated with Chromium's host resolver rules) gets 400; the ledger is unchanged."""
    import hashlib

    from playwright.sync_api import sync_playwright
    from starlette.applications import Starlette
    from starlette.routing import Route

    db = build_hostile_ledger(tmp_path / "target.db")
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    with served(create_app(db)) as port:
        target = f"http://127.0.0.1:{port}/ingest"
        form = f'<form method="post" action="{target}"><textarea name="text">Navy chief Sam Reed said that it was forged.</textarea><button>Send</button></form>'
        pages = {
            "/": form,
            "/sandboxed": f'<iframe sandbox="allow-forms" srcdoc="{form.replace(chr(34), "&quot;")}"></iframe>',
        }
        evil = Starlette(routes=[Route(path, _page_of(body)) for path, body in pages.items()])
        with served(evil) as evil_port, sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=["--host-resolver-rules=MAP evil.example 127.0.0.1"]
            )
            try:
                page = browser.new_page()
                page.set_default_timeout(10_000)
                with page.expect_response(target) as answer:
                    page.goto(f"http://127.0.0.1:{evil_port}/")
                    page.get_by_role("button", name="Send").click()
                assert answer.value.status == 403
                page.goto(f"http://127.0.0.1:{evil_port}/sandboxed")
                with page.expect_response(target) as answer:
                    page.frame_locator("iframe").get_by_role("button", name="Send").click()
                assert answer.value.status == 403
                rebound = page.goto(f"http://evil.example:{port}/")
                assert rebound.status == 400
                assert "does not answer to the name" in page.content()
            finally:
                browser.close()
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def _page_of(body: str):
    from starlette.responses import HTMLResponse

    def endpoint(request):
        return HTMLResponse(body)

    return endpoint
