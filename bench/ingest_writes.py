"""What storing an article costs the ledger: write-ahead-log bytes per article against the bytes
the article finally takes, CPU per article (and articles per CPU-second), and the share of that
CPU spent on MinHash (near-duplicate and claim grouping: signatures and band look-ups); with
``--baseline``, the same for another checkout's code on the same records, side by side.

The real pipeline runs over samples/corpus once; its records are then stored --passes times over
(each copy with its own id, date and closing line, as bench/ledger_queries.py varies them) into
a fresh ledger two ways:

- ``ingest``: through ``commands.ingest_articles``, the store loop of ``newsledger ingest`` and of
  the web app's ingest page, with extraction replaced by a look-up of the records made above (so
  records come as fast as they can be stored: ingest's batches are then full; at extraction's own
  pace they are bounded by time too, see ``settings.StoreBatch``);
- ``add_many``: through ``Ledger.add_many`` (its batches of up to 100 articles or a second).

The ledger's automatic checkpoints are turned off while it is filled, so the log keeps every page
written and its size is the bytes written. CPU is the process's CPU time in the store, after a
first signature has loaded what MinHash needs (that one-time cost is printed apart); the median of
--runs runs. With ``--baseline SRC`` (another checkout's ``src``, e.g. of main) each run is made
with that code too, the ratios after/before are printed, and every table of the ledgers the two
build from the same records is compared (sorted rows, rowids and claim group ids included,
timestamps left out): the records stored must be the same.

    git worktree add /tmp/base d5867f2
    .venv/bin/python bench/ingest_writes.py [--passes 20] [--runs 3] [--baseline /tmp/base/src]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
SRC = BENCH.parent / "src"
WAYS = ("ingest", "add_many")
TIMESTAMPS = {("articles", "ingested_at"), ("migrations", "applied_at"), ("ingest_problems", "at")}
FTS_SHADOWS = ("_data", "_idx", "_config")  # a full-text index's own pages: their layout depends on the batches


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=20, help="copies of the sample corpus to store (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each way, the median CPU kept (default: %(default)s)")
    parser.add_argument("--baseline", type=Path, default=None, help="another checkout's src folder to measure beside this one")
    parser.add_argument("--measure", nargs=3, metavar=("WAY", "RECORDS", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        way, records, db = args.measure
        print(json.dumps(measure(way, Path(records), args.passes, Path(db))))
        return

    sys.path.insert(0, str(BENCH))
    from ledger_queries import sample_records

    trees = {"after": SRC} if args.baseline is None else {"before": args.baseline.resolve(), "after": SRC}
    with tempfile.TemporaryDirectory() as tmp:
        records = Path(tmp) / "records.jsonl"
        with records.open("w", encoding="utf-8") as f:
            for record in sample_records():
                f.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
        results: dict[tuple[str, str], list[dict]] = {}
        for run in range(args.runs):
            for way in WAYS:
                for label, src in trees.items():
                    db = Path(tmp) / f"{label}-{way}-{run}.db"
                    results.setdefault((label, way), []).append(run_in(src, way, records, args.passes, db))
        report(results, trees)
        if "before" in trees:
            for way in WAYS:
                before, after = dump(Path(tmp) / f"before-{way}-0.db"), dump(Path(tmp) / f"after-{way}-0.db")
                differ = sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))
                rows = sum(n for n, _digest in after.values())
                verdict = "the same" if not differ else f"DIFFERENT in {', '.join(differ)}"
                print(f"{way}: records stored before and after are {verdict} ({len(after)} tables, {rows:,} rows)")
                if differ:
                    sys.exit(1)


def run_in(src: Path, way: str, records: Path, passes: int, db: Path) -> dict:
    """One measurement in a fresh process running the code under ``src``."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(src), str(BENCH)]), "PYTHONHASHSEED": "0"}
    command = [sys.executable, str(Path(__file__).resolve()), "--passes", str(passes), "--measure", way, str(records), str(db)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"the {way} run with {src} failed:\n{done.stderr}")
    return json.loads(done.stdout.splitlines()[-1])


def measure(way: str, records_file: Path, passes: int, db: Path) -> dict:
    """Store the records ``way`` into a new ledger at ``db`` (run in the process the code is measured in)."""
    from ledger_queries import varied

    from newsledger import commands
    from newsledger.ledger import Ledger, dedup, linking
    from newsledger.records import ArticleRecord

    records = [ArticleRecord.from_dict(json.loads(line)) for line in records_file.read_text(encoding="utf-8").splitlines()]
    copies = [varied(record, copy) for copy in range(passes) for record in records]
    started = time.process_time()
    dedup.signature("a first signature loads what MinHash needs")
    first_signature = time.process_time() - started

    minhash = timed_outermost(dedup, linking)
    logged: list[int] = []
    opened, closed = Ledger.open.__func__, Ledger.close

    def open_without_checkpoints(cls, path, readonly=False):
        ledger = opened(cls, path, readonly)
        ledger._conn.execute("PRAGMA wal_autocheckpoint = 0")
        return ledger

    def close_counting_the_log(ledger):
        wal = Path(f"{ledger.path}-wal")
        logged.append(wal.stat().st_size if wal.exists() else 0)
        closed(ledger)

    Ledger.open(db).close()  # a new, empty ledger: its migrations are not what is measured
    empty = db.stat().st_size
    logged.clear()
    Ledger.open = classmethod(open_without_checkpoints)
    Ledger.close = close_counting_the_log
    started = time.process_time()
    if way == "ingest":
        by_text = {record.article.text: record for record in copies}
        commands.extract_lazily = lambda items, model=None, profile=None: (
            by_text[item.article.text if isinstance(item, ArticleRecord) else item.text] for item in items
        )
        added = commands.ingest_articles([record.article for record in copies], db=str(db)).added
    else:
        with Ledger.open(db) as ledger:
            added = ledger.add_many(copies).added
    cpu = time.process_time() - started
    Ledger.open, Ledger.close = classmethod(opened), closed
    return {
        "articles": added,
        "statements": sum(len(record.statements) for record in copies),
        "logged": sum(logged),
        "kept": db.stat().st_size - empty,  # the last close checkpointed the log into the file
        "cpu": cpu,
        "minhash": minhash(),
        "first_signature": first_signature,
    }


def timed_outermost(dedup, linking):
    """Time the MinHash work (signatures, near-duplicate and claim look-ups), whichever of these
    functions the code has, counting a call inside another timed one once; returns the reader."""
    total = 0.0
    depth = 0

    def wrap(module, name):
        real = getattr(module, name)

        def timed(*args, **kwargs):
            nonlocal total, depth
            depth += 1
            started = time.process_time()
            try:
                return real(*args, **kwargs)
            finally:
                depth -= 1
                if depth == 0:
                    total += time.process_time() - started

        setattr(module, name, timed)

    for module, name in ((dedup, "signature"), (dedup, "signatures"), (linking, "_link_duplicate"), (linking, "_claim_group")):
        if hasattr(module, name):
            wrap(module, name)
    return lambda: total


def report(results: dict[tuple[str, str], list[dict]], trees: dict[str, Path]) -> None:
    first = next(iter(results.values()))[0]
    print(f"{first['articles']:,} articles, {first['statements']:,} statements stored each way, "
          f"{len(next(iter(results.values())))} runs (median CPU)")
    print("| way | code | log KiB/article | ledger KiB/article | log / ledger | CPU ms/article | articles per CPU-s | MinHash share |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    summary: dict[tuple[str, str], tuple[float, float]] = {}
    for way in WAYS:
        for label in trees:
            runs = results[(label, way)]
            run = runs[0]
            n = run["articles"]
            cpu = statistics.median(r["cpu"] for r in runs)
            share = statistics.median(r["minhash"] / r["cpu"] for r in runs)
            ratio = run["logged"] / max(run["kept"], 1)
            summary[(label, way)] = (ratio, cpu / n)
            print(f"| {way} | {label} | {run['logged'] / n / 1024:,.1f} | {run['kept'] / n / 1024:,.1f} | {ratio:.2f}x "
                  f"| {cpu / n * 1000:.2f} | {n / cpu:.0f} | {share:.0%} |")
    for label in trees:
        first_signature = statistics.median(r["first_signature"] for rs in (results[(label, w)] for w in WAYS) for r in rs)
        print(f"{label}: the first signature of a process costs {first_signature * 1000:.0f} ms of CPU (imports), not counted above")
    for way in WAYS:
        ratio, cpu = summary[("after", way)]
        goal = " (goal <= 3x)" if way == "ingest" else ""
        line = f"{way}: log / ledger {ratio:.2f}x{goal}"
        if "before" in trees:
            old_ratio, old_cpu = summary[("before", way)]
            line += f", before {old_ratio:.2f}x; CPU per article after / before {cpu / old_cpu:.2f} (goal <= 0.67)"
        print(line)


def dump(path: Path) -> dict[str, tuple[int, str]]:
    """Every table's rows, sorted, as (count, digest): rowids included, timestamps left out."""
    conn = sqlite3.connect(path)
    try:
        virtual = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")]
        out = {}
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").fetchall():
            if any(name == v + shadow for v in virtual for shadow in FTS_SHADOWS):
                continue
            columns = [c[1] for c in conn.execute(f'PRAGMA table_info("{name}")') if (name, c[1]) not in TIMESTAMPS]
            listed = ", ".join(f'"{c}"' for c in columns)
            try:
                rows = conn.execute(f'SELECT rowid, {listed} FROM "{name}"').fetchall()
            except sqlite3.OperationalError:  # WITHOUT ROWID
                rows = conn.execute(f'SELECT {listed} FROM "{name}"').fetchall()
            rows.sort(key=repr)
            out[name] = (len(rows), hashlib.sha256(repr(rows).encode("utf-8")).hexdigest())
        return out
    finally:
        conn.close()


if __name__ == "__main__":
    main()
