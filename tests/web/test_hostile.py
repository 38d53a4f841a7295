"""Hostile input to the web app: script in what the ledger holds and in what a request carries,
SQL in every parameter and form field, paths that climb out of their folder, oversized bodies,
and where the server listens. Every page must come back inert, normal, and never as a 500."""

from __future__ import annotations

import hashlib
import html
import http.client
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from starlette.testclient import TestClient

from newsledger.ledger import Ledger, article_key
from newsledger.records import Article, ArticleRecord, Content, Entity, EntityRef, Event, EventArg, EventItem, EventTime, Span, Statement
from newsledger.web import create_app
from conftest import overwrite_table_root
from tests.web.conftest import form_token, served

REPO = Path(__file__).resolve().parents[2]
LIMIT = 2_000  # max_upload_bytes of the apps here

# Each payload carries its own marker, so a test can tell which one got through.
XSS = [
    '<script>alert("xss-script")</script>',
    '<img src=x onerror=alert("xss-img")>',
    '<svg onload=alert("xss-svg")><circle r=9 onmouseover=alert(1) /></svg>',
    '"><script>alert("xss-attr")</script>',
    "' onmouseover='alert(\"xss-quote\")' x='",
    '" autofocus onfocus="alert(\'xss-focus\')',
    '<a href="javascript:alert(\'xss-link\')">click</a>',
    '<iframe src="javascript:alert(\'xss-frame\')"></iframe>',
    "</textarea><script>alert('xss-textarea')</script>",
    "</title><svg><script>alert('xss-svg-script')</script></svg>",
]
JS_URL = "javascript:alert('xss-url')"


# A ledger whose every text field is hostile: written with Ledger.add, as ingest writes it.


def _hostile_record(n: int, payload: str) -> ArticleRecord:
    speaker = f"Minister {payload}"
    said = f"the deal {payload} was off"
    text = f"{speaker} said that {said}.\n\n{payload} appeared on the ministry's page on day {n}.\n"
    s_start = text.index(speaker)
    c_start = text.index(said)
    cue = text.index(" said ") + 1
    person = Entity(
        "e1", speaker, "person", aliases=(payload, f"Mr {payload}"), title=payload, affiliation=payload,
        mentions=((s_start, s_start + len(speaker)),),
    )
    foreign = EntityRef(f"country:{payload}", payload, "government")  # a knowledge-base id, kept as it is
    evidence = Span(0, len(text.split("\n")[0]), text.split("\n")[0])
    event = Event(
        "v1", "TRANSFER", payload, None, actors=(EventArg("e1", speaker),), recipients=(EventArg(f"country:{payload}", payload),),
        item=EventItem(f"weapon:{payload}", payload, 4), location=EventArg(f"loc:{payload}", payload),
        time=EventTime(payload, "2020-01-0" + str(1 + n % 9)), modality="asserted", evidence=evidence,
    )
    return ArticleRecord(
        article=Article(f"hostile-{n}-{payload}", text, f"wire/{payload}.txt", payload, f"2020-01-0{1 + n % 9}", JS_URL),
        statements=(
            Statement("s1", Span(s_start, s_start + len(speaker), speaker), person.ref(), Span(cue, cue + 4, "said"),
                      Content(c_start, c_start + len(said), said), "indirect"),
            Statement("s2", None, foreign, Span(cue, cue + 4, "said"), Content(c_start, c_start + len(said), said), "mixed"),
        ),
        entities=(person,),
        events=(event,),
    )


HOSTILE_RECORDS = [_hostile_record(n, payload) for n, payload in enumerate(XSS)]


def build_hostile_ledger(path: Path) -> Path:
    with Ledger.open(path) as ledger:
        for record in HOSTILE_RECORDS:
            assert ledger.add(record)
    return path


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory) -> Path:
    return build_hostile_ledger(tmp_path_factory.mktemp("hostile") / "hostile.db")


@pytest.fixture(scope="module")
def client(hostile_db):
    with TestClient(create_app(hostile_db, max_upload_bytes=LIMIT), raise_server_exceptions=False, follow_redirects=False) as c:
        yield c


@pytest.fixture
def own_db(hostile_db, tmp_path) -> Path:
    db = tmp_path / "own.db"
    shutil.copyfile(hostile_db, db)
    return db


@pytest.fixture
def writable_client(own_db):
    with TestClient(create_app(own_db, max_upload_bytes=LIMIT), raise_server_exceptions=False, follow_redirects=False) as c:
        yield c


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# What "inert" means, checked by parsing the page as a browser's tokenizer would.


class _Executable(HTMLParser):
    """Collects every construct in a page that could run script, and the page's visible text."""

    URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "background", "poster"}
    NEVER = {"iframe", "frame", "object", "embed", "img", "image", "base", "style", "foreignobject", "applet", "math"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        shown = f"<{tag} {attrs}>"
        if tag == "script" and attrs != [("src", "/static/app.js"), ("defer", None)]:
            self.found.append(shown)
        if tag in self.NEVER:
            self.found.append(shown)
        if tag == "meta" and any(name == "http-equiv" for name, _ in attrs):
            self.found.append(shown)
        for name, value in attrs:
            if name.startswith("on") or name in {"autofocus", "formaction", "srcdoc"}:
                self.found.append(shown)
            if name in self.URL_ATTRIBUTES and value is not None:
                url = re.sub(r"[\x00-\x20]", "", value).lower()
                if url.startswith(("javascript:", "vbscript:")) or (url.startswith("data:") and (tag, value) != ("link", "data:,")):
                    self.found.append(shown)

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)


def executable_forms(page: str) -> list[str]:
    parser = _Executable()
    parser.feed(page)
    parser.close()
    return parser.found


def visible_text(page: str) -> str:
    parser = _Executable()
    parser.feed(page)
    parser.close()
    return "".join(parser.text)


def assert_inert(page: str, shown: list[str] = ()) -> None:
    assert executable_forms(page) == []
    for payload in XSS + [JS_URL]:
        assert payload not in page  # never written out raw
    text = visible_text(page)
    for payload in shown:
        assert payload in text  # shown as text, not dropped


def test_the_checker_catches_what_it_must():
    for payload in XSS:
        assert executable_forms(f"<p>{payload}</p>") or executable_forms(f'<input value="{payload}">') or executable_forms(
            f"<input value='{payload}'>"
        ), payload
    assert executable_forms(f'<a href=" {JS_URL}">x</a>')
    assert executable_forms(html.escape(XSS[0])) == []


# Script in what the ledger holds


def test_every_page_over_a_hostile_ledger_is_inert(client):
    pages = {"/": [], "/entities": [], "/?page=2": [], "/events": [], "/transfers": [], "/articles": []}
    for record in HOSTILE_RECORDS:
        payload = record.article.title
        pages[f"/article/{article_key(record.article.text)}"] = [payload, record.article.text.split("\n")[0]]
        pages["/entity/" + "person:minister-" + re.sub(r"[^a-z0-9]+", "-", payload.casefold()).strip("-")] = []
    with Ledger.open(client.app.state.db, readonly=True) as ledger:
        for entity in ledger.entities(limit=None):
            pages[f"/entity/{entity.id}"] = [entity.name]
    checked = 0
    for path, shown in pages.items():
        page = client.get(path)
        if page.status_code == 404 and path.startswith("/entity/person:minister-"):
            continue  # the guessed slug; the ledger's own ids are checked too
        assert page.status_code == 200, path
        assert_inert(page.text, shown)
        checked += 1
    assert checked >= 2 * len(HOSTILE_RECORDS) + 3


def test_the_search_page_shows_hostile_speakers_and_titles_as_text(client):
    page = client.get("/")
    assert page.status_code == 200
    assert_inert(page.text, [r.article.title for r in HOSTILE_RECORDS[:PAGE_ONE]])
    assert f"Minister {XSS[0]}" in visible_text(page.text)


PAGE_ONE = 10  # statements on the first page are by date; the first ten records fill it


def test_a_javascript_url_in_an_article_is_never_a_link(client):
    page = client.get(f"/article/{article_key(HOSTILE_RECORDS[0].article.text)}")
    assert ">original</a>" not in page.text
    assert "javascript:" not in page.text.lower().replace("javascript:alert(&#39;xss-link", "")


# Script in what a request carries


@pytest.mark.parametrize("payload", XSS + [JS_URL])
@pytest.mark.parametrize(
    "path, params",
    [
        ("/", ["q"]),
        ("/", ["speaker", "entity"]),
        ("/", ["since"]),
        ("/", ["until", "page"]),
        ("/entities", ["q", "type"]),
        ("/entities", ["sort", "page"]),
        ("/events", ["type", "actor", "recipient", "item"]),
        ("/events", ["modality", "outlet", "entity", "year", "sort"]),
        ("/events", ["since"]),
        ("/transfers", ["supplier", "recipient", "system", "status", "year", "sort", "order"]),
        ("/articles", ["outlet", "year", "sort"]),
        ("/articles", ["until"]),
        ("/article/", None),
        ("/entity/", None),
    ],
)
def test_query_strings_and_paths_are_reflected_inert(client, path, params, payload):
    if params is None:
        page = client.get(path + quote(payload, safe=""))
        assert page.status_code == 404
    else:
        page = client.get(path, params={name: payload for name in params})
        assert page.status_code in (200, 400)
    assert_inert(page.text)


@pytest.mark.parametrize("payload", XSS)
def test_the_ingest_form_reflects_what_it_refuses_inert(writable_client, payload):
    # a bad date is refused and every field is put back in the form
    page = writable_client.post("/ingest", data={"title": payload, "published": payload, "text": payload, "token": form_token(writable_client)})
    assert page.status_code == 400
    assert_inert(page.text, [payload])
    assert html.unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", page.text, re.DOTALL).group(1)) == payload


def test_a_hostile_upload_is_listed_inert(writable_client):
    lines = "".join(json.dumps({"id": f"u{n}", "title": p, "text": f"Navy chief Sam Reed said that {p} was a joke."}) + "\n" for n, p in enumerate(XSS))
    page = writable_client.post(
        "/ingest", data={"token": form_token(writable_client)}, files={"file": ('"><svg onload=alert(1)>.jsonl', lines.encode(), "application/json")}
    )
    assert page.status_code == 200
    assert_inert(page.text, XSS)


# SQL in every parameter and form field

SQL = [
    "' OR '1'='1",
    "' OR 1=1 --",
    '" OR ""="',
    "'; DROP TABLE statements; --",
    "1; DELETE FROM articles",
    "x') UNION SELECT name, sql, 1, 1 FROM sqlite_master --",
    "%' OR '%'='",
    "1' AND (SELECT count(*) FROM articles) > 0 --",
    "'; ATTACH DATABASE '/tmp/pwned.db' AS pwned; CREATE TABLE pwned.t(x); --",
    "content_text : *",
    "\x00' OR 1=1",
    "9223372036854775808",
    "-1 OR 1=1",
]


def test_sql_in_every_query_parameter_changes_nothing(client, hostile_db):
    before = file_hash(hostile_db)
    statuses = {}
    for payload in SQL:
        for path, names in [
            ("/", ["q", "speaker", "entity", "since", "until", "page", "ingested"]), ("/entities", ["q", "type", "sort", "page"]),
            ("/events", ["type", "actor", "recipient", "item", "entity", "modality", "outlet", "since", "until", "year", "sort", "page"]),
            ("/events.csv", ["actor", "type"]), ("/transfers", ["supplier", "system", "year", "sort"]),
            ("/articles", ["outlet", "since", "year", "sort", "page"]), ("/articles.json", ["outlet"]),
        ]:
            for name in names:
                page = client.get(path, params={name: payload})
                statuses[(path, name, payload)] = page.status_code
                assert page.status_code in (200, 400), (path, name, payload, page.text[-300:])
        for path in ("/article/", "/entity/"):
            page = client.get(path + quote(payload, safe=""))
            assert page.status_code == 404, (path, payload)
    assert file_hash(hostile_db) == before
    assert not Path("/tmp/pwned.db").exists()
    # A tautology matches nothing: the value is compared as data, never read as SQL.
    assert "No statements match." in client.get("/", params={"speaker": "' OR '1'='1"}).text
    assert "No statements match." in client.get("/", params={"entity": "' OR 1=1 --"}).text
    assert "Nothing found." in client.get("/entities", params={"q": "%' OR '%'='"}).text
    assert "Nothing found." in client.get("/entities", params={"type": "' OR 1=1 --"}).text
    assert statuses[("/", "page", "9223372036854775808")] == 200


def _tables(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        names = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts_%'")]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        conn.close()


def test_sql_in_the_form_fields_is_stored_as_text(writable_client, own_db):
    before = _tables(own_db)
    for n, payload in enumerate(SQL[:9]):
        text = f"Navy chief Sam Reed said that {payload} was typed in form {n}.\n"
        token = form_token(writable_client)
        page = writable_client.post("/ingest", data={"title": payload, "text": text, "published": "", "token": token})
        assert page.status_code == 303, page.text[-400:]
        refused = writable_client.post("/ingest", data={"title": payload, "text": text, "published": payload, "token": token})
        assert refused.status_code == 400
        with Ledger.open(own_db, readonly=True) as ledger:
            assert ledger.get_record(article_key(text)).article.title == payload.strip()
    after = _tables(own_db)
    assert set(after) == set(before)
    assert after["articles"] == before["articles"] + 9
    assert after["statements"] == before["statements"] + 9
    assert not Path("/tmp/pwned.db").exists()


# Paths that climb out of their folder (sent raw, as a client that does not normalise them would)


@pytest.fixture(scope="module")
def live(hostile_db):
    """(host, port) of the app served by uvicorn on loopback."""
    with served(create_app(hostile_db, max_upload_bytes=LIMIT)) as port:
        yield "127.0.0.1", port

def raw_request(live, method: str, target: str, headers: dict[str, str] | None = None, body: bytes | None = None, chunks=None):
    conn = http.client.HTTPConnection(*live, timeout=20)
    try:
        conn.putrequest(method, target, skip_accept_encoding=True, skip_host="Host" in (headers or {}))
        for name, value in (headers or {}).items():
            conn.putheader(name, value)
        if chunks is not None:
            conn.putheader("Transfer-Encoding", "chunked")
        conn.endheaders()
        try:
            if body is not None:
                conn.send(body)
            for chunk in chunks or ():
                conn.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            if chunks is not None:
                conn.send(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered before reading it all
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


TRAVERSALS = [
    "/static/../app.py",
    "/static/../../web/app.py",
    "/static/..%2fapp.py",
    "/static/%2e%2e/app.py",
    "/static/%2e%2e%2f%2e%2e%2fledger%2fstore.py",
    "/static/.%2e/.%2e/web/app.py",
    "/static/..%5capp.py",
    "/static/....//....//app.py",
    "/static/%252e%252e/app.py",
    "/static/style.css/../../app.py",
    "/static//etc/passwd",
    "/static/%2fetc%2fpasswd",
    "/static/../../../../../../../../etc/passwd",
    "/static/%c0%ae%c0%ae/app.py",
    "/static/%00../app.py",
    "/../../../../etc/passwd",
    "/article/../../../../etc/passwd",
    "/article/..%2f..%2f..%2fetc%2fpasswd",
    "/entity/../../../../etc/passwd",
    "/entity/..%2f..%2f..%2fetc%2fpasswd",
]


@pytest.mark.parametrize("target", TRAVERSALS)
def test_a_path_that_climbs_out_is_refused(live, hostile_db, target):
    status, body = raw_request(live, "GET", target)
    assert status in (400, 404), (target, status)
    assert b"root:x:0:0" not in body and b"def create_app" not in body and b"class Ledger" not in body
    escaped = target.replace("/static/", f"/static/{'../' * 12}{str(hostile_db).lstrip('/')}?")
    status, body = raw_request(live, "GET", escaped.split("?")[0])
    assert status in (400, 404) and not body.startswith(b"SQLite format 3")


def test_static_files_are_still_served(live):
    status, body = raw_request(live, "GET", "/static/app.js")
    assert status == 200 and b"newsledger web app" in body


@pytest.mark.parametrize("name", ["../../../../tmp/{u}.txt", "..\\..\\..\\{u}.txt", "/etc/{u}.txt"])
def test_an_upload_name_that_climbs_out_is_written_nowhere_else(writable_client, own_db, name):
    unique = uuid.uuid4().hex
    name = name.format(u=unique)
    text = f"Navy chief Sam Reed said that {unique} was a path.\n"
    page = writable_client.post("/ingest", data={"token": form_token(writable_client)}, files={"file": (name, text.encode(), "text/plain")})
    assert page.status_code == 303
    with Ledger.open(own_db, readonly=True) as ledger:
        assert ledger.get_record(article_key(text)).article.source == f"upload:{unique}.txt"
    assert not any(Path(folder, f"{unique}.txt").exists() for folder in ("/tmp", "/etc", "/", os.getcwd(), own_db.parent))


@pytest.mark.parametrize(
    "name, message",
    [
        # Found here: a name over 255 bytes failed with OSError (a 500) when the upload was copied.
        ("a" * 300 + ".txt", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...: the file name is longer than 200 bytes; rename the file and upload it again"),
        ("report\x01.txt", "&#39;report\\x01.txt&#39;: the file name contains control characters; rename the file and upload it again"),
    ],
)
def test_an_upload_name_no_file_system_takes_is_refused_with_a_message(writable_client, own_db, name, message):
    before = file_hash(own_db)
    # the multipart body by hand: httpx would percent-encode the control character
    body = (
        f'--b0\r\nContent-Disposition: form-data; name="token"\r\n\r\n{form_token(writable_client)}\r\n'
        f'--b0\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\nContent-Type: text/plain\r\n\r\n'
        "Navy chief Sam Reed said so.\r\n--b0--\r\n"
    ).encode()
    page = writable_client.post("/ingest", content=body, headers={"Content-Type": "multipart/form-data; boundary=b0"})
    assert page.status_code == 400
    assert message in page.text
    assert file_hash(own_db) == before


# Found here: each of these was a 500.


@pytest.mark.parametrize(
    "params, status, message",
    [
        ({"page": "99999999999999999999"}, 200, "Statements 1–20 of 20"),
        ({"page": "9" * 5000}, 200, "Statements 1–"),
        ({"since": "20191128"}, 400, "since: &#39;20191128&#39; is not a date in YYYY-MM-DD form; give a date such as 2024-03-05"),
        ({"until": "2019-W47-1"}, 400, "until: &#39;2019-W47-1&#39; is not a date in YYYY-MM-DD form"),
        ({"since": "2019-11-28T10:00"}, 400, "since: &#39;2019-11-28T10:00&#39; is not a date"),
    ],
)
def test_parameters_the_query_cannot_take_are_refused_or_bounded(client, params, status, message):
    page = client.get("/", params=params)
    assert page.status_code == status
    assert message in page.text


def test_a_ledger_damaged_after_it_was_opened_is_a_503_with_the_ledgers_message(own_db):
    overwrite_table_root(own_db, "ledger_entities")
    damaged = own_db.read_bytes()
    with TestClient(create_app(own_db), raise_server_exceptions=False) as c:
        page = c.get("/entities")
    assert page.status_code == 503
    assert f"{own_db}: the ledger database is damaged (database disk image is malformed); restore it from a backup" in html.unescape(page.text)
    assert own_db.read_bytes() == damaged


@pytest.mark.parametrize("stored", ["{not json", '{"article": 7}', "[]"])
def test_a_stored_record_that_cannot_be_read_is_a_503_not_a_500(own_db, stored):
    """A ledger whose record_json was overwritten (a bad copy, another program's write): before,
    the article page raised json's or the record's own error and answered 500."""
    with sqlite3.connect(own_db) as conn:
        key = conn.execute("SELECT key FROM articles ORDER BY key LIMIT 1").fetchone()[0]
        conn.execute("UPDATE articles SET record_json = ? WHERE key = ?", (stored, key))
    conn.close()
    with TestClient(create_app(own_db), raise_server_exceptions=False) as c:
        page = c.get(f"/article/{key}")
        missing = c.get("/article/" + "0" * 64)
    assert page.status_code == 503
    assert f"{own_db}: the ledger database is damaged (a stored record cannot be read: " in html.unescape(page.text)
    assert missing.status_code == 404


# Bodies over the limit


@pytest.mark.parametrize(
    "how",
    ["chunked", "declared-huge", "urlencoded", "multipart"],
)
def test_a_body_over_the_limit_is_refused_with_a_message(live, hostile_db, how):
    before = file_hash(hostile_db)
    boundary = "b0undary"
    big = b"x" * (LIMIT * 40)
    multipart = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\nContent-Type: text/plain\r\n\r\n'.encode()
        + big + f"\r\n--{boundary}--\r\n".encode()
    )
    if how == "chunked":
        status, body = raw_request(live, "POST", "/ingest", {"Content-Type": f"multipart/form-data; boundary={boundary}"}, chunks=[multipart[i : i + 4096] for i in range(0, len(multipart), 4096)])
    elif how == "declared-huge":
        status, body = raw_request(live, "POST", "/ingest", {"Content-Type": "application/x-www-form-urlencoded", "Content-Length": str(10**12)}, body=b"text=x")
    elif how == "urlencoded":
        payload = b"text=" + big
        status, body = raw_request(live, "POST", "/ingest", {"Content-Type": "application/x-www-form-urlencoded", "Content-Length": str(len(payload))}, body=payload)
    else:
        status, body = raw_request(live, "POST", "/ingest", {"Content-Type": f"multipart/form-data; boundary={boundary}", "Content-Length": str(len(multipart))}, body=multipart)
    assert status == 413
    assert b"The upload is too large: the limit is 2 kB (2,000 bytes)." in body
    assert file_hash(hostile_db) == before


@pytest.mark.parametrize(
    "files, data",
    [
        ([("file", ("a.txt", b"Reed said so.", "text/plain")), ("file", ("b.txt", b"Lopez said so.", "text/plain"))], None),
        (None, {f"field{n}": "x" for n in range(20)}),
    ],
)
def test_forms_beyond_what_the_page_sends_are_a_400(writable_client, own_db, files, data):
    before = file_hash(own_db)
    page = writable_client.post("/ingest", files=files, data=data)
    assert page.status_code == 400
    assert file_hash(own_db) == before


# Where the server listens


def _listening(port: int) -> list[tuple[str, str]]:
    """(table, local address in hex) of every socket listening on ``port``, from /proc/net/tcp{,6}."""
    found = []
    for table in ("tcp", "tcp6"):
        path = Path("/proc/net") / table
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:
                found.append((table, address))
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads the listening sockets from Linux's /proc/net/tcp")
def test_serve_listens_on_loopback_only_by_default(hostile_db):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("newsledger")), "serve", "--db", str(hostile_db), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO,
    )
    try:
        deadline = time.monotonic() + 30
        while not _listening(port):
            assert server.poll() is None, server.stderr.read().decode()
            assert time.monotonic() < deadline, "newsledger serve did not listen in 30 s"
            time.sleep(0.1)
        assert _listening(port) == [("tcp", "0100007F")]  # 127.0.0.1, and no IPv6 or wildcard socket
        status, body = raw_request(("127.0.0.1", port), "GET", "/")
        assert status == 200
    finally:
        server.send_signal(signal.SIGINT)
        try:
            _, err = server.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            _, err = server.communicate()
    assert f"Serving {hostile_db} at http://127.0.0.1:{port}/".encode() in err


# Other sites: DNS rebinding, cross-site forms, and the form's token (issue 25). Before, a page of
# evil.example could post the form (303, stored), and a name resolving to 127.0.0.1 read every page.

SECURITY = ("content-security-policy", "x-content-type-options", "referrer-policy")


def assert_secured(response) -> None:
    for name in SECURITY:
        assert name in response.headers, (response.status_code, name)


def pasted(client, n: int = 0, **fields) -> dict[str, str]:
    return {"text": f"Navy chief Sam Reed said that drill {n} had ended.\n", "token": form_token(client), **fields}


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "null"},  # a sandboxed frame or a data: page
        {"Origin": "http://testserver:8080"},  # another port of the same machine
        {"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
    ],
)
def test_a_form_sent_from_another_sites_page_is_refused(writable_client, own_db, headers):
    before = file_hash(own_db)
    page = writable_client.post("/ingest", data=pasted(writable_client), headers=headers)
    assert page.status_code == 403
    assert "the app takes forms only from its own pages" in page.text
    assert_secured(page)
    assert file_hash(own_db) == before


@pytest.mark.parametrize("token", [None, "", "x", "forged.0123", "a.b.c"])
def test_a_form_without_the_token_this_server_gave_is_refused(writable_client, own_db, token):
    before = file_hash(own_db)
    data = pasted(writable_client, title="Kept")
    if token is None:
        del data["token"]
    else:
        data["token"] = token
    page = writable_client.post("/ingest", data=data)
    assert page.status_code == 403
    assert "its security token is missing or wrong" in page.text
    assert 'value="Kept"' in page.text  # what was typed is given back, with a fresh token to send it again
    assert file_hash(own_db) == before


def test_a_token_from_another_servers_page_is_refused(own_db, writable_client):
    with TestClient(create_app(own_db, form_key=b"another server"), follow_redirects=False) as other:
        foreign = form_token(other)
    page = writable_client.post("/ingest", data=pasted(writable_client, token=foreign))
    assert page.status_code == 403


def test_the_form_from_the_apps_own_page_is_taken(writable_client):
    same_origin = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}
    page = writable_client.post("/ingest", data=pasted(writable_client, 1), headers=same_origin)
    assert page.status_code == 303
    assert writable_client.get(page.headers["location"]).status_code == 200


@pytest.mark.parametrize(
    "host, status",
    [
        ("127.0.0.1:{port}", 200),
        ("localhost:{port}", 200),
        ("LOCALHOST:{port}", 200),
        ("[::1]:{port}", 200),
        ("evil.example:{port}", 400),  # DNS rebinding: evil.example made to resolve to 127.0.0.1
        ("evil.example", 400),
        ("127.0.0.1:{other}", 400),
        ("localhost", 400),
        ("127.0.0.1.evil.example:{port}", 400),
        ("::1:{port}", 400),
        ("", 400),
    ],
)
def test_only_the_address_served_on_is_answered(live, host, status):
    port = live[1]
    for target in ("/", "/ingest", "/static/app.js", f"/article/{'0' * 64}"):
        code, body = raw_request(live, "GET", target, {"Host": host.format(port=port, other=port + 1)})
        assert code == (status if status == 400 or target != f"/article/{'0' * 64}" else 404), (host, target)
        if status == 400:
            assert b"This server does not answer to the name" in body


def test_a_form_to_a_foreign_host_name_stores_nothing(live, hostile_db):
    before = file_hash(hostile_db)
    code, _ = raw_request(
        live, "POST", "/ingest", {"Host": "evil.example", "Content-Type": "application/x-www-form-urlencoded", "Content-Length": "6"}, body=b"text=x"
    )
    assert code == 400
    assert file_hash(hostile_db) == before


def test_allow_host_adds_a_name(hostile_db):
    with TestClient(create_app(hostile_db, allowed_hosts=["news.lan", "proxy.lan:8443"]), raise_server_exceptions=False) as c:
        assert c.get("/", headers={"Host": "news.lan"}).status_code == 200
        assert c.get("/", headers={"Host": "news.lan:9000"}).status_code == 200
        assert c.get("/", headers={"Host": "proxy.lan:8443"}).status_code == 200
        assert c.get("/", headers={"Host": "proxy.lan:8444"}).status_code == 400
        assert c.get("/", headers={"Host": "evil.example"}).status_code == 400
        assert c.get("/").status_code == 200  # and still the address it is served on (testserver here)


def test_every_error_page_carries_the_security_headers(hostile_db, tmp_path, monkeypatch):
    from newsledger.web import lists

    def boom(request):
        raise RuntimeError("a bug")

    monkeypatch.setattr(lists, "entities", boom)  # a page that fails: Starlette's own 500
    with TestClient(create_app(hostile_db, max_upload_bytes=LIMIT), raise_server_exceptions=False, follow_redirects=False) as c:
        responses = {
            400: c.get("/", headers={"Host": "evil.example"}),
            403: c.post("/ingest", data={"text": "x"}, headers={"Origin": "null"}),
            404: c.get("/no-such-page"),
            405: c.post("/", data={"text": "x"}),
            413: c.post("/ingest", data={"text": "x" * LIMIT * 40}),
            500: c.get("/entities"),
        }
    with TestClient(create_app(tmp_path / "missing.db")) as c:
        responses[503] = c.get("/")
    for status, response in responses.items():
        assert response.status_code == status
        assert_secured(response)


def test_a_slow_body_times_out(hostile_db):
    before = file_hash(hostile_db)
    with served(create_app(hostile_db, body_seconds=1)) as port:
        with socket.create_connection(("127.0.0.1", port), timeout=15) as conn:
            conn.sendall(
                f"POST /ingest HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                "Content-Length: 1000\r\n\r\ntext=Navy".encode()
            )
            started = time.monotonic()
            answer = b""
            while chunk := conn.recv(65536):  # the server closes the connection after its answer
                answer += chunk
            waited = time.monotonic() - started
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert b"The upload did not arrive within 1 seconds, so it was dropped." in answer
    assert b"content-security-policy" in answer.lower()
    assert 0.9 < waited < 10
    assert file_hash(hostile_db) == before


def _jsonl(count: int, tag: str) -> bytes:
    return "".join(
        json.dumps({"id": f"{tag}{n}", "text": f"Navy chief Sam Reed said that {tag} drill {n} had ended."}) + "\n" for n in range(count)
    ).encode()


def test_one_upload_adds_at_most_its_limit_of_articles(own_db, nlp):
    with TestClient(create_app(own_db, max_upload_articles=3), follow_redirects=False) as c:
        before = _tables(own_db)["articles"]
        page = c.post("/ingest", data={"token": form_token(c)}, files={"file": ("five.jsonl", _jsonl(5, "limit"), "application/json")})
    assert page.status_code == 200
    assert page.text.count("limit0") + page.text.count("limit1") + page.text.count("limit2") == 3
    assert "limit3" not in page.text
    assert (
        "upload:five.jsonl: holds more than 3 articles, the most one upload may add; only its first 3 were read; "
        f"split it into files of at most 3 articles, or add it from the command line: newsledger ingest FILE --db {own_db}"
    ) in html.unescape(page.text)
    assert _tables(own_db)["articles"] == before + 3


def test_the_default_limit_of_articles_is_shown_on_the_form(client):
    assert "at most 2 kB and 1,000 articles" in client.get("/ingest").text


def test_a_stopped_upload_reads_no_further_article(own_db, nlp):
    import threading

    from newsledger.web import upload

    stop = threading.Event()
    stop.set()
    added = upload.add_submission(
        str(own_db), text="", title=None, published=None, file_name="many.jsonl", file_data=_jsonl(40, "stopped"), max_articles=1_000, stop=stop
    )
    assert (added.keys, added.problems, added.stopped) == ([], [], True)


def test_an_upload_whose_client_goes_away_stops_being_extracted(own_db, nlp):
    total = 200
    before = _tables(own_db)["articles"]
    app = create_app(own_db, max_upload_bytes=1_000_000)
    with served(app) as port:
        with TestClient(app) as c:  # the same key: a token this app takes
            token = form_token(c)
        boundary = "b0"
        body = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="token"\r\n\r\n{token}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="many.jsonl"\r\n'
            "Content-Type: application/json\r\n\r\n"
        ).encode() + _jsonl(total, "gone") + f"\r\n--{boundary}--\r\n".encode()
        with socket.create_connection(("127.0.0.1", port), timeout=15) as conn:
            conn.sendall(
                f"POST /ingest HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\n"
                f"Content-Length: {len(body)}\r\n\r\n".encode() + body
            )
        # The client is gone. Wait until the count of articles stops moving.
        counts, deadline = [], time.monotonic() + 120
        while len(counts) < 8 or len(set(counts[-8:])) > 1:
            assert time.monotonic() < deadline
            time.sleep(0.25)
            counts.append(_tables(own_db)["articles"] - before)
    assert counts[-1] < total // 2, counts  # at most the batch (16) being extracted when it left
