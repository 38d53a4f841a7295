"""`newsledger ingest` and `newsledger statements`: store articles once, list them back, lose nothing."""

from __future__ import annotations

import json

import pytest

from .conftest import stderr_lines, write
from .texts import BAKER, LOPEZ, REED


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    write(folder / "lopez.txt", LOPEZ)
    write(folder / "baker.txt", BAKER)
    return folder


@pytest.fixture
def extracted(cli, corpus):
    """The records `extract` prints for the corpus, to check the ledger against."""
    result = cli("extract", corpus)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.fixture
def ledger(cli, corpus, tmp_path):
    db = tmp_path / "l.db"
    result = cli("ingest", corpus, "--db", db)
    assert result.exit_code == 0, result.output
    return db


def test_ingest_then_reingest_adds_nothing_twice(cli, corpus, extracted, tmp_path):
    db = tmp_path / "l.db"
    statements = sum(len(r["statements"]) for r in extracted)
    assert statements == 4

    first = cli("ingest", corpus, "--db", db)
    again = cli("ingest", corpus, "--db", db)

    assert first.exit_code == 0, first.output
    assert stderr_lines(first) == [f"2 articles added ({statements} statements), 0 already stored, 0 failed; ledger: {db}"]
    assert again.exit_code == 0, again.output
    assert stderr_lines(again) == [f"0 articles added (0 statements), 2 already stored, 0 failed; ledger: {db}"]
    listed = cli("statements", "--db", db)
    assert stderr_lines(listed) == [f"{statements} statements"]
    assert len(listed.stdout.splitlines()) == statements


@pytest.mark.parametrize("speaker", ["lopez", "LOPEZ", "Ana Lopez"])
def test_statements_of_one_speaker(cli, ledger, extracted, speaker):
    hers = [s for r in extracted for s in r["statements"] if (s["speaker_entity"] or {}).get("name") == "Ana Lopez"]
    assert len(hers) == 2

    result = cli("statements", "--db", ledger, "--speaker", speaker)

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == len(hers)
    assert all("Ana Lopez" in line and "lopez" in line for line in lines)  # speaker and article id
    assert not any("Baker" in line for line in lines)
    assert {s["cue"]["text"] for s in hers} == {"said", "added"}
    assert stderr_lines(result) == [f"{len(hers)} statements"]


def test_statements_as_jsonl(cli, ledger, extracted):
    result = cli("statements", "--db", ledger, "--format", "jsonl")

    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    expected = {(r["id"], s["id"], s["cue"]["text"], s["content"]["text"]) for r in extracted for s in r["statements"]}
    assert {(row["article_id"], row["statement_id"], row["cue_text"], row["content_text"]) for row in rows} == expected
    assert stderr_lines(result) == [f"{len(rows)} statements"]


@pytest.mark.parametrize("query, speakers", [("navy", {"Tom Baker"}), ("talks", {"Ana Lopez"}), ("submarine", set())])
def test_statements_full_text_search(cli, ledger, query, speakers):
    result = cli("statements", "--db", ledger, "--search", query, "--format", "jsonl")

    assert result.exit_code == 0, result.output
    assert {json.loads(line)["speaker_name"] for line in result.stdout.splitlines()} == speakers


def test_a_bad_file_in_a_later_ingest_loses_nothing(cli, ledger, tmp_path):
    more = tmp_path / "more"
    write(more / "reed.txt", REED)
    empty = write(more / "empty.txt", "")

    result = cli("ingest", more, "--db", ledger)

    assert result.exit_code == 1
    assert stderr_lines(result) == [
        f"error: {empty}: is empty; nothing to extract",
        f"1 articles added (1 statements), 0 already stored, 1 failed; ledger: {ledger}",
    ]
    listed = cli("statements", "--db", ledger, "--format", "jsonl")
    articles = sorted({json.loads(line)["article_id"] for line in listed.stdout.splitlines()})
    assert articles == ["baker", "lopez", "reed"]
    assert stderr_lines(listed) == ["5 statements"]


def test_statements_refuses_a_file_that_is_not_a_ledger(cli, tmp_path):
    path = write(tmp_path / "not-a-db.txt", "these are my notes\n")

    result = cli("statements", "--db", path)

    assert result.exit_code == 2
    assert result.stdout == ""
    assert stderr_lines(result) == [
        f"error: {path}: is not a newsledger database (not an SQLite file); pass a new file name with --db"
    ]
    assert path.read_text() == "these are my notes\n"  # left untouched


def test_ingest_refuses_a_file_that_is_not_a_ledger(cli, corpus, tmp_path):
    path = write(tmp_path / "not-a-db.txt", "these are my notes\n")

    result = cli("ingest", corpus, "--db", path)

    assert result.exit_code == 2
    assert stderr_lines(result) == [
        f"error: {path}: is not a newsledger database (not an SQLite file); pass a new file name with --db"
    ]
    assert path.read_text() == "these are my notes\n"


def test_statements_of_a_missing_ledger_creates_none(cli, tmp_path):
    db = tmp_path / "missing.db"

    result = cli("statements", "--db", db)

    assert result.exit_code == 2
    assert stderr_lines(result) == [f"error: {db}: no such ledger database; check the file name given with --db"]
    assert not db.exists()


def test_a_negative_limit_is_a_usage_error(cli, ledger):
    result = cli("statements", "--db", ledger, "--limit", "-1", catch_exceptions=True)

    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 2
    assert "--limit" in result.stderr


def test_a_bad_published_date_creates_no_ledger(cli, corpus, tmp_path):
    db = tmp_path / "new.db"

    result = cli("ingest", corpus, "--db", db, "--published", "05/03/2024")

    assert result.exit_code == 2
    assert not db.exists()
