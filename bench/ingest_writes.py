"""What storing an article costs the ledger: write-ahead-log bytes per article against the bytes
the article finally takes, articles per CPU-second, and the share of that CPU spent grouping
claims (MinHash signatures and their band look-ups).

The real pipeline runs over samples/corpus once; its records are then stored --passes times over
(each copy with its own id, date and closing line, as bench/ledger_queries.py varies them) into
a fresh ledger through ``Ledger.add_many`` (its batches of up to 100 articles or a second), or
with ``--batch N`` in batches of N articles (``newsledger ingest`` stores batches of 8; 1 is one
transaction per article, as before batching). The ledger's automatic checkpoints are turned off
while it is filled, so the log keeps every page written and its size is the bytes written.

    .venv/bin/python bench/ingest_writes.py [--passes 20] [--batch N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from newsledger.ledger import Ledger, linking

from ledger_queries import sample_records, varied


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=20, help="copies of the sample corpus to store (default: %(default)s)")
    parser.add_argument("--batch", type=int, default=None, help="articles per transaction (default: add_many's)")
    args = parser.parse_args()
    records = sample_records()
    copies = [varied(record, copy) for copy in range(args.passes) for record in records]

    grouping = 0.0
    claim_group = linking._claim_group

    def timed_claim_group(*a, **k):
        nonlocal grouping
        started = time.process_time()
        try:
            return claim_group(*a, **k)
        finally:
            grouping += time.process_time() - started

    linking._claim_group = timed_claim_group
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ingest.db"
        wal = Path(f"{path}-wal")
        with Ledger.open(path) as ledger:
            ledger._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            ledger._conn.execute("PRAGMA wal_autocheckpoint = 0")
            before = path.stat().st_size
            cpu = time.process_time()
            if args.batch is None:
                summary = ledger.add_many(copies)
            else:
                with ledger.batched(articles=args.batch, seconds=3600):
                    summary = ledger.add_many(copies)
            cpu = time.process_time() - cpu
            logged = wal.stat().st_size
            ledger._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            kept = path.stat().st_size - before
    linking._claim_group = claim_group
    articles = summary.added
    print(f"{articles:,} articles, {summary.statements_added:,} statements stored")
    print(f"write-ahead log: {logged / articles / 1024:,.1f} KiB per article")
    print(f"ledger growth:   {kept / articles / 1024:,.1f} KiB per article")
    print(f"log / growth:    {logged / max(kept, 1):.1f}x (goal <= 3x)")
    print(f"CPU: {cpu / articles * 1000:.1f} ms per article, {articles / cpu:.1f} articles per CPU-second")
    print(f"claim grouping:  {grouping / articles * 1000:.1f} ms per article ({grouping / cpu:.0%} of the CPU)")
    if articles == 0:
        sys.exit("nothing stored")


if __name__ == "__main__":
    main()
