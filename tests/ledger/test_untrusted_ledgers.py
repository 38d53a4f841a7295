"""A ledger file from elsewhere may carry SQL of its own: a trigger runs with every write (one
that deleted statements was accepted before), a view or an extra table can change what a query
reads. Opening one is refused in one line, for writing and for reading, and the file is unchanged."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsledger.cli import main
from newsledger.errors import StoreError
from newsledger.ledger import Ledger

FIX = "open only ledgers newsledger made, or pass a new file name with --db"


@pytest.fixture
def stored(ledger_path, records) -> Path:
    with Ledger.open(ledger_path) as ledger:
        ledger.add_many(records)
    return ledger_path


def tamper(path: Path, *sql: str) -> bytes:
    with sqlite3.connect(path) as conn:
        for statement in sql:
            conn.execute(statement)
    conn.close()
    for extra in ("-wal", "-shm"):
        Path(f"{path}{extra}").unlink(missing_ok=True)
    return path.read_bytes()


@pytest.mark.parametrize(
    ("sql", "kind", "name", "problem"),
    [
        (
            ["CREATE TRIGGER wipe AFTER INSERT ON articles BEGIN DELETE FROM statements; END"],
            "trigger", "wipe", "that newsledger did not create",
        ),
        (["CREATE VIEW v AS SELECT 1"], "view", "v", "that newsledger did not create"),
        (["CREATE TABLE extra (x)"], "table", "extra", "that newsledger did not create"),
        (["CREATE INDEX extra_index ON articles (title)"], "index", "extra_index", "that newsledger did not create"),
        (
            [
                "DROP TRIGGER statements_fts_insert",
                "CREATE TRIGGER statements_fts_insert AFTER INSERT ON statements BEGIN DELETE FROM articles; END",
            ],
            "trigger", "statements_fts_insert", "is not the one newsledger creates",
        ),
    ],
)
@pytest.mark.parametrize("readonly", [False, True])
def test_a_ledger_with_sql_of_its_own_is_refused(stored, sql, kind, name, problem, readonly):
    before = tamper(stored, *sql)
    with pytest.raises(StoreError) as caught:
        Ledger.open(stored, readonly=readonly)
    if problem.startswith("that"):
        expected = f"{stored}: holds a {kind} {name!r} {problem}, so it is not a ledger to trust; {FIX}"
    else:
        expected = f"{stored}: its {kind} {name!r} {problem}, so it is not a ledger to trust; {FIX}"
    assert str(caught.value) == expected
    assert stored.read_bytes() == before


def test_the_command_line_says_it_in_one_line(stored):
    tamper(stored, "CREATE TRIGGER wipe AFTER INSERT ON articles BEGIN DELETE FROM statements; END")
    result = CliRunner().invoke(main, ["statements", "--db", str(stored)])
    assert result.exit_code != 0
    assert result.output.strip().splitlines()[-1] == (
        f"error: {stored}: holds a trigger 'wipe' that newsledger did not create, so it is not a ledger to trust; {FIX}"
    )


def test_a_ledger_newsledger_made_opens(stored):
    with Ledger.open(stored, readonly=True) as ledger:
        assert ledger.counts()["articles"] == 3
