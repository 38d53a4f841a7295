"""Throughput of each newsledger profile against the bare spaCy pipeline, side by side in one run.

    python bench/speed.py [--texts DIR] [--repeat N] [--profiles fast,accurate]

Texts default to PolNeAR dev (../shared/eval-data/polnear/data/dev/text), else the sample corpus.
Prints articles per minute, words per second and each profile's ratio to bare spaCy (parse only,
no newsledger components). Goal for the default (fast) profile: 0.8x or more.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import spacy

from newsledger.extraction import extract_many
from newsledger.pipeline import DEFAULT_MODEL, load_pipeline
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
    parser.add_argument("--profiles", default="fast,accurate", help="comma-separated profiles to time")
    args = parser.parse_args()
    profiles = [p for p in args.profiles.split(",") if p]
    texts = _texts(args.texts)
    words = sum(len(t.split()) for t in texts)
    bare = spacy.load(DEFAULT_MODEL)
    for profile in profiles:
        load_pipeline(profile=profile)  # load outside the timing, as a long run would
    articles = [Article(str(i), t, f"bench-{i}") for i, t in enumerate(texts)]

    def run_bare() -> None:
        for _ in bare.pipe(texts, batch_size=16):
            pass

    def runner(profile: str):
        def run() -> None:
            for _ in extract_many(articles, profile=profile):
                pass

        return run

    runs = {"bare spaCy": run_bare} | {f"newsledger {p}": runner(p) for p in profiles}
    for fn in runs.values():  # warm-up
        fn()
    results = {name: min(_timed(fn) for _ in range(args.repeat)) for name, fn in runs.items()}
    print(f"{len(texts)} articles, {words:,} words, best of {args.repeat}")
    bare_seconds = results["bare spaCy"]
    for name, seconds in results.items():
        print(
            f"{name:<20} {60 * len(texts) / seconds:8.0f} articles/min {words / seconds:8.0f} words/s"
            f"  {bare_seconds / seconds:5.2f}x bare spaCy"
        )


if __name__ == "__main__":
    main()
