"""Throughput of each newsledger profile against the bare spaCy pipeline, side by side in one run.

    python bench/speed.py [--texts DIR] [--repeat N] [--profiles fast,accurate]

Texts default to PolNeAR dev (../shared/eval-data/polnear/data/dev/text), else the sample corpus.
Prints articles per minute, words per second and each profile's ratio to bare spaCy (parse only,
no newsledger components), by wall clock and by CPU-seconds of this process (all its threads):
on a shared machine the wall clock swings with the other load, and the accurate profile's torch
threads can spend CPU that bare spaCy, which parses on one thread, does not. Goals: the fast
profile 0.8x or more, the accurate profile 0.35x or more.
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


def _timed(fn) -> tuple[float, float]:
    """Wall seconds and CPU-seconds (this process, all threads) that ``fn()`` takes."""
    start, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - start, time.process_time() - cpu


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
    # Runs alternate (bare, fast, accurate, bare, ...) so that a change in the machine's other
    # load falls on every row alike; each row keeps its best wall time and its least CPU time.
    timings: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
    for _ in range(args.repeat):
        for name, fn in runs.items():
            timings[name].append(_timed(fn))
    results = {name: (min(w for w, _ in t), min(c for _, c in t)) for name, t in timings.items()}
    print(f"{len(texts)} articles, {words:,} words, best of {args.repeat}, torch threads: {_torch_threads()}")
    bare_wall, bare_cpu = results["bare spaCy"]
    for name, (wall, cpu) in results.items():
        print(
            f"{name:<20} {60 * len(texts) / wall:8.0f} articles/min {words / wall:8.0f} words/s"
            f"  {bare_wall / wall:5.2f}x bare spaCy (wall)"
            f"  {cpu:7.1f} CPU-s {bare_cpu / cpu:5.2f}x bare spaCy (CPU)"
        )


def _torch_threads() -> str:
    """The intra-op threads torch uses, if the accurate profile loaded it."""
    import sys

    torch = sys.modules.get("torch")
    return str(torch.get_num_threads()) if torch is not None else "(not loaded)"


if __name__ == "__main__":
    main()
