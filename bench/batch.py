"""The batch runner's speed and memory, each figure a ratio measured side by side in one run.

    python bench/batch.py [--texts DIR] [--articles 504] [--memory 1000,10000] [--engines local,spark,ray]
                          [--workers 2] [--rounds 1] [--no-scaling] [--no-startup]

1. Throughput: `batch --engine local --workers W` against the bare spaCy pipeline run with
   `nlp.pipe(n_process=W)` over the same texts (goal: 0.9x or more).
2. Engine overhead: Spark local[W] and a local Ray cluster against the local engine, same input
   (goals: Spark 0.7x of local or more, Ray 0.8x or more).
3. Scaling: the local engine with 1 worker and with W (skip with --no-scaling).
3b. Start-up: each engine on one article (skip with --no-startup): the fixed cost of a run, paid
   once whatever its size (Spark's JVM and Python workers, Ray's cluster, the model loads).
4. Peak memory: the summed RSS of the batch command and all its workers, sampled every 0.1 s,
   at each article count in --memory (goal: flat, within 10%).

Each run is a fresh command, timed from its start to its exit (process start-up, the JVM or Ray
cluster, model loading and the writes included), two ways: wall clock, and CPU-seconds, the user
and system time of the command and every process under it (sampled every 0.1 s, so a process is
counted even when nobody waits for it, as Spark's and Ray's are not). On a machine shared with
other work the wall clock says how much of the cores a run got; CPU-seconds say what it cost, so
the ratios are given both ways, beside the load average before and after each run. --rounds N
repeats every run N times, in a rotating order, and keeps each run's best.

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
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLNEAR_DEV = ROOT.parent / "shared/eval-data/polnear/data/dev/text"


@dataclass
class Timing:
    seconds: float  # wall clock
    cpu: float  # CPU-seconds of the command and every process under it
    peak: int  # summed RSS, bytes
    load: tuple[float, float]  # 1-minute load average before and after


def texts_in(folder: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]


def write_jsonl(path: Path, texts: list[str], count: int) -> list[str]:
    """``count`` distinct articles cycled from ``texts``, one JSON object per line."""
    chosen = [f"{texts[i % len(texts)]}\n\nCopy {i}." for i in range(count)]
    with open(path, "w", encoding="utf-8") as f:
        for i, text in enumerate(chosen):
            f.write(json.dumps({"id": f"a{i}", "text": text}) + "\n")
    return chosen


def bare_spacy(texts: list[str], workers: int) -> Timing:
    """The bare pipeline (parse only) over ``texts`` in ``workers`` processes."""
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
        return timed_command([sys.executable, "-c", code, str(path), str(workers)])


def batch_command(inputs: Path, out: Path, engine: str, workers: int) -> list[str]:
    return [sys.executable, "-m", "newsledger", "batch", str(inputs), "--out", str(out), "--engine", engine, "--workers", str(workers)]


def timed_command(command: list[str]) -> Timing:
    """Wall clock, CPU-seconds and peak summed RSS of the process and everything it starts."""
    import psutil

    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = [0]
    cpu: dict[tuple[int, float], float] = {}  # (pid, start time) -> CPU-seconds last seen
    stop = threading.Event()

    def sample() -> None:
        try:
            parent = psutil.Process(proc.pid)
        except psutil.NoSuchProcess:
            return
        while not stop.is_set():
            total = 0
            try:
                family = [parent, *parent.children(recursive=True)]
            except psutil.NoSuchProcess:
                break
            for p in family:
                try:
                    with p.oneshot():
                        total += p.memory_info().rss
                        times = p.cpu_times()
                        cpu[(p.pid, p.create_time())] = times.user + times.system
                except psutil.NoSuchProcess:
                    pass
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
    return Timing(seconds, sum(cpu.values()), peak[0], (load_before, os.getloadavg()[0]))


def uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "load average: " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=Path, default=None, help="folder of .txt articles (default: PolNeAR dev, else samples/corpus)")
    parser.add_argument("--articles", type=int, default=504, help="articles for the throughput runs (0: skip them)")
    parser.add_argument("--memory", default="1000,10000", help="article counts for the memory runs (empty: skip)")
    parser.add_argument("--engines", default="local,spark,ray")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=1, help="run everything this many times, in rotating order; keep each run's best")
    parser.add_argument("--scaling", action=argparse.BooleanOptionalAction, default=True, help="also run the local engine with 1 worker")
    parser.add_argument("--startup", action=argparse.BooleanOptionalAction, default=True, help="also run each engine on one article")
    args = parser.parse_args()
    folder = args.texts or (POLNEAR_DEV if POLNEAR_DEV.exists() else ROOT / "samples/corpus")
    engines = [e for e in args.engines.split(",") if e]
    w = args.workers
    print(f"start: {uptime()}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        inputs = tmp / "articles.jsonl"
        texts = write_jsonl(inputs, texts_in(folder), args.articles)
        if args.articles:
            throughput(inputs, texts, folder, engines, w, tmp, max(1, args.rounds), args.scaling)
        if args.startup:
            startup(tmp, texts_in(folder)[:1], engines, w)
        memory(args.memory, w, tmp)
    print(f"\nend: {uptime()}")


def throughput(inputs: Path, texts: list[str], folder: Path, engines: list[str], w: int, tmp: Path, rounds: int, scaling: bool) -> None:
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} articles, {words:,} words from {folder}; {os.cpu_count()} cores; {rounds} round(s)\n")
    bare_name = f"bare spaCy nlp.pipe(n_process={w})"
    local_name = f"batch --engine local --workers {w}"
    runs: list[tuple[str, str | None, int]] = [(bare_name, None, w)]
    runs += [(f"batch --engine {e} --workers {w}", e, w) for e in engines]
    if scaling:
        runs.append(("batch --engine local --workers 1", "local", 1))
    best: dict[str, Timing] = {}
    for r in range(rounds):
        for name, engine, workers in runs[r % len(runs):] + runs[: r % len(runs)]:
            if engine is None:
                timing = bare_spacy(texts, workers)
            else:
                out = tmp / f"out-{engine}-{workers}-{r}"
                timing = timed_command(batch_command(inputs, out, engine, workers))
            print(f"  round {r + 1}: {name}: {timing.seconds:.1f} s, {timing.cpu:.1f} CPU-s, load {timing.load[0]:.1f} -> {timing.load[1]:.1f}", flush=True)
            kept = best.get(name)
            best[name] = timing if kept is None else Timing(
                min(kept.seconds, timing.seconds), min(kept.cpu, timing.cpu), max(kept.peak, timing.peak),
                kept.load if kept.seconds <= timing.seconds else timing.load,
            )
    bare, local = best[bare_name], best.get(local_name)
    print("\n| run | seconds | CPU-s | articles/min | articles per CPU-s | vs bare spaCy (wall / CPU) | vs local (wall / CPU) | load before -> after |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, _, workers in runs:
        t = best[name]
        vs_local = "-"
        if local is not None and name.startswith("batch") and workers == w:
            vs_local = f"{local.seconds / t.seconds:.2f}x / {local.cpu / t.cpu:.2f}x"
        print(
            f"| {name} | {t.seconds:.1f} | {t.cpu:.1f} | {len(texts) / t.seconds * 60:,.0f} | {len(texts) / t.cpu:.2f} "
            f"| {bare.seconds / t.seconds:.2f}x / {bare.cpu / t.cpu:.2f}x | {vs_local} | {t.load[0]:.1f} -> {t.load[1]:.1f} |"
        )
    if scaling and local is not None:
        one = best["batch --engine local --workers 1"]
        print(f"\nscaling: 1 -> {w} workers: {one.seconds / local.seconds:.2f}x the throughput (wall)")


def startup(tmp: Path, texts: list[str], engines: list[str], w: int) -> None:
    """Each engine on one article: what a run costs before its first article, side by side."""
    inputs = tmp / "one.jsonl"
    write_jsonl(inputs, texts, 1)
    print("\n| one article | seconds | CPU-s | CPU-s beyond local | load before -> after |")
    print("| --- | --- | --- | --- | --- |")
    local = None
    for engine in engines:
        t = timed_command(batch_command(inputs, tmp / f"one-{engine}", engine, w))
        local = t.cpu if engine == "local" else local
        beyond = f"{t.cpu - local:+.1f}" if local is not None and engine != "local" else "-"
        print(f"| batch --engine {engine} | {t.seconds:.1f} | {t.cpu:.1f} | {beyond} | {t.load[0]:.1f} -> {t.load[1]:.1f} |", flush=True)


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
            timing = timed_command(batch_command(path, tmp / f"memory-out-{count}", "local", w))
            first = first or timing.peak
            print(f"| {count:,} | {timing.seconds:.0f} | {timing.peak / 2**20:,.0f} | {timing.peak / first:.2f}x |")


if __name__ == "__main__":
    main()
