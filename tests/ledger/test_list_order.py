"""The lists read off their indexes give the same rows in the same order as the queries they
replace, which sorted every matching row by the article's date, id and key and the statement's
place (those queries are written out below as the reference); a ledger upgraded by migration 5
answers as one filled since; the counts the ledger keeps are the counts."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest

from newsledger.ledger import Ledger, indexing, migrations
from newsledger.ledger.migrations import MIGRATIONS
from newsledger.ledger.store import fts_query

from .test_query_plans import varied_records

OLD_SELECT = (
    "SELECT s.article_key, s.id FROM statements s JOIN articles a ON a.key = s.article_key"
)
OLD_ORDER = "a.published IS NULL, a.published, a.id, a.key, s.content_start, s.id"


def old_statements(conn, speaker=None, text=None, entity=None, since=None, until=None, limit=None, offset=0,
                   distinct_claims=False, speaker_id=None):
    """The statements list as the ledger read it before migration 5 (its SQL, unchanged)."""
    clauses, params = [], {}
    if speaker is not None:
        clauses.append("instr(s.speaker_search, :speaker) > 0")
        params["speaker"] = speaker.strip().casefold()
    if text is not None:
        clauses.append("(s.article_key, s.id) IN (SELECT article_key, statement_id FROM statements_fts WHERE content_text MATCH :text)")
        params["text"] = fts_query(text)
    if entity is not None:
        clauses.append(
            "(s.article_key, s.id) IN (SELECT article_key, id FROM statements WHERE speaker_id = :entity"
            " UNION ALL SELECT article_key, statement_id FROM statement_mentions WHERE entity_id = :entity)"
        )
        params["entity"] = entity.replace("gov:", "country:")
    if speaker_id is not None:
        clauses.append("s.speaker_id = :speaker_id")
        params["speaker_id"] = speaker_id
    if since is not None:
        clauses.append("a.published >= :since")
        params["since"] = since
    if until is not None:
        clauses.append("a.published <= :until")
        params["until"] = until
    where = " WHERE " + " AND ".join(clauses) if clauses else ""
    if distinct_claims:
        sql = (
            "WITH ranked AS (SELECT s.article_key AS k, s.id AS sid, row_number() OVER ("
            f"PARTITION BY coalesce(s.group_id, s.article_key || ':' || s.id) ORDER BY {OLD_ORDER}) AS claim_rank"
            f" FROM statements s JOIN articles a ON a.key = s.article_key{where})"
            f" {OLD_SELECT} WHERE (s.article_key, s.id) IN (SELECT k, sid FROM ranked WHERE claim_rank = 1)"
            f" ORDER BY {OLD_ORDER}"
        )
    else:
        sql = f"{OLD_SELECT}{where} ORDER BY {OLD_ORDER}"
    if limit is not None or offset:
        sql += " LIMIT :limit OFFSET :offset"
        params.update(limit=-1 if limit is None else limit, offset=offset)
    return [tuple(row) for row in conn.execute(sql, params)]


def old_events(conn, entity=None):
    order = "e.sort_date IS NULL, e.sort_date, a.published IS NULL, a.published, a.id, a.key, e.rowid"
    if entity is None:
        sql = f"SELECT e.article_key, e.id FROM events e JOIN articles a ON a.key = e.article_key ORDER BY {order}"
        return [tuple(row) for row in conn.execute(sql)]
    sql = (
        "SELECT e.article_key, e.id FROM event_entities x JOIN events e ON e.article_key = x.article_key AND e.id = x.event_id"
        f" JOIN articles a ON a.key = e.article_key WHERE x.entity_id = ? ORDER BY {order}"
    )
    return [tuple(row) for row in conn.execute(sql, (entity,))]


FILTERS = [
    {},
    {"speaker": "shugaev"},
    {"speaker": "e"},
    {"speaker": "pompeo"},
    {"speaker": "no such speaker"},
    {"text": "regiment"},
    {"text": "sanctions OR missile"},
    {"entity": "country:IND"},
    {"entity": "gov:USA"},
    {"entity": "person:dmitry-shugaev"},
    {"since": "2021-11-16"},
    {"until": "2020-01-05"},
    {"since": "2020-01-05", "until": "2021-11-16"},
    {"since": "2021-11-16", "until": "2021-11-16"},
    {"entity": "country:IND", "text": "regiment", "since": "2021-11-16"},
    {"speaker": "shugayev", "text": "frigates"},
    {"speaker": "shugaev", "entity": "country:IND", "until": "2021-11-16"},
    {"speaker": "e", "text": "missile OR sanctions OR regiment", "since": "2019-01-01"},
]
PAGES = [(None, 0), (3, 0), (3, 2), (1, 7), (50, 1), (None, 5)]
# Every way a filter can be read (see Ledger._statement_keys).
WAYS = [{}, {"_MERGED_SPEAKERS": 0}]


@pytest.fixture(scope="module")
def filled_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("order") / "ledger.db"
    with Ledger.open(path) as ledger:
        ledger.add_many(varied_records())
    return path


@pytest.fixture(params=range(len(WAYS)), ids=lambda n: "+".join(f"{k}={v}" for k, v in WAYS[n].items()) or "as set")
def ledger(request, filled_path, monkeypatch):
    from newsledger.ledger import store

    for name, value in WAYS[request.param].items():
        monkeypatch.setattr(store, name, value)
    with Ledger.open(filled_path, readonly=True) as ledger:
        yield ledger


def keys(stored):
    return [(s.article_key, s.statement.id) for s in stored]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(f"{k}={v}" for k, v in f.items()) or "all")
@pytest.mark.parametrize("distinct_claims", [False, True])
def test_statements_are_the_rows_in_the_order_of_before(ledger, filters, distinct_claims):
    conn = ledger._conn
    everything = old_statements(conn, **filters, distinct_claims=distinct_claims)
    assert keys(ledger.statements(**filters, distinct_claims=distinct_claims)) == everything
    for limit, offset in PAGES:
        expected = old_statements(conn, **filters, limit=limit, offset=offset, distinct_claims=distinct_claims)
        assert keys(ledger.statements(**filters, limit=limit, offset=offset, distinct_claims=distinct_claims)) == expected
    assert ledger.count_statements(**filters, distinct_claims=distinct_claims) == len(everything)
    for at_most in (0, 1, 2, len(everything), len(everything) + 5):
        assert ledger.count_statements(**filters, distinct_claims=distinct_claims, at_most=at_most) == min(len(everything), at_most)


def test_the_lists_meet_every_tie_of_the_order(ledger):
    """The fixture is what it claims to be: articles sharing a date, undated ones, ids that sort close."""
    rows = ledger._conn.execute("SELECT published, id FROM articles").fetchall()
    dates = [published for published, _id in rows]
    assert None in dates and len(set(dates)) < len(dates)
    assert {"a", "a b", "ab", "é"} <= {article_id for _published, article_id in rows}
    assert len(old_statements(ledger._conn)) > 30


@pytest.mark.parametrize("entity", ["person:dmitry-shugaev", "person:mike-pompeo", "country:USA", "nobody:here"])
def test_entity_statements_are_those_of_before(ledger, entity):
    assert keys(ledger.entity_statements(entity)) == old_statements(ledger._conn, speaker_id=entity)
    assert keys(ledger.entity_statements(entity, limit=2)) == old_statements(ledger._conn, speaker_id=entity, limit=2)


@pytest.mark.parametrize("entity", ["country:IND", "weapon:s-400", "country:USA", "country:TUR", "nobody:here"])
def test_timelines_and_events_are_those_of_before(ledger, entity):
    timeline = [(e.article_key, str(e.event.id)) for e in ledger.timeline(entity)]
    assert timeline == old_events(ledger._conn, entity)
    assert [(e.article_key, str(e.event.id)) for e in ledger.timeline(entity, limit=2)] == timeline[:2]
    events = [(e.article_key, str(e.event.id)) for e in ledger.events()]
    assert events == old_events(ledger._conn)
    assert [(e.article_key, str(e.event.id)) for e in ledger.events(limit=3, offset=2)] == events[2:5]


def test_the_counts_kept_are_the_rows(filled_path):
    with Ledger.open(filled_path) as ledger:
        conn = ledger._conn
        counted = {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in indexing.COUNTED}
        assert {k: v for k, v in ledger.counts().items() if k != "problems"} == counted
        assert counted["statements"] > 30
        speakers = [tuple(row) for row in conn.execute("SELECT search, statements FROM speaker_searches ORDER BY search")]
        assert speakers == [
            tuple(row)
            for row in conn.execute(
                "SELECT speaker_search, count(*) FROM statements WHERE speaker_search IS NOT NULL"
                " GROUP BY speaker_search ORDER BY speaker_search"
            )
        ]


def test_counts_follow_a_deleted_article(ledger_path):
    """The counters are kept by triggers, so whatever removes rows (a cascade here) keeps them right."""
    records = varied_records()[:3]
    with Ledger.open(ledger_path) as ledger:
        ledger.add_many(records)
        before = ledger.counts()
        conn = ledger._conn
        key = conn.execute("SELECT key FROM articles ORDER BY rowid LIMIT 1").fetchone()[0]
        conn.execute("DELETE FROM articles WHERE key = ?", (key,))
        after = ledger.counts()
        assert after["articles"] == before["articles"] - 1
        assert after["statements"] == conn.execute("SELECT count(*) FROM statements").fetchone()[0] < before["statements"]


def test_a_ledger_upgraded_by_m006_answers_as_one_filled_since(tmp_path, monkeypatch):
    records = varied_records()
    old_path, new_path = tmp_path / "old.db", tmp_path / "new.db"
    monkeypatch.setattr(migrations, "MIGRATIONS", MIGRATIONS[:4])
    monkeypatch.setattr(indexing, "index_article", lambda conn, key: None)  # what m006 brought
    with Ledger.open(old_path) as ledger:
        ledger.add_many(records)
    monkeypatch.undo()
    conn = sqlite3.connect(old_path)
    assert "sort_key" not in {row[1] for row in conn.execute("PRAGMA table_info(statements)")}
    conn.close()
    with Ledger.open(new_path) as ledger:
        ledger.add_many(records)
    with Ledger.open(old_path) as old, Ledger.open(new_path, readonly=True) as new:
        assert "m006_index_served_lists" in old.applied_migrations()  # and any migration after it
        for filters in FILTERS:
            assert keys(old.statements(**filters)) == keys(new.statements(**filters))
            assert old.count_statements(**filters) == new.count_statements(**filters)
        assert old.counts() == new.counts()
        assert [e.event for e in old.timeline("country:IND")] == [e.event for e in new.timeline("country:IND")]
        for table, columns in (
            ("speaker_searches", "search, statements"),
            ("entity_statement_order", "entity_id, sort_key"),
            ("statements", "article_key, id, sort_key"),
            ("events", "article_key, id, sort_key"),
            ("event_entities", "entity_id, article_key, event_id, sort_key"),
            ("statements_fts", "rowid >> 32, article_key, statement_id, content_text"),
            ("claim_order", "scope, first_key"),
        ):
            query = f"SELECT {columns} FROM {table} ORDER BY {columns}"
            assert [tuple(r) for r in old._conn.execute(query)] == [tuple(r) for r in new._conn.execute(query)], table
        # and an article added after the upgrade joins the lists
        late = replace(records[0], article=replace(records[0].article, id="late", published="2030-01-01", text=records[0].article.text + " Late."))
        assert old.add(late)
        assert old.count_statements() == new.count_statements() + len(late.statements)
        assert {s.article_id for s in old.statements(since="2030-01-01")} == {"late"}
        for filters in FILTERS:
            assert keys(old.statements(**filters)) == old_statements(old._conn, **filters)


@pytest.mark.parametrize(
    ("since", "until", "published", "inside"),
    [
        ("2020-01-05", None, "2020-01-05", True),
        ("2020-01-05", None, "2020-01-04", False),
        ("2020-01-05", None, None, False),
        (None, "2020-01-05", "2020-01-05", True),
        (None, "2020-01-05", "2020-01-06", False),
        (None, "2020-01-05", None, False),
        ("2020-01-05", "2020-01-05", "2020-01-05", True),
    ],
)
def test_date_bounds_on_the_order_key(since, until, published, inside):
    low, high = indexing.date_bounds(since, until)
    for article_id in ("", "a", "\x00", "zz\uffff"):
        key = indexing.statement_key(published, article_id, "ab" * 32, 0, "s1")
        assert (low <= key < high) is inside


def test_order_keys_sort_as_the_columns_do():
    rows = [
        (published, article_id, key, start, sid)
        for published in (None, "2020-01-05", "2020-01-06")
        for article_id in ("", "a", "a\x00", "a b", "ab", "é", "\U0001f600")
        for key in ("00" * 32, "0f" + "00" * 31, "ff" * 32)
        for start in (0, 7, 300)
        for sid in ("s1", "s10", "s2", "")
    ]
    by_columns = sorted(rows, key=lambda r: (r[0] is None, r[0] or "", r[1].encode(), r[2], r[3], r[4].encode()))
    assert sorted(rows, key=lambda r: indexing.statement_key(*r)) == by_columns


def test_full_text_rows_are_numbered_by_the_articles_day(filled_path, tmp_path):
    """The full-text index's rowids follow the day, for rows added by ingest and by m006 alike."""
    with Ledger.open(filled_path, readonly=True) as ledger:
        rows = ledger._conn.execute(
            "SELECT f.rowid, a.published FROM statements_fts f JOIN articles a ON a.key = f.article_key"
        ).fetchall()
    assert len(rows) > 30 and any(published is None for _rowid, published in rows)
    for rowid, published in rows:
        assert rowid >> 32 == (indexing.FTS_UNDATED_DAY if published is None else indexing.fts_day(published))
    first, after = indexing.fts_rowid_bounds("2021-11-16", "2021-11-16")
    assert {published for rowid, published in rows if first <= rowid < after} == {"2021-11-16"}


def test_rebuild_gives_back_what_ingest_kept_and_its_indexes(filled_path, tmp_path):
    """What the bench and m006 run: recomputing everything from the rows gives the same tables."""
    import shutil

    path = tmp_path / "copy.db"
    shutil.copyfile(filled_path, path)
    tables = (
        ("speaker_searches", "search, statements"),
        ("entity_statement_order", "entity_id, sort_key"),
        ("statements", "article_key, id, sort_key, speaker_key IS NULL"),
        ("events", "article_key, id, sort_key"),
        ("event_entities", "entity_id, article_key, event_id, sort_key"),
        ("row_counts", "name, n"),
        ("claim_order", "scope, first_key"),
    )
    with Ledger.open(path) as ledger:
        conn = ledger._conn

        def snapshot():
            return {t: [tuple(r) for r in conn.execute(f"SELECT {c} FROM {t} ORDER BY {c}")] for t, c in tables}

        def indexes():
            return {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}

        before, named = snapshot(), indexes()
        assert set(indexing.INDEXES) <= named
        conn.execute("BEGIN")
        indexing.rebuild(conn)
        conn.execute("COMMIT")
        assert snapshot() == before
        assert indexes() == named
