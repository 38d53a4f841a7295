"""The store loop of `newsledger ingest` (``commands.store_records``) holds the records extraction
brings and writes them in batches (``settings.StoreBatch``): one transaction per batch, the write
lock held only while it is written, and what it holds written however the loop ends."""

from __future__ import annotations

import sqlite3

import pytest

from newsledger import commands
from newsledger.records import Problem
from newsledger.settings import StoreBatch, store_batch

from .test_query_plans import varied_records


def stored_elsewhere(path) -> int:
    """Articles another connection sees: what is committed."""
    if not path.exists():
        return 0
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:  # not migrated yet
        return 0
    finally:
        conn.close()


def test_records_are_written_once_a_batch_is_held_and_at_the_end(ledger_path, monkeypatch):
    monkeypatch.setenv("NEWSLEDGER_STORE_ARTICLES", "2")
    records = varied_records()[:5]
    seen = []

    def extracted():
        for record in records:
            seen.append(stored_elsewhere(ledger_path))  # what was written before this record came
            yield record

    result = commands.store_records(extracted(), db=str(ledger_path))
    assert seen == [0, 0, 2, 2, 4]
    assert stored_elsewhere(ledger_path) == 5
    assert (result.added, result.duplicates, result.articles_read) == (5, 0, 5)
    assert result.added_keys == [commands.article_key(r.article.text) for r in records]


def test_a_batch_is_written_once_its_first_record_is_held_long_enough(ledger_path, monkeypatch):
    monkeypatch.setenv("NEWSLEDGER_STORE_SECONDS", "1")
    now = [0.0]
    monkeypatch.setattr(commands.time, "monotonic", lambda: now[0])
    records = varied_records()[:4]
    seen = []

    def extracted():
        for record, at in zip(records, [0.0, 0.5, 2.0, 2.5]):
            seen.append(stored_elsewhere(ledger_path))
            now[0] = at
            yield record

    commands.store_records(extracted(), db=str(ledger_path))
    # the first held at 0.0; at 0.5 not yet a second; at 2.0 the three held are written
    assert seen == [0, 0, 0, 3] and stored_elsewhere(ledger_path) == 4


def test_what_is_held_is_written_when_extraction_fails_or_is_interrupted(ledger_path):
    records = varied_records()[:3]

    def extracted():
        yield from records[:2]
        yield Problem("x.txt", "unreadable")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        commands.store_records(extracted(), db=str(ledger_path))
    assert stored_elsewhere(ledger_path) == 2
    conn = sqlite3.connect(ledger_path)
    assert conn.execute("SELECT source, message FROM ingest_problems").fetchall() == [("x.txt", "unreadable")]
    conn.close()


def test_an_article_already_stored_or_held_twice_is_a_duplicate(ledger_path, monkeypatch):
    records = varied_records()[:2]
    commands.store_records(records[:1], db=str(ledger_path))
    result = commands.store_records([records[0], records[1], records[1]], db=str(ledger_path))
    assert (result.added, result.duplicates) == (1, 2)
    assert stored_elsewhere(ledger_path) == 2


def test_the_batch_is_set_in_the_environment(monkeypatch):
    assert store_batch() == StoreBatch()
    monkeypatch.setenv("NEWSLEDGER_STORE_ARTICLES", "1")
    monkeypatch.setenv("NEWSLEDGER_STORE_SECONDS", "0.5")
    assert (store_batch().articles, store_batch().seconds) == (1, 0.5)
    monkeypatch.setenv("NEWSLEDGER_STORE_ARTICLES", "0")
    with pytest.raises(ValueError, match=r"NEWSLEDGER_STORE_ARTICLES='0' is not a positive number; give it as a number, such as 64"):
        store_batch()


def test_a_record_the_ledger_refuses_is_a_recorded_problem_and_the_run_goes_on(ledger_path):
    from dataclasses import replace

    records = varied_records()[:3]
    twice = replace(records[1], statements=(records[1].statements[0], records[1].statements[0]))
    result = commands.store_records([records[0], twice, records[2]], db=str(ledger_path))
    assert (result.added, result.duplicates) == (2, 0)
    assert [p.kind for p in result.problems] == ["not_stored"]
    assert result.problems[0].source == twice.article.source
    conn = sqlite3.connect(ledger_path)
    try:
        assert conn.execute("SELECT kind, fix FROM ingest_problems").fetchall() == [
            ("not_stored", "statement, entity and event ids must be unique within an article")
        ]
    finally:
        conn.close()
