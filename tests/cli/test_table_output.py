"""Table output as a reader of the ledger needs it: --wide and --format csv cut no column;
`statements --format jsonl` and `entities --format jsonl` print export's rows; `positions` finds every spelling of a weapon or
entity and takes an entity id."""

from __future__ import annotations

import csv
import io
import json

import pytest

from newsledger.ledger.exports import COLUMNS

from .conftest import stderr_lines, write

LOPEZ_S400 = (
    "Foreign Minister Ana Lopez said that Turkey would never give up the S-400 air defence system it bought "
    "from Russia, whatever Washington decided about sanctions and the fighter jets it had withheld.\n\n"
    '"The S-400 deal is done," she added.\n'
)
BAKER_S400 = "Defence Secretary Tom Baker told reporters that the S400 batteries would be fully operational by the end of the year.\n"
REED_FLEET = "Navy chief Sam Reed said that the fleet was ready to sail.\n"
LONG_CONTENT = (
    "that Turkey would never give up the S-400 air defence system it bought from Russia, whatever Washington "
    "decided about sanctions and the fighter jets it had withheld"
)


@pytest.fixture(scope="module")
def ledger(tmp_path_factory, nlp):
    from newsledger.commands import ingest

    folder = tmp_path_factory.mktemp("tables")
    write(folder / "corpus" / "lopez.txt", LOPEZ_S400)
    write(folder / "corpus" / "baker.txt", BAKER_S400)
    write(folder / "corpus" / "reed.txt", REED_FLEET)
    db = folder / "ledger.db"
    ingest([str(folder / "corpus")], db=str(db))
    return db


def test_the_table_cuts_long_content(cli, ledger):
    result = cli("statements", "--db", ledger, "--speaker", "Ana Lopez")

    assert result.exit_code == 0, result.output
    assert "[...]" in result.stdout
    assert LONG_CONTENT not in result.stdout


def test_wide_cuts_nothing(cli, ledger):
    result = cli("statements", "--db", ledger, "--speaker", "Ana Lopez", "--wide")

    assert result.exit_code == 0, result.output
    assert "[...]" not in result.stdout
    assert LONG_CONTENT in result.stdout.splitlines()[0]


@pytest.mark.parametrize(
    "args, header",
    [
        (["statements"], ["published", "article", "speaker", "cue", "content"]),
        (["positions", "S-400"], ["published", "article", "speaker", "cue", "content"]),
        (["entities"], ["id", "name", "type", "articles", "statements", "title"]),
        (["timeline", "country:TUR"], ["when", "article", "actors", "what", "recipients", "modality"]),
        (["transfers"], ["supplier", "recipient", "designation", "category", "status", "order_year",
                         "delivery_years", "quantity", "evidence", "follow_on"]),
    ],
    ids=["statements", "positions", "entities", "timeline", "transfers"],
)
def test_csv_has_a_header_and_whole_cells(cli, ledger, args, header):
    result = cli(*args, "--db", ledger, "--format", "csv")

    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == header
    assert all(len(row) == len(header) for row in rows[1:])
    if args[0] == "statements":
        assert LONG_CONTENT in [row[-1] for row in rows[1:]]


def test_statements_jsonl_is_exports_shape_and_values(cli, ledger):
    listed = cli("statements", "--db", ledger, "--format", "jsonl")
    exported = cli("export", "--db", ledger, "--format", "jsonl")

    assert listed.exit_code == 0 and exported.exit_code == 0, listed.output + exported.output
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert rows == [json.loads(line) for line in exported.stdout.splitlines()]
    assert list(rows[0]) == [name for name, _ in COLUMNS["statements"]]
    assert {row["speaker_id"] for row in rows} == {"person:ana-lopez", "person:tom-baker", "person:sam-reed"}
    assert all(row["group_id"] is not None for row in rows)


def test_positions_jsonl_is_exports_shape(cli, ledger):
    result = cli("positions", "S-400", "--db", ledger, "--format", "jsonl")

    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and all(list(row) == [name for name, _ in COLUMNS["statements"]] for row in rows)


def test_entities_jsonl_is_exports_shape_and_values(cli, ledger):
    listed = cli("entities", "--db", ledger, "--format", "jsonl", "--limit", "1000")
    exported = cli("export", "--db", ledger, "--what", "entities", "--format", "jsonl")

    assert listed.exit_code == 0 and exported.exit_code == 0, listed.output + exported.output
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert sorted(rows, key=lambda row: row["id"]) == sorted(
        (json.loads(line) for line in exported.stdout.splitlines()), key=lambda row: row["id"]
    )
    lopez = next(row for row in rows if row["id"] == "person:ana-lopez")
    assert list(lopez) == [name for name, _ in COLUMNS["entities"]]
    assert lopez["titles"][0]["title"] == "Foreign Minister"


@pytest.mark.parametrize("topic", ["S-400", "S400", "s400", "S 400", "Triumf", "SA-21 Growler", "weapon:s-400"])
def test_positions_finds_every_spelling_of_a_weapon(cli, ledger, topic):
    result = cli("positions", topic, "--db", ledger, "--format", "csv")

    assert result.exit_code == 0, result.output
    speakers = sorted(row[2] for row in list(csv.reader(io.StringIO(result.stdout)))[1:])
    assert speakers == ["Ana Lopez", "Ana Lopez", "Tom Baker"]
    assert stderr_lines(result) == [f"3 statements on {topic!r}"]


def test_positions_of_an_entity_id_lists_what_mentions_it(cli, ledger):
    result = cli("positions", "country:TUR", "--db", ledger)

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "== Ana Lopez"
    assert stderr_lines(result) == ["1 statements on 'country:TUR'"]


def test_positions_of_an_unknown_entity_id_says_how_to_find_one(cli, ledger):
    result = cli("positions", "weapon:nothing", "--db", ledger)

    assert result.exit_code == 2
    assert stderr_lines(result) == [
        f"error: {ledger}: no entity 'weapon:nothing' in the ledger; find its id with: newsledger entities NAME"
    ]


def test_a_query_in_fts_syntax_is_left_as_written(cli, ledger):
    result = cli("positions", '"S400" OR fleet', "--db", ledger, "--format", "csv")

    assert result.exit_code == 0, result.output
    assert sorted(row[2] for row in list(csv.reader(io.StringIO(result.stdout)))[1:]) == ["Sam Reed", "Tom Baker"]


def test_extract_table_wide(cli, tmp_path):
    path = write(tmp_path / "lopez.txt", LOPEZ_S400)

    cut = cli("extract", path, "--format", "table")
    wide = cli("extract", path, "--format", "table", "--wide")

    assert cut.exit_code == wide.exit_code == 0
    assert LONG_CONTENT not in cut.stdout
    assert LONG_CONTENT in wide.stdout
