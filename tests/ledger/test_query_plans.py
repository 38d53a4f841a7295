"""Every list query the command line and the web app make is served by an index: run each command
and page of the catalogue below against a ledger, record every SQL statement the ledger runs
(with its values), and read SQLite's plan for each. No plan may read the statements or events
(or the tables that list them by entity) from end to end: a table is only searched by an index,
or walked along its list-order index (or the full-text index in rowid order, which follows the
day), which stops when the page is full; no plan sorts rows (see ``Ledger._statement_keys``)."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import replace

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from newsledger.cli import main
from newsledger.ledger import Ledger, article_key, indexing, store
from newsledger.web import create_app

from .build import all_records, old_repeat_record, old_warning_record, wire_record
from .conftest import pompeo_record, secretary_record, spokesman_record

WIRE_KEY = article_key(wire_record().article.text)

# What a user runs: the command line's list commands (with the paging they take) ...
COMMANDS = [
    ["statements", "--limit", "20"],
    ["statements", "--limit", "5", "--offset", "5"],
    ["statements", "--speaker", "shugaev", "--limit", "20"],
    ["statements", "--speaker", "e", "--limit", "20", "--offset", "2"],
    ["statements", "--speaker", "nobody at all", "--limit", "20"],
    ["statements", "--search", "regiment", "--limit", "20"],
    ["statements", "--search", "regiment OR missile", "--since", "2020-01-01", "--limit", "20"],
    ["statements", "--entity", "country:IND", "--limit", "20"],
    ["statements", "--entity", "gov:USA", "--limit", "20"],
    ["statements", "--since", "2021-11-15", "--until", "2021-11-16", "--limit", "20"],
    ["statements", "--until", "2020-01-05", "--limit", "20"],
    ["statements", "--entity", "country:IND", "--search", "regiment", "--since", "2021-11-16", "--limit", "20"],
    ["statements", "--speaker", "shugayev", "--search", "frigates", "--limit", "20"],
    ["statements", "--speaker", "shugaev", "--entity", "country:IND", "--limit", "20"],
    ["statements", "--distinct-claims", "--limit", "20"],
    ["statements", "--distinct-claims", "--entity", "person:dmitry-shugaev", "--limit", "20"],
    ["timeline", "country:IND"],
    ["timeline", "weapon:s-400"],
    ["positions", "regiment OR sanctions"],
    ["entities", "shug"],
    ["entities", "--type", "person"],
    ["transfers", "--db"],
]
# ... and the web app's pages.
PAGES = [
    "/",
    "/?page=2",
    "/?q=regiment",
    "/?q=sanctions&since=2019-01-01&until=2030-12-31",
    "/?speaker=shugaev",
    "/?speaker=pompeo&page=2",
    "/?entity=country:IND&since=2021-01-01&until=2021-12-31",
    "/?entity=person:dmitry-shugaev&speaker=shugayev",
    "/?since=2020-01-01&page=2",
    "/entities",
    "/entities?q=shu&type=person",
    "/entity/person:dmitry-shugaev",
    "/entity/country:IND",
    "/entity/weapon:s-400",
    f"/article/{WIRE_KEY}",
]
# The tables a list reads; none may be read whole.
LISTED = ("statements", "events", "entity_statement_order", "event_entities", "statement_mentions")
ORDER_INDEXES = ("statements_order", "events_order")


def varied_records():
    """The test articles, and copies of them under other ids and dates (same date, undated,
    ids that sort close together), so that every tie of the list order is met."""
    base = [pompeo_record(), secretary_record(), spokesman_record(), *all_records(), old_warning_record(), old_repeat_record()]
    out = list(base)
    for n, (article_id, published) in enumerate([("a", "2021-11-16"), ("a b", "2021-11-16"), ("ab", None), ("é", "2020-01-05")]):
        for record in base[:4]:
            article = replace(
                record.article, id=article_id, published=published, text=f"{record.article.text}\n[copy {n}]"
            )
            out.append(replace(record, article=article))
    return out


@pytest.fixture(scope="module")
def filled_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("plans") / "ledger.db"
    with Ledger.open(path) as ledger:
        ledger.add_many(varied_records())
    return path


@pytest.fixture
def traced(filled_path, monkeypatch):
    """The filled ledger, and the list of (sql) every connection the ledger opens runs from now on."""
    ledger_path = filled_path
    seen: list[str] = []
    prepare = store._prepare_connection

    def prepare_and_trace(conn, shown, readonly):
        prepare(conn, shown, readonly)
        conn.set_trace_callback(seen.append)

    monkeypatch.setattr(store, "_prepare_connection", prepare_and_trace)
    return ledger_path, seen


def plan(path, sql: str) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.create_function("casefold", 1, lambda v: None if v is None else v.casefold(), deterministic=True)
    indexing.register(conn)
    try:
        return [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
    finally:
        conn.close()


def listed_names(sql: str) -> set[str]:
    """The names (tables and their aliases) under which ``sql`` reads a listed table."""
    names = set(LISTED)
    for table, alias in re.findall(r"\b(?:FROM|JOIN)\s+(\w+)\s+(?:AS\s+)?(\w+)", sql, flags=re.IGNORECASE):
        if table in LISTED and alias.upper() not in {"INDEXED", "ON", "JOIN", "WHERE", "ORDER", "LIMIT", "USING"}:
            names.add(alias)
    return names


def problems_of(path, sql: str) -> list[str]:
    found = []
    names = listed_names(sql)
    for line in plan(path, sql):
        scanned = re.match(r"SCAN (\w+)", line)
        if scanned and scanned.group(1) in names:
            if not any(f"INDEX {index}" in line for index in ORDER_INDEXES):
                found.append(line)
        reads_a_list = bool(set(re.findall(r"\b(?:FROM|JOIN)\s+(\w+)", sql, flags=re.IGNORECASE)) & set(LISTED))
        if "TEMP B-TREE" in line and reads_a_list:
            found.append(line)
    return found


def select_statements(seen: list[str]) -> list[str]:
    return [sql for sql in seen if sql.lstrip().upper().startswith(("SELECT", "WITH"))]


# Each way a statement filter can be read (see ``Ledger._statement_keys``): as the thresholds
# choose for this small ledger, and each threshold pushed to the other side.
WAYS = {
    "as set": {},
    "every speaker walked": {"_MERGED_SPEAKERS": 0},
}


def with_ways(catalogue, reads_statements):
    return [
        pytest.param(way, item, id=f"{way}: {' '.join(item) if isinstance(item, list) else item}")
        for item in catalogue
        for way in (WAYS if reads_statements(item) else ["as set"])
    ]


@pytest.mark.parametrize(("way", "command"), with_ways(COMMANDS, lambda c: c[0] in ("statements", "positions")))
def test_every_cli_list_query_is_served_by_an_index(traced, monkeypatch, way, command):
    path, seen = traced
    for name, value in WAYS[way].items():
        monkeypatch.setattr(store, name, value)
    args = [*command, str(path)] if command[-1] == "--db" else [*command, "--db", str(path)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    queries = select_statements(seen)
    assert queries, "the command ran no query"
    assert {sql: problems_of(path, sql) for sql in queries if problems_of(path, sql)} == {}


@pytest.mark.parametrize(("way", "url"), with_ways(PAGES, lambda url: url.startswith("/?")))
def test_every_web_list_query_is_served_by_an_index(traced, monkeypatch, way, url):
    path, seen = traced
    for name, value in WAYS[way].items():
        monkeypatch.setattr(store, name, value)
    response = TestClient(create_app(str(path))).get(url)
    assert response.status_code == 200, response.text
    queries = select_statements(seen)
    assert queries, "the page ran no query"
    assert {sql: problems_of(path, sql) for sql in queries if problems_of(path, sql)} == {}


def test_the_check_finds_a_full_scan_and_a_sort(filled_path):
    """The check itself: the lists as they were read before migration 5 are refused."""
    path = filled_path
    before = (
        "SELECT s.* FROM statements s JOIN articles a ON a.key = s.article_key WHERE instr(s.speaker_search, 'shugaev') > 0"
        " ORDER BY a.published IS NULL, a.published, a.id, a.key, s.content_start, s.id LIMIT 20"
    )
    assert [line for line in problems_of(path, before)] == ["SCAN s", "USE TEMP B-TREE FOR ORDER BY"]
    events = "SELECT * FROM events e JOIN articles a ON a.key = e.article_key ORDER BY e.sort_date, a.published"
    assert problems_of(path, events)[0] == "SCAN e"


def test_storing_an_article_reads_no_list_whole(traced):
    """What ingest runs for one article (its rows, links and list indexes) finds each row by an
    index: its cost does not grow with the ledger."""
    path, seen = traced
    record = varied_records()[0]
    late = replace(record, article=replace(record.article, id="late", text=record.article.text + " Later."))
    with Ledger.open(path) as ledger:
        seen.clear()
        assert ledger.add(late)
        written = [sql for sql in seen if sql.lstrip().upper().startswith(("SELECT", "INSERT", "UPDATE", "DELETE"))]
        ledger._conn.execute("DELETE FROM articles WHERE id = 'late'")  # the module's ledger is shared
    assert written
    found = {}
    for sql in written:
        names = listed_names(sql)
        bad = [line for line in plan(path, sql) if (m := re.match(r"SCAN (\w+)", line)) and m.group(1) in names]
        if bad:
            found[sql] = bad
    assert found == {}
