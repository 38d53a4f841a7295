"""The local engine: worker processes on this machine, each loading the pipeline once."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

from .output import ShardSummary
from .plan import Job, Shard

RECYCLE_AFTER = 5000  # articles a worker processes before a fresh one (and a fresh pipeline) takes over


def share_cores(threads: int) -> None:
    """In a worker, before anything loads: let the accurate profile's torch use only this worker's
    share of the cores, so that workers do not fight over them."""
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ.setdefault(name, str(threads))


def run_in_worker(job: Job, shard: Shard) -> ShardSummary:
    """``run_shard``, imported in the worker: the command that starts the workers never loads spaCy."""
    from .shard import run_shard

    return run_shard(job, shard)


def run_local(job: Job, shards: Sequence[Shard], workers: int, on_done: Callable[[ShardSummary], None]) -> None:
    """Run ``shards`` on ``workers`` processes; call ``on_done`` in this process as each finishes.

    Processes are started fresh ("spawn"), so a worker holds only what its shards need; at most
    two shards per worker are queued, so memory does not grow with the number of shards; and a
    worker is replaced after about RECYCLE_AFTER articles, since spaCy's string store only grows.
    """
    context = multiprocessing.get_context("spawn")
    largest = max((s.size for s in shards), default=1)
    per_child = max(4, -(-RECYCLE_AFTER // largest))
    threads = max(1, (os.cpu_count() or 1) // workers)
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=context, max_tasks_per_child=per_child, initializer=share_cores, initargs=(threads,)
    )
    pending = iter(shards)
    running = set()
    try:
        for shard in pending:
            running.add(pool.submit(run_in_worker, job, shard))
            if len(running) < 2 * workers:
                continue
            finished, running = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                on_done(future.result())
        while running:
            finished, running = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                on_done(future.result())
    except BaseException:
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()  # Ctrl-C or a failure: stop now; finished shards are kept
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
