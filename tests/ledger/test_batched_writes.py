"""Articles stored in batches: one transaction per batch (so the log holds each shared page once per
batch), each article still whole or absent, what a batch holds committed when it fills or ends."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from newsledger.errors import StoreError
from newsledger.ledger import Ledger, store
from newsledger.records import Problem

from .test_query_plans import varied_records


def stored_elsewhere(path) -> int:
    """Articles another connection sees: what is committed."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        conn.close()


def test_a_batch_is_committed_when_it_fills_and_when_it_ends(ledger_path):
    records = varied_records()[:5]
    with Ledger.open(ledger_path) as ledger:
        with ledger.batched(articles=2, seconds=3600):
            ledger.add(records[0])
            assert stored_elsewhere(ledger_path) == 0  # one article: the batch is open
            ledger.add(records[1])
            assert stored_elsewhere(ledger_path) == 2  # full: committed
            ledger.add(records[2])
            assert ledger.count_statements() == sum(len(r.statements) for r in records[:3])  # seen inside
            assert stored_elsewhere(ledger_path) == 2
        assert stored_elsewhere(ledger_path) == 3  # the block's end commits the rest


def test_a_batch_fills_by_text_and_by_time(ledger_path, monkeypatch):
    records = varied_records()[:3]
    with Ledger.open(ledger_path) as ledger:
        with ledger.batched(articles=100, text_bytes=1, seconds=3600):
            ledger.add(records[0])
            assert stored_elsewhere(ledger_path) == 1
        clock = iter([0.0, 0.5, 2.0])
        monkeypatch.setattr(store.time, "monotonic", lambda: next(clock))
        with ledger.batched(articles=100, seconds=1.0):
            ledger.add(records[1])  # started at 0.0, checked at 0.5
            assert stored_elsewhere(ledger_path) == 1
            ledger.add(records[2])  # checked at 2.0: a second has passed
            assert stored_elsewhere(ledger_path) == 3


def failing_disk_on(record, monkeypatch) -> None:
    """Writing ``record``'s events fails as a full or lost disk would; other articles are written."""
    real = store._insert_events

    def fail_on_it(conn, key, events):
        if key == store.article_key(record.article.text):
            raise RuntimeError("disk gone")
        real(conn, key, events)

    monkeypatch.setattr(store, "_insert_events", fail_on_it)


def test_a_failing_article_is_undone_alone_and_the_batch_goes_on(ledger_path, monkeypatch):
    records = varied_records()[:3]
    failing_disk_on(records[1], monkeypatch)
    with Ledger.open(ledger_path) as ledger:
        with pytest.raises(RuntimeError):
            with ledger.batched(seconds=3600):
                ledger.add(records[0])
                ledger.add(records[1])
        # the first article was whole, so leaving the batch kept it; of the second, nothing
        assert stored_elsewhere(ledger_path) == 1
        keys = {k for (k,) in ledger._conn.execute("SELECT article_key FROM statements")}
        assert keys == {store.article_key(records[0].article.text)}
        assert ledger.counts()["statements"] == len(records[0].statements)


KILLED_IN_A_BATCH = """
import os, signal, sys
from newsledger.ledger import Ledger
from tests.ledger.test_query_plans import varied_records
ledger = Ledger.open(sys.argv[1])
with ledger.batched(articles=2, seconds=3600):
    for record in varied_records()[:3]:
        ledger.add(record)
    os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_run_killed_in_a_batch_loses_that_batch_and_no_part_of_an_article(ledger_path):
    root = Path(__file__).resolve().parents[2]
    path = os.pathsep.join([str(root / "src"), str(root), os.environ.get("PYTHONPATH", "")])
    command = [sys.executable, "-c", KILLED_IN_A_BATCH, str(ledger_path)]
    killed = subprocess.run(command, cwd=root, env={**os.environ, "PYTHONPATH": path})
    assert killed.returncode == -signal.SIGKILL
    records = varied_records()[:5]
    with Ledger.open(ledger_path) as reopened:
        assert reopened.counts()["articles"] == 2  # the first batch; of the third article, nothing
        assert reopened.count_statements() == sum(len(r.statements) for r in records[:2])
        summary = reopened.add_many(records)  # the rerun stores the rest
        assert (summary.added, summary.skipped_duplicates) == (3, 2)


def test_a_read_only_ledger_has_no_batch(ledger_path):
    Ledger.open(ledger_path).close()
    with Ledger.open(ledger_path) as ledger:
        ledger.add(varied_records()[0])
    with Ledger.open(ledger_path, readonly=True) as ledger, pytest.raises(StoreError, match="opened read-only"):
        with ledger.batched():
            pass


def test_records_stored_together_are_one_transaction(ledger_path):
    records = varied_records()[:3]
    with Ledger.open(ledger_path) as ledger:
        assert ledger.add_together([records[0], records[1], records[0]]) == [True, True, False]
        assert stored_elsewhere(ledger_path) == 2
        assert ledger.add_together([records[1], records[2]]) == [False, True]
        assert ledger.counts()["statements"] == sum(len(r.statements) for r in records)


def test_a_record_refused_among_those_stored_together_is_undone_alone(ledger_path):
    from dataclasses import replace

    records = varied_records()[:3]
    twice = replace(records[1], statements=(records[1].statements[0], records[1].statements[0]))
    with Ledger.open(ledger_path) as ledger:
        added = ledger.add_together([records[0], twice, records[2]])
        assert added[0] is True and added[2] is True
        assert isinstance(added[1], Problem) and added[1].kind == "not_stored"
        assert added[1].fix == "statement, entity and event ids must be unique within an article"
        assert stored_elsewhere(ledger_path) == 2  # the ones around it, whole; of it, nothing
        keys = {k for (k,) in ledger._conn.execute("SELECT article_key FROM statements")}
        assert keys == {store.article_key(records[0].article.text), store.article_key(records[2].article.text)}


def test_a_write_failing_among_those_stored_together_keeps_the_articles_before_it(ledger_path, monkeypatch):
    records = varied_records()[:3]
    failing_disk_on(records[1], monkeypatch)
    with Ledger.open(ledger_path) as ledger:
        with pytest.raises(RuntimeError):
            ledger.add_together(records)
        assert stored_elsewhere(ledger_path) == 1
        assert ledger.counts()["statements"] == len(records[0].statements)
