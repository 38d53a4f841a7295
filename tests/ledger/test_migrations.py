import sqlite3

import pytest

from newsledger.errors import StoreError
from newsledger.ledger import Ledger
from newsledger.ledger.migrations import APPLICATION_ID, MIGRATIONS, migrate, migration


def test_a_new_ledger_records_every_migration(ledger_path):
    with Ledger.open(ledger_path) as ledger:
        assert ledger.applied_migrations() == [fn.__name__ for fn in MIGRATIONS]
        assert ledger.applied_migrations()[0] == "m001_initial"

    conn = sqlite3.connect(ledger_path)
    tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'index')")}
    assert {
        "migrations",
        "articles",
        "entities",
        "statements",
        "events",
        "ingest_problems",
        "statements_fts",
        "statements_speaker_name",
        "articles_published",
    } <= tables
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_reopening_is_a_no_op(ledger_path, records):
    with Ledger.open(ledger_path) as ledger:
        ledger.add(records[0])
    conn = sqlite3.connect(ledger_path)
    before = conn.execute("SELECT name, applied_at FROM migrations").fetchall()
    schema_before = conn.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall()
    conn.close()

    with Ledger.open(ledger_path) as ledger:
        assert migrate(ledger._conn) == []
        assert ledger.counts()["articles"] == 1

    conn = sqlite3.connect(ledger_path)
    assert conn.execute("SELECT name, applied_at FROM migrations").fetchall() == before
    assert conn.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall() == schema_before
    conn.close()


def test_a_migration_out_of_order_is_refused():
    def m001_again(conn):
        pass

    # the next number follows the last registered migration (m002_ when this test was written)
    with pytest.raises(ValueError, match=f"out of order; the next one must be named m{len(MIGRATIONS) + 1:03d}_"):
        migration(m001_again)
    assert m001_again not in MIGRATIONS


def test_a_ledger_from_a_newer_newsledger_is_refused(ledger_path):
    Ledger.open(ledger_path).close()
    conn = sqlite3.connect(ledger_path)
    conn.execute("INSERT INTO migrations (name, applied_at) VALUES ('m999_future', 'tomorrow')")
    conn.commit()
    conn.close()

    with pytest.raises(StoreError) as err:
        Ledger.open(ledger_path)
    assert str(err.value) == (
        f"{ledger_path}: the ledger was written by a newer newsledger (unknown migration m999_future); "
        "upgrade newsledger to open it"
    )


def test_read_only_needs_an_existing_ledger(ledger_path):
    with pytest.raises(StoreError) as err:
        Ledger.open(ledger_path, readonly=True)
    assert str(err.value) == f"{ledger_path}: no such ledger database; check the file name given with --db"
    assert not ledger_path.exists()
