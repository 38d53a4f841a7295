"""The local engine: the same records as `newsledger extract`, Parquet tables, resumption."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from newsledger.batch import read_results, run_batch
from newsledger.batch.output import TABLES, done_path, table_path
from newsledger.errors import InputError
from newsledger.ledger import Ledger, article_key

from .conftest import as_comparable
from .corpus import build

REPO = Path(__file__).resolve().parents[2]
NEWSLEDGER = [sys.executable, "-m", "newsledger"]  # this interpreter, whatever its environment


@pytest.fixture(scope="module")
def batch_out(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "run"
    result = run_batch([str(corpus)], str(out), workers=2, shard_size=4)
    return out, result


def test_batch_gives_the_records_extract_gives(batch_out, reference):
    out, result = batch_out
    assert as_comparable(read_results(out)) == as_comparable(reference)
    records = [r for r in reference if hasattr(r, "statements")]
    assert (result.articles, result.errors) == (len(records), len(reference) - len(records))
    assert result.statements == sum(len(r.statements) for r in records)
    assert result.events == sum(len(r.events) for r in records)


def test_tables_are_partitioned_parquet_with_one_row_per_record(batch_out, reference):
    out, result = batch_out
    records = [r for r in reference if hasattr(r, "statements")]
    for table, expected in [
        ("articles", len(records)),
        ("statements", sum(len(r.statements) for r in records)),
        ("events", sum(len(r.events) for r in records)),
        ("entities", sum(len(r.entities) for r in records)),
    ]:
        data = ds.dataset(out / table, format="parquet", partitioning="hive").to_table()
        assert data.num_rows == expected, table
        assert sorted(set(data.column("shard").to_pylist())) == list(range(result.shards))
    statements = ds.dataset(out / "statements", format="parquet", partitioning="hive").to_table().to_pylist()
    by_key = {(article_key(r.article.text), s.id): s for r in records for s in r.statements}
    for row in statements:
        s = by_key[(row["article_key"], row["statement_id"])]
        assert (row["cue_text"], row["content_start"], row["content_end"]) == (s.cue.text, s.content.start, s.content.end)


def test_bad_articles_are_in_the_errors_table_with_their_reason(batch_out, corpus):
    out, result = batch_out
    errors = ds.dataset(out / "errors", format="parquet", partitioning="hive").to_table().to_pylist()
    failed = sorted(e["message"] for e in errors if e["severity"] == "error")
    assert failed == [
        f'{corpus}/wire.jsonl:4: not valid JSON (Expecting property name enclosed in double quotes at column 2); '
        'write one JSON object per line, such as {"id": "a1", "text": "..."}',
        f'{corpus}/wire.jsonl:8: has no "text" or "html" field; give the article text as "text" (or the web page as "html")',
    ]
    assert result.reasons == {"not_json": 1, "bad_field": 1}
    assert sorted((e["kind"], e["fix"]) for e in errors if e["severity"] == "error") == [
        ("bad_field", 'give the article text as "text" (or the web page as "html")'),
        ("not_json", 'write one JSON object per line, such as {"id": "a1", "text": "..."}'),
    ]
    assert any(e["severity"] == "warning" and e["kind"] == "unbalanced_quote" for e in errors)


def test_an_output_written_before_problems_had_fields_is_read_with_its_lines(batch_out, tmp_path):
    import pyarrow.parquet as pq

    out, _ = batch_out
    old = tmp_path / "old"
    shutil.copytree(out, old)
    for part in (old / "errors").rglob("*.parquet"):  # the errors table as newsledger-batch/1 first wrote it
        pq.write_table(pq.read_table(part).select(["source", "message", "severity"]), part)
    new_problems = [p for p in read_results(out) if not hasattr(p, "statements")]
    old_problems = [p for p in read_results(old) if not hasattr(p, "statements")]
    assert old_problems == new_problems and len(old_problems) == 2
    assert {p.kind for p in old_problems} == {"unknown"} and {p.kind for p in new_problems} == {"not_json", "bad_field"}


def test_ingesting_the_output_gives_the_ledger_that_ingesting_the_inputs_gives(batch_out, corpus, tmp_path):
    from newsledger import commands

    out, _ = batch_out
    direct = commands.ingest([str(corpus)], db=str(tmp_path / "direct.db"))
    loaded = commands.ingest([str(out)], db=str(tmp_path / "loaded.db"))
    assert (loaded.added, loaded.statements_added, len(loaded.problems)) == (direct.added, direct.statements_added, len(direct.problems))
    assert loaded.added_keys == sorted(loaded.added_keys, key=direct.added_keys.index)
    with Ledger.open(str(tmp_path / "direct.db"), readonly=True) as a, Ledger.open(str(tmp_path / "loaded.db"), readonly=True) as b:
        assert a.counts() == b.counts()
        assert [(s.article_key, s.statement.id, s.statement.content.text) for s in a.statements()] == [
            (s.article_key, s.statement.id, s.statement.content.text) for s in b.statements()
        ]


def test_a_second_run_skips_every_finished_shard(batch_out, corpus):
    out, first = batch_out
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*.parquet")}
    again = run_batch([str(corpus)], str(out), workers=2, shard_size=4)
    assert again.skipped == again.shards == first.shards
    assert (again.articles, again.statements, again.errors) == (first.articles, first.statements, first.errors)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.parquet")} == stamps


def test_a_run_resumes_the_shards_left_unfinished(batch_out, corpus, reference, tmp_path):
    out, first = batch_out
    copy = tmp_path / "run"
    shutil.copytree(out, copy)
    # As a run killed in shard 2 leaves it: no marker, some tables, a half-written temporary file.
    done_path(copy, 2).unlink()
    table_path(copy, "events", 2).unlink()
    (table_path(copy, "statements", 2).parent / ".part-0.parquet.tmp-999").write_bytes(b"PAR1 half")
    finished = []
    resumed = run_batch([str(corpus)], str(copy), workers=1, shard_size=4, on_shard=lambda s: finished.append(s.shard))
    assert finished == [2] and resumed.skipped == first.shards - 1
    assert (resumed.articles, resumed.statements, resumed.events) == (first.articles, first.statements, first.events)
    assert as_comparable(read_results(copy)) == as_comparable(reference)
    assert not list(copy.rglob(".*.tmp-*"))


@pytest.mark.parametrize(
    "change, message",
    [
        ({"shard_size": 5}, "holds a batch of other settings"),
        ({"profile": "accurate"}, "holds a batch of other settings"),
        ({"inputs": ["EXTRA"]}, "holds a batch of other inputs"),
    ],
)
def test_a_run_of_other_inputs_or_settings_is_refused(batch_out, corpus, change, message, tmp_path):
    out, _ = batch_out
    inputs = [str(corpus)] + [str(tmp_path)] * len(change.pop("inputs", []))
    with pytest.raises(InputError) as err:
        run_batch(inputs, str(out), workers=1, **{"shard_size": 4, **change})
    assert str(err.value) == f"{out}: {message}; pass a new --out folder, or delete this one to start again"


def test_an_output_folder_with_other_files_is_refused(tmp_path, corpus):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError) as err:
        run_batch([str(corpus)], str(tmp_path), workers=1)
    assert str(err.value) == f"{tmp_path}: is not empty and holds no batch; pass a new or empty --out folder"
    assert os.listdir(tmp_path) == ["notes.txt"]


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory):
    """A bigger corpus and its batch run, uninterrupted: (corpus, command, output, stderr, seconds)."""
    folder = tmp_path_factory.mktemp("killed")
    corpus = build(folder / "corpus", copies=3)
    command = NEWSLEDGER + ["batch", str(corpus), "--workers", "1", "--shard-size", "3"]
    started = time.monotonic()
    whole = subprocess.run(command + ["--out", str(folder / "whole")], capture_output=True, text=True, timeout=300)
    assert whole.returncode == 1, whole.stderr  # the two bad JSONL lines
    return corpus, command, folder / "whole", whole.stderr, time.monotonic() - started


def markers(out: Path) -> int:
    return len(list((out / "_done").glob("*.json"))) if (out / "_done").is_dir() else 0


@pytest.mark.slow  # a bigger corpus, run whole and then killed and run again
@pytest.mark.parametrize("kill_at", ["after 2 shards", "random 1", "random 2"])
def test_a_killed_run_resumes_to_exactly_the_records_of_an_uninterrupted_one(uninterrupted, kill_at, tmp_path):
    """SIGKILL the whole batch (the CLI and its workers) once some shards are done, or at a random
    moment (seeded), re-run it, and compare every table and the ledger loaded from it with an
    uninterrupted run's."""
    corpus, command, whole, whole_stderr, seconds = uninterrupted
    assert whole_stderr.splitlines()[-3].startswith("failures by kind")
    assert sorted(line.split(":")[0].split() for line in whole_stderr.splitlines()[-2:]) == [["1", "bad_field"], ["1", "not_json"]]
    shards = len(json.loads((whole / "manifest.json").read_text())["shards"])
    out = tmp_path / "killed"
    run = subprocess.Popen(command + ["--out", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + (240 if kill_at.startswith("after") else random.Random(kill_at).uniform(0.5, 0.7 * seconds))
    while time.monotonic() < deadline and run.poll() is None and not (kill_at.startswith("after") and markers(out) >= 2):
        time.sleep(0.02)
    os.killpg(run.pid, signal.SIGKILL)
    run.wait()
    done_before = markers(out)
    assert done_before < shards or kill_at.startswith("random")  # a random kill may, rarely, come after the end
    again = subprocess.run(command + ["--out", str(out)], capture_output=True, text=True, timeout=300)
    if done_before:
        assert f"resuming: {done_before} of {shards} shards already done" in again.stderr
    assert again.stderr.splitlines()[-3] == whole_stderr.splitlines()[-3].replace(str(whole), str(out)).replace(
        "0 done before", f"{done_before} done before"
    )
    for table in TABLES:
        a = ds.dataset(whole / table, format="parquet", partitioning="hive").to_table().to_pylist()
        b = ds.dataset(out / table, format="parquet", partitioning="hive").to_table().to_pylist()
        key = lambda row: json.dumps(row, sort_keys=True, default=str)  # noqa: E731
        assert sorted(map(key, a)) == sorted(map(key, b)), table
    assert not list(out.rglob(".*.tmp-*"))
    if kill_at == "random 1":
        from newsledger import commands

        commands.ingest([str(whole)], db=str(tmp_path / "a.db"))
        commands.ingest([str(out)], db=str(tmp_path / "b.db"))
        with Ledger.open(str(tmp_path / "a.db"), readonly=True) as a, Ledger.open(str(tmp_path / "b.db"), readonly=True) as b:
            assert a.counts() == b.counts() and a.counts()["statements"] > 300


@pytest.mark.slow  # a bigger corpus, run whole and then interrupted and run again
def test_ctrl_c_stops_with_a_message_and_the_run_resumes(uninterrupted, tmp_path):
    corpus, command, whole, whole_stderr, _ = uninterrupted
    out = tmp_path / "interrupted"
    run = subprocess.Popen(command + ["--out", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and run.poll() is None and markers(out) < 1:
        time.sleep(0.02)
    os.killpg(run.pid, signal.SIGINT)  # what Ctrl-C in a terminal sends to the whole job
    _, err = run.communicate(timeout=60)
    assert run.returncode == 130, err
    assert err.splitlines()[-1] == f"interrupted; finished shards are kept in {out}: run the same command again to resume"
    done_before = markers(out)
    again = subprocess.run(command + ["--out", str(out)], capture_output=True, text=True, timeout=300)
    assert again.stderr.splitlines()[-3] == whole_stderr.splitlines()[-3].replace(str(whole), str(out)).replace(
        "0 done before", f"{done_before} done before"
    )
    assert not list(out.rglob(".*.tmp-*"))


def test_an_article_over_its_time_is_an_error_row_in_a_local_worker(tmp_path, monkeypatch):
    """The time bound (a SIGALRM timer, settings.Limits.article_seconds) holds in the local
    engine's spawned workers, which inherit the limit from the environment: the slow article is
    one row of the errors table and the short ones around it are extracted."""
    monkeypatch.setenv("NEWSLEDGER_LIMIT_ARTICLE_SECONDS", "0.5")
    paragraph = 'The interior minister said on Monday that "talks will resume in Geneva next week," according to officials.\n\n'
    source = tmp_path / "in.jsonl"
    source.write_text(
        "".join(
            json.dumps({"id": i, "text": t}) + "\n"
            for i, t in [("a", "The minister said the talks would resume."), ("slow", paragraph * 600), ("b", "He said no.")]
        )
    )
    result = run_batch([str(source)], str(tmp_path / "out"), workers=1)
    assert (result.articles, result.errors) == (2, 1)
    errors = ds.dataset(tmp_path / "out" / "errors", format="parquet", partitioning="hive").to_table().to_pylist()
    assert [e["message"] for e in errors] == [
        f"{source}:2: extraction took longer than 0.5 seconds, the most one article may take; "
        "split it into smaller articles, or raise the limit with NEWSLEDGER_LIMIT_ARTICLE_SECONDS"
    ]


def test_the_command_that_starts_the_workers_never_loads_spacy(tmp_path):
    """Only the workers extract: the batch command itself plans, waits and counts, so it imports
    neither spaCy nor torch (some 2.5 CPU-seconds, paid before any worker could start)."""
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a", "text": "The minister said the talks would resume."}) + "\n")
    code = (
        "import sys\n"
        "from newsledger.batch import run_batch\n"
        f"result = run_batch([{str(source)!r}], {str(tmp_path / 'out')!r}, workers=1)\n"
        "assert result.articles == 1, result\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'spacy', 'thinc', 'torch'}))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"
