"""How fast the ledger answers every list query of the CLI and the web app at 100,000 and
1,000,000 statements, and how much slower the larger ledger is.

Each ledger is built by the bench itself: the real pipeline runs over samples/corpus once and its
records are stored (through the store, with all its linking) a few dozen times over, each copy
with its own article id, date and closing line; then that seed is copied by SQL, article by
article with its entities, statements, events, mentions and links, under new keys, ids and dates,
until the ledger holds the statements asked for, and the ledger's own rebuild of its list indexes
(``newsledger.ledger.indexing.rebuild``, what migration 5 runs) fills in what depends on the
copies. Then each query and page is timed over repeated runs: p50/p95 per size against the goal
p95 < 100 ms, and the growth of p95 from the smallest size to each larger one (goal <= 2x).

    .venv/bin/python bench/ledger_queries.py [--sizes 100000,1000000] [--runs 30] [--keep-dir DIR]

``--sizes 20000`` is a quick run; ``--keep-dir`` keeps the ledgers (ledger-<size>.db) and reuses
them on the next run.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import inspect
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from newsledger import commands
from newsledger.ledger import Ledger
from newsledger.records import ArticleRecord

GOAL_MS = 100.0
GOAL_GROWTH = 2.0
SEED_STATEMENTS = 4_000  # stored through the store; the rest is copied by SQL
COPIES_PER_TRANSACTION = 20


def sample_records() -> list[ArticleRecord]:
    records = [item for item in commands.extract_paths([str(commands.SAMPLE_CORPUS)]) if isinstance(item, ArticleRecord)]
    if not records:
        sys.exit("no records from samples/corpus")
    return records


def varied(record: ArticleRecord, copy: int) -> ArticleRecord:
    """The record as if another outlet ran it on another day: offsets are untouched because the
    unique line goes at the end of the text."""
    day = date(2019, 1, 1) + timedelta(days=(copy * 7 + hash(record.article.id) % 7) % 2000)
    article = replace(
        record.article,
        id=f"{record.article.id}-{copy}",
        text=f"{record.article.text}\n\n[Bulletin {copy}: {record.article.id}]",
        published=day.isoformat(),
    )
    entities = tuple(replace(e, as_of=article.published) for e in record.entities)
    return replace(record, article=article, entities=entities)


def build(path: Path, target: int) -> tuple[int, float]:
    """A ledger of about ``target`` statements at ``path``; returns (statements, seconds)."""
    records = sample_records()
    per_pass = sum(len(r.statements) for r in records)
    passes = max(1, min(-(-target // per_pass), -(-SEED_STATEMENTS // per_pass)))
    started = time.perf_counter()
    with Ledger.open(path) as ledger:
        for copy in range(passes):
            ledger.add_many(varied(r, copy) for r in records)
        seeded = ledger.counts()["statements"]
        print(f"  seed: {seeded:,} statements through the store, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    if seeded < target:
        grow(path, target, started)
    with Ledger.open(path) as ledger:
        total = ledger.counts()["statements"]
    return total, time.perf_counter() - started


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def grow(path: Path, target: int, started: float) -> None:
    """Copy the seed articles with all their rows by SQL until the ledger holds ``target`` statements.

    A copy's key is a hash of the seed's key and the copy number; its id gets ``~N``; its date
    moves by up to four years (and an event dated by its article moves with it), so that the
    copies spread over 2019-2023 however many there are. Claim groups, entity
    ids and speaker resolution are the seed's, so every copy of a claim joins the seed's group, as
    copies ingested one by one would.
    """
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.create_function("copy_key", 2, lambda key, n: hashlib.sha256(f"{key}:{n}".encode()).hexdigest(), deterministic=True)
    seed_keys = [key for (key,) in conn.execute("SELECT key FROM articles ORDER BY rowid")]
    per_copy = conn.execute("SELECT count(*) FROM statements").fetchone()[0]
    copies = -(-(target - per_copy) // per_copy)
    conn.execute("CREATE TEMP TABLE seed (key TEXT PRIMARY KEY, n INTEGER)")
    conn.executemany("INSERT INTO seed VALUES (?, ?)", [(k, i) for i, k in enumerate(seed_keys)])
    conn.execute("CREATE TEMP TABLE copies (n INTEGER PRIMARY KEY)")

    def moved(column: str) -> str:
        return f"date({column}, '+' || ((c.n * 389 + seed.n % 7) % 1500) || ' days')"

    mapped = {
        "articles": {
            "key": "copy_key(t.key, c.n)",
            "id": "t.id || '~' || c.n",
            "published": moved("t.published"),
            "dup_group": "copy_key(t.dup_group, c.n)",
        },
        "entities": {"article_key": "copy_key(t.article_key, c.n)"},
        "statements": {"article_key": "copy_key(t.article_key, c.n)"},
        "events": {
            "article_key": "copy_key(t.article_key, c.n)",
            "sort_date": f"CASE WHEN t.sort_date = a.published THEN {moved('t.sort_date')} ELSE t.sort_date END",
        },
        "statement_mentions": {"article_key": "copy_key(t.article_key, c.n)"},
        "event_entities": {"article_key": "copy_key(t.article_key, c.n)"},
        "entity_links": {"article_key": "copy_key(t.article_key, c.n)"},
    }
    plans = []
    for table, changes in mapped.items():
        columns = _columns(conn, table)
        chosen = ", ".join(changes.get(col, f"t.{col}") for col in columns)
        key_column = "key" if table == "articles" else "article_key"
        join_article = " JOIN articles a ON a.key = t.article_key" if table == "events" else ""
        plans.append(
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT {chosen} FROM {table} t"
            f" JOIN seed ON seed.key = t.{key_column}{join_article} CROSS JOIN copies c"
        )
    done = 0
    while done < copies:
        batch = list(range(done + 1, min(copies, done + COPIES_PER_TRANSACTION) + 1))
        conn.execute("BEGIN")
        conn.execute("DELETE FROM copies")
        conn.executemany("INSERT INTO copies VALUES (?)", [(n,) for n in batch])
        for sql in plans:
            conn.execute(sql)
        conn.execute("COMMIT")
        done = batch[-1]
        print(
            f"\r  copied: {(done + 1) * per_copy:,} statements, {time.perf_counter() - started:.0f} s",
            end="", file=sys.stderr,
        )
    print(file=sys.stderr)
    conn.execute("BEGIN")
    conn.execute(
        "UPDATE ledger_entities SET articles = (SELECT count(DISTINCT article_key) FROM entity_links WHERE ledger_id = ledger_entities.id),"
        " statements = (SELECT count(*) FROM statements WHERE speaker_id = ledger_entities.id)"
    )
    conn.execute("UPDATE claim_groups SET size = size * (1 + ?)", (copies,))
    try:
        from newsledger.ledger import indexing
    except ImportError:  # a newsledger from before the list indexes: nothing more to fill in
        indexing = None
    if indexing is not None:
        indexing.rebuild(conn)
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    print(f"  indexed: {time.perf_counter() - started:.0f} s", file=sys.stderr)


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float, int]:
    fn()  # warm the page cache and the statement cache
    times = []
    size = 0
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t) * 1000)
        size = result if isinstance(result, int) else len(result)
    times.sort()
    return statistics.median(times), times[max(0, round(0.95 * len(times)) - 1)], size


def measure(path: Path, runs: int) -> dict[str, tuple[float, float, int]]:
    """p50, p95 and rows of every query and page, printed as they come."""
    results: dict[str, tuple[float, float, int]] = {}

    def report(name: str, fn: Callable[[], object]) -> None:
        p50, p95, size = results[name] = timed(fn, runs)
        print(f"{name:<46} {p50:8.1f} {p95:8.1f} {size:7}  {'ok' if p95 < GOAL_MS else 'SLOW'}", flush=True)

    with Ledger.open(path, readonly=True) as ledger:
        bounded = "at_most" in inspect.signature(ledger.count_statements).parameters

        def as_the_page_counts(**filters: str) -> int:
            """The search page's count: to 10,001 (a newsledger from before bounded counts counts all)."""
            return ledger.count_statements(**filters, **({"at_most": 10_001} if bounded else {}))

        counts = ledger.counts()
        top = ledger.entities(type="person", limit=1)[0]
        country = ledger.entities(type="government", limit=1)[0]  # a country that speaks or acts
        weapon = ledger.entities(type="weapon_system", limit=1)[0]
        print(
            f"ledger: {counts['articles']:,} articles, {counts['statements']:,} statements, "
            f"{counts['entities']:,} entity rows, {counts['events']:,} events, {path.stat().st_size / 1e6:.0f} MB"
        )
        print(f"{'query':<46} {'p50 ms':>8} {'p95 ms':>8} {'rows':>7}  goal p95 < {GOAL_MS:.0f} ms")
        queries = {
            "statements, all (limit 50)": lambda: ledger.statements(limit=50),
            "statements, all, page 20 (offset 950)": lambda: ledger.statements(limit=50, offset=950),
            "statements by speaker (limit 50)": lambda: ledger.statements(speaker="peskov", limit=50),
            "statements by speaker, page 20": lambda: ledger.statements(speaker="peskov", limit=50, offset=950),
            "statements by entity (limit 50)": lambda: ledger.statements(entity=country.id, limit=50),
            "statements FTS text (limit 50)": lambda: ledger.statements(text="sanctions", limit=50),
            "statements date range (limit 50)": lambda: ledger.statements(since="2020-03-01", until="2020-03-31", limit=50),
            "distinct claims by entity": lambda: ledger.statements(entity=country.id, distinct_claims=True, limit=50),
            "counts (search page header)": lambda: list(ledger.counts().values()),
            "count all": lambda: ledger.count_statements(),
            "count by speaker": lambda: ledger.count_statements(speaker="peskov"),
            # as the search page counts: to 10,000 and no further
            "count by entity (at most 10,001)": lambda: as_the_page_counts(entity=country.id),
            "count FTS + date range (at most 10,001)": lambda: as_the_page_counts(
                text="sanctions", since="2020-01-01", until="2020-12-31"
            ),
            "count date range (at most 10,001)": lambda: as_the_page_counts(since="2020-01-01"),
            "entity page (entity, 501 statements)": lambda: [ledger.entity(top.id), *ledger.entity_statements(top.id, limit=501)],
            "entities search": lambda: ledger.entities("min"),
            "entities, all (limit 100)": lambda: ledger.entities(limit=100),
            "timeline, first 501 (the entity page)": lambda: (
                ledger.timeline(weapon.id, limit=501) if bounded else ledger.timeline(weapon.id)
            ),
            "timeline, every event (the CLI; grows with them)": lambda: ledger.timeline(weapon.id),
            "positions (limit 200)": lambda: ledger.positions("sanctions OR deliveries"),
            "search articles (limit 20)": lambda: ledger.search_articles("missile"),
        }
        for name, fn in queries.items():
            report(name, fn)
        first = ledger.statements(limit=1)[0]

    # The pages, served by the real app (each request opens the ledger read-only, as `serve` does).
    from starlette.testclient import TestClient

    from newsledger.web import create_app

    client = TestClient(create_app(str(path)))
    pages = {
        "page: statements (first page)": "/",
        "page: search (words)": "/?q=sanctions",
        "page: search (speaker, page 3)": "/?speaker=peskov&page=3",
        "page: search (entity + dates)": f"/?entity={country.id}&since=2020-01-01&until=2020-12-31",
        "page: search (dates, page 40)": "/?since=2020-01-01&until=2021-12-31&page=40",
        "page: entities": "/entities",
        f"page: entity {top.id}": f"/entity/{top.id}",
        f"page: entity {weapon.id} (timeline)": f"/entity/{weapon.id}",
        "page: article": f"/article/{first.article_key}",
        "page: events": "/events",
        f"page: events, actor {country.id}": f"/events?actor={country.id}",
        "page: events, type + modality, newest": "/events?type=AID&modality=asserted&sort=-date",
        f"page: events, {weapon.id} + year": f"/events?item={weapon.id}&year=2020",
        "page: events, page 300 by type": "/events?page=300&sort=type",
        "page: transfers": "/transfers",
        "page: transfers by quantity": "/transfers?sort=quantity&order=desc",
        "page: articles": "/articles",
        "page: articles, 2020, most events, page 5": "/articles?year=2020&sort=-events&page=5",
        "page: entities, page 3 by name": "/entities?page=3&sort=name",
        f"download: events.csv ({weapon.id})": f"/events.csv?item={weapon.id}",
    }
    # The events and transfers pages build their in-memory index once per ledger state: timed apart.
    for name, url in {"first /events (builds the event index)": "/events", "first /transfers (builds the register)": "/transfers"}.items():
        started = time.perf_counter()
        assert client.get(url).status_code == 200
        print(f"{name:<44} {(time.perf_counter() - started) * 1000:8.1f}")
    for name, url in pages.items():
        def fetch(url: str = url) -> str:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response.text

        report(name, fetch)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000", help="statements in each ledger, comma-separated (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--keep-dir", type=Path, default=None, help="build (or reuse) the ledgers here, as ledger-<size>.db")
    args = parser.parse_args()
    sizes = [int(size.replace("_", "")) for size in args.sizes.split(",")]

    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep_dir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        measured = {}
        for size in sizes:
            path = folder / f"ledger-{size}.db"
            if not path.exists():
                print(f"building a ledger of {size:,}+ statements at {path}", file=sys.stderr)
                total, seconds = build(path, size)
                print(f"built: {total:,} statements in {seconds:.0f} s")
            # Building leaves the spaCy pipeline and every record alive in this process; a full garbage
            # collection then scans them all and shows up as a spike in whichever query it lands on.
            # A server holds none of that, so freeze what exists now out of the collector's sight.
            gc.collect()
            gc.freeze()
            measured[size] = measure(path, args.runs)
        if len(sizes) > 1:
            base = sizes[0]
            # Under a millisecond is timer and scheduler noise: such a p95 counts as 1 ms in the ratio.
            print(f"\ngrowth of p95 from {base:,} statements (goal <= {GOAL_GROWTH:g}x; p95 under 1 ms counts as 1 ms)")
            print(f"{'query':<46} " + " ".join(f"{size:>12,}" for size in sizes[1:]))
            for name in measured[base]:
                ratios = []
                for size in sizes[1:]:
                    if name in measured[size]:
                        ratio = max(measured[size][name][1], 1.0) / max(measured[base][name][1], 1.0)
                        ratios.append(f"{ratio:11.1f}x" + ("!" if ratio > GOAL_GROWTH else " "))
                print(f"{name:<46} " + " ".join(ratios))


if __name__ == "__main__":
    main()
