"""Throughput of newsledger's pipeline against the bare spaCy pipeline, side by side in one run.

    python bench/speed.py [--texts DIR] [--repeat N]

Texts default to PolNeAR dev (../shared/eval-data/polnear/data/dev/text), else the sample corpus.
Prints articles per minute, words per second and the ratio newsledger / bare spaCy.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import spacy

from newsledger.extraction import extract_many
from newsledger.nlp.pipeline import DEFAULT_MODEL, load_pipeline
from newsledger.records import Article

ROOT = Path(__file__).resolve().parents[1]


def _texts(folder: Path | None) -> list[str]:
    candidates = [folder] if folder else [ROOT.parent / "shared/eval-data/polnear/data/dev/text", ROOT / "samples/corpus"]
    for c in candidates:
        if c and c.exists():
            return [p.read_text(encoding="utf-8") for p in sorted(c.glob("*.txt"))]
    raise SystemExit("no texts found; pass --texts DIR")


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts = _texts(args.texts)
    words = sum(len(t.split()) for t in texts)
    bare = spacy.load(DEFAULT_MODEL)
    load_pipeline()  # load outside the timing, as a long run would
    articles = [Article(str(i), t, f"bench-{i}") for i, t in enumerate(texts)]

    def run_bare() -> None:
        for _ in bare.pipe(texts, batch_size=16):
            pass

    def run_newsledger() -> None:
        for _ in extract_many(articles):
            pass

    run_bare(), run_newsledger()  # warm-up
    results = {}
    for name, fn in (("bare spaCy", run_bare), ("newsledger", run_newsledger)):
        results[name] = min(_timed(fn) for _ in range(args.repeat))
    print(f"{len(texts)} articles, {words:,} words, best of {args.repeat}")
    for name, seconds in results.items():
        print(f"{name:<12} {60 * len(texts) / seconds:8.0f} articles/min {words / seconds:8.0f} words/s")
    print(f"ratio newsledger / bare spaCy: {results['bare spaCy'] / results['newsledger']:.2f}x")


if __name__ == "__main__":
    main()
