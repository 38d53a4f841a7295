"""Files that are not a healthy ledger of this version, given to the library and to the command
line: each gets one actionable line, and the file is left exactly as it was.

test_refuse_foreign_files.py covers a foreign SQLite database, a text file, a damaged first page,
a directory and an empty file for Ledger.open; this adds what it lacks."""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsledger.cli import main
from newsledger.errors import StoreError
from conftest import overwrite_table_root
from newsledger.ledger import Ledger

NOBODY = 65534


@pytest.fixture
def stored(ledger_path, records) -> Path:
    """A healthy ledger of the three records, closed, with no -wal or -shm beside it."""
    with Ledger.open(ledger_path) as ledger:
        ledger.add_many(records)
    assert sorted(p.name for p in ledger_path.parent.iterdir()) == [ledger_path.name]
    return ledger_path


def snapshot(path: Path) -> tuple[bytes, list[str]]:
    """The file's bytes and what lies beside it (no -wal, -shm or journal may appear)."""
    return path.read_bytes() if path.is_file() else b"", sorted(p.name for p in path.parent.iterdir())


def damaged(path: Path, why: str) -> str:
    return f"{path}: the ledger database is damaged ({why}); restore it from a backup or pass a new file name with --db"


def cli(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    return result


def refused(path: Path, readonly: bool) -> str:
    with pytest.raises(StoreError) as err:
        Ledger.open(path, readonly=readonly).close()
    return str(err.value)


@pytest.mark.parametrize("cut", [100, 4096, "half", -4096, -1])
@pytest.mark.parametrize("readonly", [True, False])
def test_a_truncated_ledger_is_refused_and_left_as_it_is(stored, cut, readonly):
    # Found here: cut short by less than a page (a copy interrupted near its end), the ledger
    # opened without a word, SQLite reading the missing end as zeros.
    data = stored.read_bytes()
    size = len(data) // 2 if cut == "half" else cut if cut > 0 else len(data) + cut
    stored.write_bytes(data[:size])
    before = snapshot(stored)

    assert refused(stored, readonly) == damaged(stored, f"it is cut short: {size:,} of {len(data):,} bytes")
    assert snapshot(stored) == before


def test_a_file_with_only_part_of_an_sqlite_header_is_damaged(tmp_path):
    path = tmp_path / "stub.db"
    path.write_bytes(b"SQLite format 3\x00\x10\x00")
    assert refused(path, False) == damaged(path, "database disk image is malformed")
    assert snapshot(path) == (b"SQLite format 3\x00\x10\x00", ["stub.db"])


def test_random_bytes_are_not_a_ledger(tmp_path):
    path = tmp_path / "noise.db"
    path.write_bytes(random.Random(1).randbytes(50_000))
    before = snapshot(path)
    for readonly in (True, False):
        assert refused(path, readonly) == f"{path}: is not a newsledger database (not an SQLite file); pass a new file name with --db"
    assert snapshot(path) == before


def test_random_bytes_behind_an_sqlite_header_are_a_damaged_ledger(tmp_path):
    path = tmp_path / "noise.db"
    path.write_bytes(b"SQLite format 3\x00" + random.Random(2).randbytes(50_000))
    before = snapshot(path)
    for readonly in (True, False):
        assert refused(path, readonly) == damaged(path, "file is not a database")
    assert snapshot(path) == before


def test_a_ledger_damaged_inside_is_found_by_the_first_read_that_meets_it(stored):
    # Opening reads only the schema and the migrations; a page of the statements table overwritten
    # afterwards surfaced as sqlite3.DatabaseError (a traceback in the CLI, a 500 in the web app).
    overwrite_table_root(stored, "statements")
    before = snapshot(stored)

    with Ledger.open(stored, readonly=True) as ledger:
        for read in (ledger.statements, lambda: ledger.statements(speaker="pompeo"), lambda: ledger.entity_statements("person:mike-pompeo")):
            with pytest.raises(StoreError) as err:
                read()
            assert str(err.value) == damaged(stored, "database disk image is malformed")
    result = cli("statements", "--db", str(stored))
    assert (result.exit_code, result.stderr) == (2, f"error: {damaged(stored, 'database disk image is malformed')}\n")
    assert stored.read_bytes() == before[0]  # a read-only open may leave empty -wal/-shm files beside it


def test_a_zero_length_file_is_refused_by_every_reading_command(tmp_path):
    path = tmp_path / "empty.db"
    path.touch()
    for command in (["statements"], ["entities"], ["export", "--out", str(tmp_path / "out.jsonl")]):
        result = cli(*command, "--db", str(path))
        assert (result.exit_code, result.stderr) == (
            2, f"error: {path}: the ledger is empty; add articles to it before opening it read-only\n"
        ), command
    assert snapshot(path) == (b"", ["empty.db"])


def foreign_database(path: Path) -> Path:
    """A GeoPackage-like file: another program's application id and its own tables."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 1196444487")  # 'GPKG'
    conn.execute("CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY)")
    conn.execute("CREATE TABLE migrations (name TEXT)")  # a table named like ours is not enough
    conn.execute("INSERT INTO gpkg_contents VALUES ('roads')")
    conn.commit()
    conn.close()
    return path


def test_another_programs_database_is_refused_by_ingest_and_left_unchanged(tmp_path):
    path = foreign_database(tmp_path / "map.gpkg")
    article = tmp_path / "a.txt"
    article.write_text("Navy chief Sam Reed said that the fleet was ready.\n")
    before = snapshot(path)
    result = cli("ingest", str(article), "--db", str(path))
    assert (result.exit_code, result.stderr) == (
        2,
        f"error: {path}: is not a newsledger database (an SQLite database of another program, "
        "with tables gpkg_contents, migrations); pass a new file name with --db\n",
    )
    assert snapshot(path) == before


@pytest.mark.parametrize("command", [["statements"], ["ingest", "ARTICLE"]])
def test_a_ledger_from_a_newer_newsledger_is_refused_and_left_unchanged(stored, tmp_path, command):
    conn = sqlite3.connect(stored)
    conn.execute("INSERT INTO migrations (name, applied_at) VALUES ('m999_future', '2031-01-01')")
    conn.commit()
    conn.close()
    article = tmp_path / "a.txt"
    article.write_text("Navy chief Sam Reed said that the fleet was ready.\n")
    before = snapshot(stored)

    result = cli(*[str(article) if part == "ARTICLE" else part for part in command], "--db", str(stored))
    assert (result.exit_code, result.stderr) == (
        2,
        f"error: {stored}: the ledger was written by a newer newsledger (unknown migration m999_future); "
        "upgrade newsledger to open it\n",
    )
    # the file is untouched; a read-only open of a WAL ledger may leave empty -wal/-shm files beside it
    assert stored.read_bytes() == before[0]


def test_a_directory_given_as_db_is_refused_by_ingest(tmp_path):
    folder = tmp_path / "ledgers"
    folder.mkdir()
    article = tmp_path / "a.txt"
    article.write_text("Navy chief Sam Reed said that the fleet was ready.\n")
    result = cli("ingest", str(article), "--db", str(folder))
    assert (result.exit_code, result.stderr) == (2, f"error: {folder}: is a directory; pass a file name with --db\n")
    assert list(folder.iterdir()) == []


def _ingest_as_someone_else(db: Path, article: Path) -> tuple[int, str]:
    """``newsledger ingest`` (the click command, in a child process) run by a user for whom the
    file's permissions hold: root ignores them, so under root the child drops to nobody. The child
    imports nothing after that (the interpreter's own files may be unreadable to nobody)."""
    args = ["ingest", str(article), "--db", str(db)]
    if os.geteuid() != 0:
        result = CliRunner().invoke(main, args)
        return result.exit_code, result.stderr
    CliRunner().invoke(main, ["--version"])  # import what invoking needs, while still root
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        code = 1
        try:
            os.close(read)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            result = CliRunner().invoke(main, args)
            os.write(write, json.dumps([result.exit_code, result.stderr]).encode())
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read) as pipe:
        answer = pipe.read()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0 and answer, "the child could not run the command as nobody"
    exit_code, stderr = json.loads(answer)
    return exit_code, stderr


@pytest.fixture
def own_folder(stored):
    """A folder the ingesting user owns (a fresh one under /tmp, since pytest's are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="newsledger-ro-"))
    os.chmod(folder, 0o755)
    try:
        shutil.copyfile(stored, folder / "ledger.db")
        (folder / "a.txt").write_text("Navy chief Sam Reed said that the fleet was ready.\n")
        if os.geteuid() == 0:
            for path in (folder, folder / "ledger.db", folder / "a.txt"):
                os.chown(path, NOBODY, NOBODY)
        yield folder
    finally:
        shutil.rmtree(folder)


def test_a_read_only_ledger_is_refused_before_any_work(own_folder):
    # Before: SQLite opened it read-only without a word, ingest loaded the model and extracted the
    # first article, then failed with "attempt to write a readonly database", leaving -wal and -shm files.
    db = own_folder / "ledger.db"
    os.chmod(db, 0o444)
    before = snapshot(db)
    run = _ingest_as_someone_else(db, own_folder / "a.txt")
    assert run == (
        2, f"error: {db}: the ledger file is read-only; make it writable (chmod u+w) or pass another file with --db\n"
    )
    assert snapshot(db) == before


def test_a_ledger_in_a_read_only_folder_is_refused_before_any_work(own_folder):
    db = own_folder / "ledger.db"
    os.chmod(db, 0o666)
    os.chmod(own_folder, 0o555)
    before = snapshot(db)
    run = _ingest_as_someone_else(db, own_folder / "a.txt")
    os.chmod(own_folder, 0o755)
    assert run == (
        2,
        f"error: {db}: its folder is not writable, and the ledger keeps its journal beside it; "
        "make the folder writable or pass a file in another folder with --db\n",
    )
    assert snapshot(db) == before
