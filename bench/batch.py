"""The batch runner's speed and memory, each figure a ratio measured side by side in one run.

    python bench/batch.py [--texts DIR] [--articles 336] [--memory 1000,10000] [--engines local,spark,ray] [--workers 2]

1. Throughput: `batch --engine local --workers W` against the bare spaCy pipeline run with
   `nlp.pipe(n_process=W)` over the same texts (goal: 0.8x or more). Both timings are wall
   clock from start to the last record, process start-up and model loading included.
2. Engine overhead: Spark local[W] and a local Ray cluster against the local engine, same input
   (goal: 0.7x of local or more).
3. Scaling: the local engine with 1 worker and with W.
4. Peak memory: the summed RSS of the batch command and all its workers, sampled every 0.1 s,
   at each article count in --memory (goal: flat, within 10%).

Texts default to PolNeAR dev (84 articles, about 800 words each), cycled to --articles, each copy
made distinct by a closing line; the memory runs cycle the shorter sample corpus articles.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLNEAR_DEV = ROOT.parent / "shared/eval-data/polnear/data/dev/text"


def texts_in(folder: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]


def write_jsonl(path: Path, texts: list[str], count: int) -> list[str]:
    """``count`` distinct articles cycled from ``texts``, one JSON object per line."""
    chosen = [f"{texts[i % len(texts)]}\n\nCopy {i}." for i in range(count)]
    with open(path, "w", encoding="utf-8") as f:
        for i, text in enumerate(chosen):
            f.write(json.dumps({"id": f"a{i}", "text": text}) + "\n")
    return chosen


def bare_spacy(texts: list[str], workers: int) -> float:
    """Seconds for the bare pipeline (parse only) over ``texts`` in ``workers`` processes."""
    code = (
        "import json, sys, spacy\n"
        "from newsledger.pipeline import DEFAULT_MODEL\n"
        "texts = [json.loads(l)['text'] for l in open(sys.argv[1], encoding='utf-8')]\n"
        "nlp = spacy.load(DEFAULT_MODEL)\n"
        "for _ in nlp.pipe(texts, batch_size=16, n_process=int(sys.argv[2])): pass\n"
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.jsonl"
        with open(path, "w", encoding="utf-8") as f:
            for t in texts:
                f.write(json.dumps({"text": t}) + "\n")
        return timed_command([sys.executable, "-c", code, str(path), str(workers)])[0]


def batch_command(inputs: Path, out: Path, engine: str, workers: int) -> list[str]:
    return [sys.executable, "-m", "newsledger", "batch", str(inputs), "--out", str(out), "--engine", engine, "--workers", str(workers)]


def timed_command(command: list[str]) -> tuple[float, int]:
    """(seconds, peak summed RSS in bytes of the process and its children) for one command."""
    import psutil

    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = [0]
    stop = threading.Event()

    def sample() -> None:
        try:
            parent = psutil.Process(proc.pid)
        except psutil.NoSuchProcess:
            return
        while not stop.is_set():
            total = 0
            try:
                for p in [parent, *parent.children(recursive=True)]:
                    try:
                        total += p.memory_info().rss
                    except psutil.NoSuchProcess:
                        pass
            except psutil.NoSuchProcess:
                break
            peak[0] = max(peak[0], total)
            stop.wait(0.1)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - start
    stop.set()
    watcher.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{err}")
    return seconds, peak[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=Path, default=None, help="folder of .txt articles (default: PolNeAR dev, else samples/corpus)")
    parser.add_argument("--articles", type=int, default=336, help="articles for the throughput runs (0: skip them)")
    parser.add_argument("--memory", default="1000,10000", help="article counts for the memory runs (empty: skip)")
    parser.add_argument("--engines", default="local,spark,ray")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    folder = args.texts or (POLNEAR_DEV if POLNEAR_DEV.exists() else ROOT / "samples/corpus")
    engines = [e for e in args.engines.split(",") if e]
    w = args.workers
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        inputs = tmp / "articles.jsonl"
        texts = write_jsonl(inputs, texts_in(folder), args.articles)
        if args.articles:
            throughput(inputs, texts, folder, engines, w, tmp)
        memory(args.memory, w, tmp)


def throughput(inputs: Path, texts: list[str], folder: Path, engines: list[str], w: int, tmp: Path) -> None:
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} articles, {words:,} words from {folder}; {os.cpu_count()} cores\n")
    rows = [("bare spaCy nlp.pipe(n_process=%d)" % w, bare_spacy(texts, w))]
    runs = [("local", 1)] + [(e, w) for e in engines]
    for engine, workers in runs:
        seconds, _ = timed_command(batch_command(inputs, tmp / f"out-{engine}-{workers}", engine, workers))
        rows.append((f"batch --engine {engine} --workers {workers}", seconds))
    bare = rows[0][1]
    local = dict(rows)[f"batch --engine local --workers {w}"] if "local" in engines else None
    print("| run | seconds | articles/min | words/s | vs bare spaCy | vs local |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, seconds in rows:
        vs_local = f"{local / seconds:.2f}x" if local and "batch" in name and "workers 1" not in name else "-"
        print(f"| {name} | {seconds:.1f} | {len(texts) / seconds * 60:,.0f} | {words / seconds:,.0f} | {bare / seconds:.2f}x | {vs_local} |")
    one = dict(rows)["batch --engine local --workers 1"]
    if local:
        print(f"\nscaling: 1 -> {w} workers: {one / local:.2f}x the throughput")


def memory(counts_arg: str, w: int, tmp: Path) -> None:
    counts = [int(c) for c in counts_arg.split(",") if c]
    if counts:
        short = texts_in(ROOT / "samples/corpus")
        print("\n| articles | seconds | peak RSS, all processes (MB) | vs first |")
        print("| --- | --- | --- | --- |")
        first = None
        for count in counts:
            path = tmp / f"memory-{count}.jsonl"
            write_jsonl(path, short, count)
            seconds, peak = timed_command(batch_command(path, tmp / f"memory-out-{count}", "local", w))
            first = first or peak
            print(f"| {count:,} | {seconds:.0f} | {peak / 2**20:,.0f} | {peak / first:.2f}x |")


if __name__ == "__main__":
    main()
