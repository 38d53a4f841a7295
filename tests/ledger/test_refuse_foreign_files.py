"""Ledger.open refuses files that are not newsledger databases, and never changes them."""

import sqlite3

import pytest

from newsledger.errors import StoreError
from newsledger.ledger import Ledger


@pytest.mark.parametrize("journal_mode", ["delete", "wal"])
def test_a_foreign_sqlite_database_is_refused_and_left_unchanged(tmp_path, journal_mode):
    path = tmp_path / "contacts.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA journal_mode = {journal_mode}")
    conn.execute("CREATE TABLE people (name TEXT)")
    conn.execute("INSERT INTO people VALUES ('Ada')")
    conn.commit()
    conn.close()
    before = path.read_bytes()

    with pytest.raises(StoreError) as err:
        Ledger.open(path)

    assert str(err.value) == (
        f"{path}: is not a newsledger database (an SQLite database of another program, with tables people); "
        "pass a new file name with --db"
    )
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["contacts.db"]


def test_a_foreign_database_with_its_own_migrations_table_is_refused(tmp_path):
    path = tmp_path / "app.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE migrations (version INTEGER)")
    conn.execute("CREATE TABLE users (name TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()

    with pytest.raises(StoreError, match=r"is not a newsledger database \(an SQLite database of another program, "
                       r"with tables migrations, users\); pass a new file name with --db$"):
        Ledger.open(path, readonly=True)
    assert path.read_bytes() == before


def test_a_file_that_is_not_sqlite_is_refused_with_the_exact_message(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Mike Pompeo said the talks were productive.\n" * 20)
    before = path.read_bytes()

    with pytest.raises(StoreError) as err:
        Ledger.open(path)

    assert str(err.value) == (
        f"{path}: is not a newsledger database (not an SQLite file); pass a new file name with --db"
    )
    assert path.read_bytes() == before


def test_a_damaged_ledger_is_refused_in_one_line(ledger_path, records):
    with Ledger.open(ledger_path) as ledger:
        ledger.add(records[0])
    damaged = bytearray(ledger_path.read_bytes())
    damaged[100:4096] = b"\xff" * (4096 - 100)  # page 1 after the header: the schema
    ledger_path.write_bytes(bytes(damaged))

    with pytest.raises(StoreError) as err:
        Ledger.open(ledger_path)

    message = str(err.value)
    assert message.startswith(f"{ledger_path}: the ledger database is damaged (")
    assert message.endswith("); restore it from a backup or pass a new file name with --db")
    assert "\n" not in message
    assert ledger_path.read_bytes() == bytes(damaged)
    assert sorted(p.name for p in ledger_path.parent.iterdir()) == [ledger_path.name]


def test_a_directory_is_refused(tmp_path):
    with pytest.raises(StoreError) as err:
        Ledger.open(tmp_path)
    assert str(err.value) == f"{tmp_path}: is a directory; pass a file name with --db"


def test_an_empty_file_is_refused_read_only(tmp_path):
    path = tmp_path / "empty.db"
    path.touch()
    with pytest.raises(StoreError) as err:
        Ledger.open(path, readonly=True)
    assert str(err.value) == f"{path}: the ledger is empty; add articles to it before opening it read-only"
    assert path.read_bytes() == b""


def test_a_missing_folder_is_reported(tmp_path):
    path = tmp_path / "missing" / "ledger.db"
    with pytest.raises(StoreError) as err:
        Ledger.open(path)
    assert str(err.value) == (
        f"{path}: cannot open the ledger (unable to open database file); check that its folder exists and is writable"
    )


def test_an_empty_file_becomes_a_ledger(tmp_path, records):
    path = tmp_path / "empty.db"
    path.touch()
    with Ledger.open(path) as ledger:
        assert ledger.add(records[0]) is True
