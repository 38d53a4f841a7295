"""Problems are stored in bulk and once: a file of 200,000 bad lines is stored in seconds (one
transaction a problem took 5 minutes here), and running the same input again, or again after a
kill, adds no second copy of a problem (migration m005_problems_once)."""

from __future__ import annotations

import sqlite3
import time

from newsledger.commands import store_records
from newsledger.ingest import read_articles
from newsledger.ledger import Ledger
from newsledger.records import Problem


def problem_rows(db) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT source, message FROM ingest_problems ORDER BY id").fetchall()


def test_two_hundred_thousand_bad_lines_are_stored_in_seconds(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text("x\n" * 200_000)
    db = tmp_path / "ledger.db"
    start = time.perf_counter()
    result = store_records(read_articles([str(path)]), db=str(db))
    seconds = time.perf_counter() - start
    assert len(result.problems) == 200_000
    rows = problem_rows(db)
    assert len(rows) == 200_000
    assert rows[0] == (f"{path}:1", f"{path}:1: not valid JSON (Expecting value at column 1); write one JSON object per line, such as {{\"id\": \"a1\", \"text\": \"...\"}}")
    assert rows[-1][0] == f"{path}:200000"
    assert seconds < 60  # about 6 s here; 325 s before (5,000 took 8 s)


def test_a_rerun_records_each_problem_once(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text("x\n{}\n")
    db = str(tmp_path / "ledger.db")
    store_records(read_articles([str(path)]), db=db)
    first = problem_rows(db)
    store_records(read_articles([str(path)]), db=db)
    assert problem_rows(db) == first
    assert len(first) == 2


def test_record_problem_twice_keeps_one(tmp_path):
    with Ledger.open(tmp_path / "ledger.db") as ledger:
        ledger.record_problem(Problem.of("a.txt", "is empty", "nothing to extract", kind="empty"))
        ledger.record_problems([Problem("a.txt", "a.txt: is empty; nothing to extract"), Problem("b.txt", "b.txt: other")])
        assert ledger.problems() == [
            Problem("a.txt", "a.txt: is empty; nothing to extract"),
            Problem("b.txt", "b.txt: other"),
        ]


def test_the_migration_removes_the_copies_an_older_ledger_holds(tmp_path):
    db = tmp_path / "ledger.db"
    Ledger.open(db).close()
    with sqlite3.connect(db) as conn:  # the ledger as an older newsledger left it
        conn.execute("DROP INDEX ingest_problems_once")
        conn.execute("DELETE FROM migrations WHERE name = 'm005_problems_once'")
        conn.executemany(
            "INSERT INTO ingest_problems (source, message, at) VALUES (?, ?, '2025-01-01')",
            [("a", "a: one"), ("b", "b: two"), ("a", "a: one"), ("a", "a: one"), ("b", "b: other")],
        )
    with Ledger.open(db) as ledger:
        assert ledger.problems() == [Problem("a", "a: one"), Problem("b", "b: two"), Problem("b", "b: other")]


def test_problems_keep_their_fields_and_those_recorded_before_keep_their_line(tmp_path):
    db = tmp_path / "ledger.db"
    Ledger.open(db).close()
    with sqlite3.connect(db) as conn:  # the ledger as a newsledger before m007 left it
        for column in ("kind", "problem", "fix"):
            conn.execute(f"ALTER TABLE ingest_problems DROP COLUMN {column}")
        conn.execute("DELETE FROM migrations WHERE name = 'm007_problem_fields'")
        conn.execute(
            "INSERT INTO ingest_problems (source, message, at) VALUES ('a.txt', 'a.txt: is empty; nothing to extract', '2025-01-01')"
        )
    with Ledger.open(db) as ledger:
        ledger.record_problem(Problem.of("b.txt", "is empty", "nothing to extract", kind="empty"))
        old, new = ledger.problems()
    assert (old.source, old.kind, old.problem, old.message) == ("a.txt", "unknown", None, "a.txt: is empty; nothing to extract")
    assert (new.source, new.kind, new.problem, new.fix) == ("b.txt", "empty", "is empty", "nothing to extract")
    assert new.message == "b.txt: is empty; nothing to extract"
