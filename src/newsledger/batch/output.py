"""A batch's output folder: the manifest, one Parquet file per table and shard, and a marker per
finished shard.

    OUT/manifest.json                      inputs, settings and the shard plan
    OUT/<table>/shard=NNNNN/part-0.parquet articles, statements, events, entities, errors
    OUT/_done/NNNNN.json                   the shard's summary, written last

A shard counts as finished only once its marker exists, and the marker is written after all its
tables: a run killed mid-shard leaves no marker, and the re-run writes the shard again over
whatever it left. Every file is written under a temporary name and renamed into place.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..ledger import article_key
from ..records import ArticleRecord, Problem
from ..rows import ARTICLE_COLUMNS, Columns, arrow_table, article_row, entity_row, event_row, select, statement_row
from .plan import Plan, Shard

FORMAT = "newsledger-batch/1"
MANIFEST = "manifest.json"
DONE = "_done"
TABLES = ("articles", "statements", "events", "entities", "errors")

# The article tables' columns are those of ``newsledger.rows``; the errors table is the batch's own:
# the message is the line a user sees; kind, problem and fix are its parts (an output written
# before they were kept has the first three columns only, and is read still: see problem_of).
COLUMNS: dict[str, Columns] = {
    **ARTICLE_COLUMNS,
    "errors": [
        ("source", "str"), ("message", "str"), ("severity", "str"), ("kind", "str"), ("problem", "str"), ("fix", "str"),
    ],
}


@dataclass
class ShardSummary:
    shard: int
    articles: int = 0
    statements: int = 0
    events: int = 0
    entities: int = 0
    errors: int = 0
    warnings: int = 0
    chars: int = 0
    seconds: float = 0.0
    reasons: dict[str, int] = field(default_factory=dict)  # error kind -> count, for the end summary

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ShardSummary:
        return cls(**{k: d[k] for k in cls.__dataclass_fields__ if k in d})


def table_path(out: str | Path, table: str, shard: Shard | int) -> Path:
    shard_id = shard.id if isinstance(shard, Shard) else shard
    return Path(out) / table / f"shard={shard_id:05d}" / "part-0.parquet"


def done_path(out: str | Path, shard: Shard | int) -> Path:
    shard_id = shard.id if isinstance(shard, Shard) else shard
    return Path(out) / DONE / f"{shard_id:05d}.json"


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that the file is either absent, as before, or complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


class ShardWriter:
    """Writes one shard's tables as its records come, a row group at a time, so that a worker's
    memory does not grow with the shard's size; ``finish`` renames them into place and writes the
    marker, ``abort`` removes them."""

    def __init__(self, out: str | Path, shard: Shard):
        import pyarrow.parquet as pq

        self.out, self.shard = out, shard
        self.files: dict[str, tuple[Path, Path, Any, Any]] = {}
        for table in TABLES:
            final = table_path(out, table, shard)
            final.parent.mkdir(parents=True, exist_ok=True)
            tmp = final.with_name(f".{final.name}.tmp-{os.getpid()}")
            stream = open(tmp, "wb")
            schema = arrow_table([], COLUMNS[table]).schema
            self.files[table] = (final, tmp, stream, pq.ParquetWriter(stream, schema, compression="zstd"))

    def write(self, results: list[ArticleRecord | Problem]) -> None:
        rows = table_rows(results)
        for table, (_, _, _, writer) in self.files.items():
            if rows[table]:
                writer.write_table(arrow_table(rows[table], COLUMNS[table]))

    def finish(self, summary: ShardSummary) -> None:
        for final, tmp, stream, writer in self.files.values():
            writer.close()
            stream.flush()
            os.fsync(stream.fileno())
            stream.close()
            os.replace(tmp, final)
        write_atomic(done_path(self.out, self.shard), json.dumps(summary.to_dict()).encode())

    def abort(self) -> None:
        for _, tmp, stream, writer in self.files.values():
            try:
                writer.close()
                stream.close()
                tmp.unlink()
            except OSError:
                pass


def table_rows(results: list[ArticleRecord | Problem]) -> dict[str, list[dict[str, Any]]]:
    """The rows each table gets from one shard's results (in reading order)."""
    rows: dict[str, list[dict[str, Any]]] = {table: [] for table in TABLES}
    for item in results:
        if isinstance(item, Problem):
            rows["errors"].append(problem_row(item))
            continue
        a = item.article
        key = article_key(a.text)
        rows["articles"].append(article_row(key, item))
        rows["errors"].extend(problem_row(w) for w in item.warnings)
        rows["statements"].extend(
            select(statement_row(key, a.id, a.published, s), COLUMNS["statements"]) for s in item.statements
        )
        rows["events"].extend(event_row(key, a.id, a.published, e) for e in item.events)
        rows["entities"].extend(entity_row(key, a.id, n) for n in item.entities)
    return rows


def problem_row(problem: Problem) -> dict[str, Any]:
    """A problem as a row of the errors table (and an entry of the manifest's problems)."""
    return {
        "source": problem.source, "message": problem.message, "severity": problem.severity,
        "kind": problem.kind, "problem": problem.problem, "fix": problem.fix,
    }


def problem_of(row: dict[str, Any]) -> Problem:
    """The problem a row of the errors table holds (or an entry of the manifest's problems). A row an
    older newsledger wrote has its line alone (no kind, problem or fix): it is kept as it was."""
    severity = row.get("severity") or "error"
    if row.get("problem") is None:
        return Problem.legacy(row["source"], row["message"], severity)
    return Problem.of(row["source"], row["problem"], row.get("fix"), kind=row["kind"], severity=severity)


# --- the manifest -------------------------------------------------------------------------------


def write_manifest(out: str | Path, inputs: list[str], settings: dict[str, Any], plan: Plan) -> None:
    manifest = {
        "format": FORMAT,
        "inputs": inputs,
        "settings": settings,
        "files": [list(f) for f in plan.files],
        "problems": [problem_row(p) for p in plan.problems],
        "shard_size": plan.shard_size,
        "shards": [s.to_dict() for s in plan.shards],
    }
    write_atomic(Path(out) / MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False).encode())


def read_manifest(out: str | Path) -> dict[str, Any] | None:
    """The manifest of a batch output folder, None when ``out`` holds none; InputError when it is
    not one newsledger can read."""
    path = Path(out) / MANIFEST
    if not path.is_file():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise InputError(str(path), f"is not a readable batch manifest ({err})", "delete the folder and run the batch again") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise InputError(str(path), f"is not a {FORMAT} manifest", "use a batch output folder written by this version of newsledger")
    return manifest


def plan_of(manifest: dict[str, Any]) -> Plan:
    return Plan(
        files=tuple((f[0], f[1], f[2]) for f in manifest["files"]),
        shards=tuple(Shard.from_dict(s) for s in manifest["shards"]),
        problems=tuple(problem_of(p) for p in manifest["problems"]),
        shard_size=manifest["shard_size"],
    )


def is_batch_output(path: str | Path) -> bool:
    return (Path(path) / MANIFEST).is_file()


def finished(out: str | Path, known: set[int] | frozenset[int] = frozenset()) -> dict[int, ShardSummary]:
    """The summaries of the shards already finished, by shard id (leaving out the ``known`` ones,
    whose markers are not read again)."""
    found: dict[int, ShardSummary] = {}
    folder = Path(out) / DONE
    if not folder.is_dir():
        return found
    for marker in folder.glob("*.json"):
        if marker.stem.isdigit() and int(marker.stem) in known:
            continue
        try:
            summary = ShardSummary.from_dict(json.loads(marker.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError, KeyError):
            continue  # unreadable marker: the shard runs again
        found[summary.shard] = summary
    return found


def remove_leftovers(out: str | Path) -> int:
    """Delete the temporary files a killed run left behind; return how many."""
    removed = 0
    for tmp in Path(out).rglob(".*.tmp-*"):
        try:
            tmp.unlink()
            removed += 1
        except OSError:
            pass
    return removed


def read_results(out: str | Path) -> Iterator[ArticleRecord | Problem]:
    """The records and problems of a batch output, shard by shard, in the order the batch read
    them: what ``newsledger ingest OUT`` stores. Shards not finished are left out (and reported)."""
    import pyarrow.parquet as pq

    manifest = read_manifest(out)
    if manifest is None:
        raise InputError(str(out), "is not a batch output folder (it has no manifest.json)", "pass the --out folder of newsledger batch")
    plan = plan_of(manifest)
    yield from plan.problems
    done = finished(out)
    missing = [s.id for s in plan.shards if s.id not in done]
    for shard in plan.shards:
        if shard.id not in done:
            continue
        articles = pq.read_table(table_path(out, "articles", shard), columns=["record"]).column("record").to_pylist()
        errors = pq.read_table(table_path(out, "errors", shard)).to_pylist()
        for record in articles:
            yield ArticleRecord.from_dict(json.loads(record))
        for e in errors:
            if e["severity"] == "error":
                yield problem_of(e)
    if missing:
        yield Problem.of(
            str(out),
            f"{len(missing)} of {len(plan.shards)} shards are not finished, so their articles were not loaded",
            "run the same newsledger batch command again to finish them",
            kind="unfinished",
        )
