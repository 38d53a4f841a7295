"""Exports (JSONL, CSV, Parquet read by DuckDB and pandas) and the ledger's commands."""

import csv
import json

import duckdb
import pandas
import pytest
from click.testing import CliRunner

from newsledger import commands
from newsledger.cli import main
from newsledger.ledger import Ledger

from .build import WIRE_TEXT, all_records, wire_record
from .conftest import pompeo_record, secretary_record, spokesman_record

EXPECTED_ROWS = {"statements": 10, "events": 5, "entities": 10, "transfers": None}


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "ledger.db"
    with Ledger.open(path) as ledger:
        ledger.add_many([pompeo_record(), secretary_record(), spokesman_record(), *all_records()])
    return str(path)


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result


@pytest.mark.parametrize("what", ["statements", "events", "entities", "transfers"])
def test_jsonl_and_csv_exports_have_the_same_rows(db, tmp_path, what):
    jsonl = commands.export(what, "jsonl", db=db, out=tmp_path / "x.jsonl")
    rows = [json.loads(line) for line in (tmp_path / "x.jsonl").read_text(encoding="utf-8").splitlines()]
    assert jsonl.rows == len(rows)
    if EXPECTED_ROWS[what] is not None:
        assert len(rows) == EXPECTED_ROWS[what]
    commands.export(what, "csv", db=db, out=tmp_path / "x.csv")
    with open(tmp_path / "x.csv", encoding="utf-8", newline="") as f:
        table = list(csv.DictReader(f))
    assert len(table) == len(rows)
    for row, line in zip(table, rows):
        for name, value in line.items():
            expected = "" if value is None else json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else str(value)
            assert row[name] == expected


@pytest.mark.parametrize("what", ["statements", "events", "entities", "transfers"])
def test_parquet_is_read_by_duckdb_and_pandas_as_it_is(db, tmp_path, what):
    out = tmp_path / f"{what}.parquet"
    result = commands.export(what, "parquet", db=db, out=out)
    assert duckdb.sql(f"select count(*) from '{out}'").fetchall()[0][0] == result.rows
    frame = pandas.read_parquet(out)
    assert len(frame) == result.rows
    jsonl = [json.loads(x) for x in _jsonl(db, what)]
    assert list(frame.columns) == list(jsonl[0]) if jsonl else True


def _jsonl(db, what):
    import io

    stream = io.StringIO()
    commands.export(what, "jsonl", db=db, stream=stream)
    return stream.getvalue().splitlines()


def test_parquet_columns_are_typed(db, tmp_path):
    out = tmp_path / "statements.parquet"
    commands.export("statements", "parquet", db=db, out=out)
    types = dict(duckdb.sql(f"select column_name, column_type from (describe select * from '{out}')").fetchall())
    assert types["article_published"] == "DATE"
    assert types["content_start"] == "BIGINT"
    assert types["confidence"] == "DOUBLE"
    assert types["mentions"] == "VARCHAR[]"
    assert types["content_parts"] == "BIGINT[][]"
    rows = duckdb.sql(
        f"select article_id, speaker_id, group_size, mentions from '{out}' where speaker_id = 'person:dmitry-shugaev'"
        " order by article_published, article_id, statement_id"
    ).fetchall()
    assert rows[0] == ("wire", "person:dmitry-shugaev", 3, ["country:IND"])
    frame = pandas.read_parquet(tmp_path / "statements.parquet")
    assert frame.loc[frame.article_id == "b2", "content_parts"].iloc[0].tolist()[0].tolist() == [1, 23]


def test_the_round_trip_of_statements_through_jsonl(db):
    rows = [json.loads(x) for x in _jsonl(db, "statements")]
    with Ledger.open(db, readonly=True) as ledger:
        stored = ledger.statements()
    assert [(r["article_id"], r["statement_id"], r["content_text"], r["group_id"]) for r in rows] == [
        (s.article_id, s.statement.id, s.statement.content.text, s.group_id) for s in stored
    ]


@pytest.mark.parametrize(
    ("args", "exit_code", "stdout_has", "stderr_is"),
    [
        (["statements", "--entity", "person:dmitry-shugaev", "--distinct-claims"], 0, ["first units", "frigates"], "2 statements"),
        (["statements", "--entity", "country:IND", "--since", "2021-11-16", "--limit", "1", "--offset", "1"], 0, ["follow-up"], "1 statements"),
        (["statements", "--entity", "person:nobody"], 2, [],
         "error: {db}: no entity 'person:nobody' in the ledger; find its id with: newsledger entities NAME"),
        (["statements", "--since", "yesterday"], 2, [],
         "error: since: 'yesterday' is not a date in YYYY-MM-DD form; give a date such as 2024-03-05"),
        (["statements", "--speaker", "O'Brien"], 0, [], "0 statements"),
        (["timeline", "country:IND"], 0, ["2018-10", "DELIVER S-400"], "2 events of India (country:IND)"),
        (["timeline", "nobody"], 2, [],
         "error: {db}: no entity 'nobody' in the ledger; find its id with: newsledger entities NAME"),
        (["positions", "regiment OR missile"], 0, ["== Dmitry Shugaev", "== Mohammad Javad Zarif"], "5 statements on 'regiment OR missile'"),
        (["positions", "missile OR"], 2, [],
         """error: invalid full-text query 'missile OR' (fts5: syntax error near ""); put words with punctuation in double quotes, e.g. '"al-Qaeda"'"""),
        (["entities", "shug"], 0, ["person:dmitry-shugaev", "head, Rosoboronexport"], "1 entities"),
        (["entities", "--type", "weapon_system"], 0, ["weapon:s-400", "weapon:rafale"], "2 entities"),
        (["export", "--what", "entities", "--format", "csv"], 0, ["id,name,type,aliases"], "10 entities exported as csv"),
        (["export", "--format", "parquet"], 2, [],
         "error: Parquet is a binary format; give a file to write it to, e.g. --out statements.parquet"),
    ],
)
def test_commands(db, args, exit_code, stdout_has, stderr_is):
    result = run(*args, "--db", db)
    assert result.exit_code == exit_code, result.output
    for text in stdout_has:
        assert text in result.stdout
    assert result.stderr.strip().splitlines() == [stderr_is.format(db=db)]


def test_a_missing_ledger_is_one_line(tmp_path):
    missing = tmp_path / "none.db"
    for args in (["timeline", "country:USA"], ["entities"], ["positions", "x"], ["export"]):
        result = run(*args, "--db", missing)
        assert result.exit_code == 2
        assert result.stderr == f"error: {missing}: no such ledger database; check the file name given with --db\n"


def test_export_to_a_file(db, tmp_path):
    out = tmp_path / "events.parquet"
    result = run("export", "--what", "events", "--format", "parquet", "--out", out, "--db", db)
    assert result.exit_code == 0
    assert result.stderr == f"5 events exported as parquet to {out}\n"
    assert duckdb.sql(f"select list_sort(list(actor_ids[1])) from '{out}'").fetchall()[0][0] == [
        "country:GRC", "country:RUS", "country:RUS", "person:dmitry-shugaev", "person:mike-pompeo"
    ]


@pytest.fixture(scope="module")
def crowded(tmp_path_factory):
    """A ledger where India receives 510 deliveries, one an article: more than any page shows."""
    path = tmp_path_factory.mktemp("crowded") / "ledger.db"
    with Ledger.open(path) as ledger:
        ledger.add_many([wire_record(f"wire{i:03d}", f"{WIRE_TEXT}\nCopy {i}.") for i in range(510)])
    return str(path)


@pytest.mark.parametrize(
    ("limit", "shown", "stderr_is"),
    [
        ([], 510, "510 events of India (country:IND)"),
        (["--limit", "600"], 510, "510 events of India (country:IND)"),
        (["--limit", "510"], 510, "510 events of India (country:IND)"),
        (["--limit", "3"], 3, "the first 3 events of India (country:IND); it has more: raise --limit, or leave it out to see them all"),
        (["--limit", "0"], 0, "the first 0 events of India (country:IND); it has more: raise --limit, or leave it out to see them all"),
    ],
)
def test_timeline_prints_every_event_unless_limited(crowded, limit, shown, stderr_is):
    result = run("timeline", "country:IND", *limit, "--format", "jsonl", "--db", crowded)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["article"] for r in rows] == [f"wire{i:03d}" for i in range(shown)]  # same date: in article id order
    assert result.stderr.strip().splitlines() == [stderr_is]
    table = run("timeline", "country:IND", *limit, "--db", crowded)
    assert sum("DELIVER S-400" in line for line in table.stdout.splitlines()) == shown
