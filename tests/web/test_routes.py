"""The web app's pages through Starlette's TestClient, over a ledger built by the real pipeline."""

from __future__ import annotations

import hashlib
import html
import re
import shutil

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from newsledger.web import create_app
from newsledger.web.cli import serve
from tests.web.conftest import BRIEFING, CAVUSOGLU, KEYS, LOPEZ, form_token


@pytest.fixture(scope="module")
def client(ledger_copy):
    with TestClient(create_app(ledger_copy)) as test_client:
        yield test_client


@pytest.fixture
def writable_client(built_ledger, tmp_path):
    """An app over a ledger of its own, for tests that add to it."""
    db = tmp_path / "own.db"
    shutil.copyfile(built_ledger, db)
    with TestClient(create_app(db, max_upload_bytes=2_000), follow_redirects=False) as test_client:
        yield test_client


def article_text(html: str) -> str:
    return re.search(r'<div class="article-text">(.*?)</div>', html, re.DOTALL).group(1)


# Search


def test_search_finds_the_statement_with_links_to_speaker_and_evidence(client):
    page = client.get("/", params={"q": "talks"})
    assert page.status_code == 200
    assert "that the talks had ended" in page.text
    assert "Statements 1–1 of 1" in page.text
    assert f'href="/article/{KEYS["talks"]}#s1"' in page.text
    assert re.search(r'<a class="who" href="/entity/[^"]+">Ana Lopez</a>', page.text)


@pytest.mark.parametrize(
    "params, found, missing",
    [
        ({"speaker": "cavusoglu"}, ["We tested the S-400"], ["the talks had ended"]),
        ({"since": "2019-11-25", "until": "2019-11-30"}, ["We tested the S-400"], ["the talks had ended", "Point 1 stands"]),
        ({"q": '"S-400"', "speaker": "Cavusoglu"}, ["Turkey bought the S-400"], ["Point 1"]),
    ],
)
def test_search_filters(client, params, found, missing):
    page = client.get("/", params=params)
    assert page.status_code == 200
    for text in found:
        assert text in page.text
    for text in missing:
        assert text not in page.text


def test_paging_twenty_a_page_with_next_and_previous(client):
    total = BRIEFING.count("Point") + LOPEZ.count("\n\n") + 1  # the briefing and the talks article
    first = client.get("/", params={"speaker": "Lopez"})
    assert f"Statements 1–20 of {total}" in first.text
    assert first.text.count('<li class="statement">') == 20
    assert 'rel="next" href="/?page=2&amp;speaker=Lopez"' in first.text
    assert 'rel="prev"' not in first.text
    second = client.get("/", params={"speaker": "Lopez", "page": 2})
    assert f"Statements 21–{total} of {total}" in second.text
    assert second.text.count('<li class="statement">') == total - 20
    assert 'rel="prev" href="/?page=1&amp;speaker=Lopez"' in second.text
    assert 'rel="next"' not in second.text


@pytest.mark.parametrize(
    "params, message",
    [
        ({"q": '"unbalanced'}, "invalid full-text query"),
        ({"since": "2019-13-01"}, "since: &#39;2019-13-01&#39; is not a date in YYYY-MM-DD form"),
    ],
)
def test_bad_search_says_what_is_wrong(client, params, message):
    page = client.get("/", params=params)
    assert page.status_code == 400
    assert message in page.text


def test_reported_by_several_articles(ledger_copy):
    from newsledger.ledger import StoredStatement
    from newsledger.records import Content, Span, Statement
    from newsledger.web.app import _templates

    statement = Statement("s1", None, None, Span(0, 4, "said"), Content(5, 9, "text"), "indirect")
    row = StoredStatement("k" * 64, "a", "src", "T", "2020-01-01", None, statement, speaker_id="country:USA", group_size=3)
    macro = _templates().get_template("_macros.html").module.statement_row
    assert "reported by 3 articles" in str(macro(row))
    single = StoredStatement("k" * 64, "a", "src", "T", "2020-01-01", None, statement, speaker_id=None, group_size=1)
    assert "reported by" not in str(macro(single))


# Entities and the timeline


def test_speaker_page_titles_statements_oldest_first(client):
    page = client.get("/entity/person:ana-lopez")
    assert page.status_code == 200
    assert "<h1>Ana Lopez</h1>" in page.text
    assert "Foreign Minister" in page.text
    assert page.text.index("that the talks had ended") < page.text.index("Point 1 stands") < page.text.index("Point 2 stands")


def test_weapon_timeline_marks_link_to_event_evidence(client):
    page = client.get("/entity/weapon:s-400")
    assert page.status_code == 200
    svg = re.search(r"<svg.*?</svg>", page.text, re.DOTALL).group(0)
    marks = re.findall(r'<a href="(/article/[0-9a-f]{64}#v\d+)" class="mark">\s*<circle class="m-(\w+)"', svg)
    assert marks == [(f"/article/{KEYS['s400']}#v1", "asserted"), (f"/article/{KEYS['s400']}#v2", "asserted")]
    # The accessible table lists the same events, a row each, up to the item in "what" (the
    # recipient phrase is left out), with the link to the evidence.
    body = re.search(r'<table class="events">.*?<tbody>(.*?)</tbody>', page.text, re.DOTALL).group(1)
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.DOTALL):
        cells = [html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.DOTALL)]
        when, what, modality, evidence = cells
        rows.append((when, what[: what.index("S-400") + 5], modality, evidence, re.search(r'<a href="([^"]+)">', row).group(1)))
    bought, tested = CAVUSOGLU.split("\n\n")
    assert rows == [
        ("2019 (2019)", "Turkey purchase S-400", "asserted", f"Turkey tests the S-400: {bought}", f"/article/{KEYS['s400']}#v1"),
        ("2019-W47 (last week)", "Mevlut Cavusoglu test S-400", "asserted", f"Turkey tests the S-400: {tested.strip()}", f"/article/{KEYS['s400']}#v2"),
    ]


def test_unknown_entity_is_404(client):
    page = client.get("/entity/person:nobody")
    assert page.status_code == 404
    assert "No entity with id &#39;person:nobody&#39;" in page.text


def test_entities_list(client):
    page = client.get("/entities", params={"q": "S-400"})
    assert 'href="/entity/weapon:s-400"' in page.text


# Articles


def test_article_page_highlights_speakers_cues_contents_and_events(client):
    page = client.get(f"/article/{KEYS['s400']}")
    assert page.status_code == 200
    text = article_text(page.text)
    for css in ("speaker", "cue", "content", "event"):
        assert f'class="{css}"' in text
    assert re.search(r'<span class="content" id="s1"[^>]*>Turkey bought', text)
    assert re.search(r'<span class="content" id="s2"[^>]*>We tested', text)
    assert 'id="v1"' in text and 'id="v2"' in text


def test_article_text_and_title_are_escaped(client):
    page = client.get(f"/article/{KEYS['hostile']}")
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article_text(page.text)
    assert "&lt;img src=x onerror=alert(1)&gt;" in article_text(page.text)
    assert "<h1>&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;</h1>" in page.text
    assert "script-src" not in page.headers["content-security-policy"]  # default-src 'self' covers it
    assert page.headers["content-security-policy"].startswith("default-src 'self'")


@pytest.mark.parametrize("key", ["0" * 64, "not-a-key", KEYS["talks"].upper()])
def test_unknown_article_is_404(client, key):
    assert client.get(f"/article/{key}").status_code == 404


# The database: missing, foreign, never written by reading


def test_missing_database_says_how_to_create_one(tmp_path):
    db = tmp_path / "none.db"
    page = TestClient(create_app(db)).get("/")
    assert page.status_code == 503
    assert "No ledger yet" in page.text
    assert f"newsledger ingest PATH --db {db}" in page.text
    assert not db.exists()


def test_foreign_file_is_refused_with_the_ledgers_message(tmp_path):
    db = tmp_path / "notes.db"
    db.write_text("shopping list")
    page = TestClient(create_app(db)).get("/")
    assert page.status_code == 503
    assert "is not a newsledger database" in page.text
    assert db.read_text() == "shopping list"


@pytest.mark.parametrize("path", ["/", f"/article/{KEYS['talks']}", "/entity/country:USA", "/static/style.css"])
def test_only_the_ingest_page_takes_posts(client, path):
    assert client.post(path, data={"text": "x"}).status_code == 405


def test_reading_pages_never_write_the_database(ledger_copy, client):
    before = (hashlib.sha256(ledger_copy.read_bytes()).hexdigest(), ledger_copy.stat().st_mtime_ns)
    for path in ["/", "/?q=talks", "/?q=%22bad", f"/article/{KEYS['s400']}", "/entity/weapon:s-400", "/entities", "/ingest"]:
        client.get(path)
    after = (hashlib.sha256(ledger_copy.read_bytes()).hexdigest(), ledger_copy.stat().st_mtime_ns)
    assert after == before


# Ingest


def test_pasted_article_is_stored_and_shown(writable_client):
    text = 'Navy chief Sam Reed said that the fleet was ready to sail.\n'
    posted = writable_client.post("/ingest", data={"text": text, "title": "Fleet", "published": "2020-02-03", "token": form_token(writable_client)})
    assert posted.status_code == 303
    location = posted.headers["location"]
    assert re.fullmatch(r"/article/[0-9a-f]{64}\?ingested=new", location)
    page = writable_client.get(location)
    assert "Added to the ledger." in page.text and "<h1>Fleet</h1>" in page.text
    assert re.search(r'<span class="content" id="s1"[^>]*>that the fleet was ready to sail', page.text)
    again = writable_client.post("/ingest", data={"text": text, "token": form_token(writable_client)})
    assert again.headers["location"].endswith("?ingested=duplicate")


def test_uploaded_jsonl_lists_what_was_stored_and_each_bad_line(writable_client):
    lines = '{"id": "u1", "text": "Navy chief Sam Reed said that the fleet was ready."}\n{"id": 2\n'
    page = writable_client.post("/ingest", data={"token": form_token(writable_client)}, files={"file": ("batch.jsonl", lines.encode(), "application/json")})
    assert page.status_code == 200
    assert "u1</a>: 1 statements" in page.text
    assert "upload:batch.jsonl:2: not valid JSON" in page.text
    assert "newsledger-upload-" not in page.text  # the temporary copy is never named


@pytest.mark.parametrize(
    "data, files, message",
    [
        ({"text": "  "}, None, "Paste an article&#39;s text or choose a file to upload."),
        ({"text": "Reed said so.", "published": "2020-13-45"}, None, "published date: &#39;2020-13-45&#39; is not a date in YYYY-MM-DD form"),
        ({}, {"file": ("report.pdf", b"%PDF-1.4", "application/pdf")}, "report.pdf: is not a kind of file the web app reads; upload a .txt"),
        ({}, {"file": ("empty.txt", b"   ", "text/plain")}, "upload:empty.txt: is empty"),
    ],
)
def test_ingest_problems_are_one_line_on_the_page(writable_client, data, files, message):
    page = writable_client.post("/ingest", data={**data, "token": form_token(writable_client)}, files=files)
    assert page.status_code == 400
    assert message in page.text


@pytest.mark.parametrize("size", [2_001, 200_000])
def test_upload_over_the_limit_is_413_with_the_limit_and_what_to_do(writable_client, size):
    page = writable_client.post("/ingest", data={"token": form_token(writable_client)}, files={"file": ("big.txt", b"a" * size, "text/plain")})
    assert page.status_code == 413
    assert "the limit is 2 kB (2,000 bytes)" in page.text
    assert "Split it into smaller files, or add it from the command line: newsledger ingest FILE --db" in page.text


def test_pasted_text_over_the_limit_is_413(writable_client):
    page = writable_client.post("/ingest", data={"text": "b" * 2_001, "token": form_token(writable_client)})
    assert page.status_code == 413


# The command


def test_serve_binds_loopback_unless_told(monkeypatch, tmp_path):
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.append(options))
    runner = CliRunner()
    result = runner.invoke(serve, ["--db", str(tmp_path / "x.db")])
    assert result.exit_code == 0, result.output
    assert calls == [{"host": "127.0.0.1", "port": 8000, "log_level": "warning"}]
    assert "no ledger at" in result.stderr
    runner.invoke(serve, ["--db", str(tmp_path / "x.db"), "--host", "0.0.0.0", "--port", "9000"])
    assert calls[-1]["host"] == "0.0.0.0" and calls[-1]["port"] == 9000
    assert "--host" in runner.invoke(serve, ["--help"]).output


def test_serve_answers_to_the_names_given_with_allow_host(monkeypatch, tmp_path):
    import uvicorn

    apps = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: apps.append(app))
    runner = CliRunner()
    result = runner.invoke(serve, ["--db", str(tmp_path / "x.db"), "--allow-host", "news.lan", "--allow-host", "proxy.lan:8443"])
    assert result.exit_code == 0, result.output
    with TestClient(apps[0]) as client:
        assert client.get("/", headers={"Host": "news.lan"}).status_code == 503  # answered: no ledger yet
        assert client.get("/", headers={"Host": "proxy.lan:8443"}).status_code == 503
        assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    refused = runner.invoke(serve, ["--db", str(tmp_path / "x.db"), "--allow-host", "::1"])
    assert refused.exit_code == 2
    assert "'::1' is not a host name; give a name such as news.example.org or news.example.org:8080" in refused.output
    assert "--allow-host NAME" in runner.invoke(serve, ["--help"]).output


def test_serve_workers_share_one_form_key(monkeypatch, tmp_path):
    import uvicorn

    from newsledger.web import cli

    monkeypatch.setattr(uvicorn, "run", lambda app, **options: None)
    for name in (cli.DB_VARIABLE, cli.HOSTS_VARIABLE, cli.KEY_VARIABLE):
        monkeypatch.setenv(name, "")  # so that what serve sets is undone after the test
        monkeypatch.delenv(name)
    result = CliRunner().invoke(serve, ["--db", str(tmp_path / "x.db"), "--workers", "2", "--allow-host", "news.lan"])
    assert result.exit_code == 0, result.output
    one, other = cli.app_from_environment(), cli.app_from_environment()  # two server processes
    assert other.state.form_tokens.valid(one.state.form_tokens.issue())
    with TestClient(one) as client:
        assert client.get("/", headers={"Host": "news.lan"}).status_code == 503


@pytest.mark.parametrize(
    "speaker_id, entity_name, written, expected",
    [
        ("country:USA", "United States", "Washington", ("United States", "/entity/country:USA", "Washington")),
        (None, None, "A spokesman", ("A spokesman", "/?speaker=A+spokesman", None)),
        ("person:mike-pompeo", "Mike Pompeo", "Mike Pompeo", ("Mike Pompeo", "/entity/person:mike-pompeo", None)),
        (None, None, None, ("unknown speaker", None, None)),
    ],
)
def test_speaker_links_go_to_the_entity_page_else_to_a_search(speaker_id, entity_name, written, expected):
    from newsledger.ledger import StoredStatement
    from newsledger.records import Content, EntityRef, Span, Statement
    from newsledger.web.app import speaker_of

    entity = EntityRef(speaker_id or "e1", entity_name, "person") if entity_name else None
    speaker = Span(0, len(written), written) if written else None
    statement = Statement("s1", speaker, entity, Span(0, 4, "said"), Content(5, 9, "text"), "indirect")
    row = StoredStatement("k" * 64, "a", "src", None, None, None, statement, speaker_id=speaker_id)
    assert speaker_of(row) == expected


def test_a_count_past_the_bound_reads_plus_and_pages_stop_there(client, monkeypatch):
    """The search page counts at most COUNTED matches (so a page costs the same in any ledger):
    past it, the total reads "N+" and the pages run through the first N."""
    from newsledger.web import routes

    total = BRIEFING.count("Point") + LOPEZ.count("\n\n") + 1
    monkeypatch.setattr(routes, "COUNTED", 21)
    first = client.get("/", params={"speaker": "Lopez"})
    assert "Statements 1–20 of 21+" in first.text and "Page 1 of 2" in first.text
    assert total == 25  # so the bound is passed
    last = client.get("/", params={"speaker": "Lopez", "page": 99})
    assert "Statements 21–25 of 21+" in last.text and 'rel="next"' not in last.text
    monkeypatch.setattr(routes, "COUNTED", total)
    assert f"Statements 1–20 of {total}<" in client.get("/", params={"speaker": "Lopez"}).text.replace("\n", "")


def test_an_entity_page_charts_its_first_events_and_says_where_the_rest_are(client, monkeypatch):
    from newsledger.web import routes

    everything = client.get("/entity/weapon:s-400").text
    assert "the command line gives them all" not in everything
    monkeypatch.setattr(routes, "ENTITY_EVENTS", 1)
    page = client.get("/entity/weapon:s-400")
    assert page.status_code == 200
    assert "The first 1 events, oldest first; the command line gives them all: <code>newsledger timeline weapon:s-400</code>" in page.text
    assert page.text.count('class="mark"') == 1 < everything.count('class="mark"')
