"""Re-ingesting a folder that is already in the ledger, beside ingesting it the first time.

    python bench/reingest.py [--copies N] [--repeat R]

Ingests a folder (the sample corpus, and N-1 copies of each .txt article made distinct by a first line)
into a fresh ledger with `newsledger ingest` in a fresh process, then ingests the same folder again,
and prints both wall times and their ratio (best of R re-ingests). Goal (issue 23): the second run
under 10 % of the first, because a known article is found by the hash of its text and never extracted.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "samples" / "corpus"


def make_folder(folder: Path, copies: int) -> int:
    count = 0  # files
    for source in sorted(CORPUS.iterdir()):
        text = source.read_text(encoding="utf-8")
        for copy in range(copies if source.suffix == ".txt" else 1):  # a .txt file is one article
            name = source.name if copy == 0 else f"{source.stem}-copy{copy}{source.suffix}"
            (folder / name).write_text(text if copy == 0 else f"Copy {copy}.\n\n{text}", encoding="utf-8")
            count += 1
    return count


def ingest_seconds(folder: Path, db: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "newsledger", "ingest", str(folder), "--db", str(db)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=1, help="copies of each sample article (default: 1, the 15 articles as they are)")
    parser.add_argument("--repeat", type=int, default=3, help="re-ingests to time; the best is shown")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsledger-reingest-") as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        articles = make_folder(folder, args.copies)
        db = Path(tmp) / "ledger.db"
        first = ingest_seconds(folder, db)
        again = min(ingest_seconds(folder, db) for _ in range(args.repeat))
    print(f"{articles} files ({CORPUS.name} x {args.copies})")
    print(f"first ingest      {first:7.2f} s")
    print(f"re-ingest         {again:7.2f} s   {100 * again / first:5.1f} % of the first run (goal: under 10 %)")


if __name__ == "__main__":
    main()
