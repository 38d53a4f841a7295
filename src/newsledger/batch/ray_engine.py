"""The Ray engine: a pool of Ray actors, each holding the pipeline, given shards as they free up.

Runs on the cluster ``ray.init`` finds (``RAY_ADDRESS`` or ``--ray-address``), else starts a local
one with ``workers`` CPUs. Outputs go straight to the output folder, which on a cluster must be a
filesystem every node can write.

Ray lowers its workers' priority by default (``nice`` 15, Ray's ``worker_niceness`` setting), so on
a machine where anything else runs they get a small fraction of a core each: 84 articles took 395 s
against 35 s at normal priority. The local cluster started here runs them at normal priority,
unless the user set ``RAY_worker_niceness`` themselves; a cluster of one's own is set up by its
owner (``RAY_worker_niceness=0 ray start ...``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from ..errors import NewsledgerError
from .output import ShardSummary
from .local_engine import run_in_worker
from .plan import Job, Shard


NICENESS_ENV = "RAY_worker_niceness"  # Ray's own setting (ray_constants.RAY_WORKER_NICENESS), read by every Ray process
WORKER_NICENESS = "0"  # added to the workers' niceness: 0 keeps them at the driver's priority


@contextmanager
def normal_priority_workers() -> Iterator[None]:
    """While a local cluster starts: its processes, and the workers they start later, inherit
    ``RAY_worker_niceness=0`` from this environment, unless the user set it (then theirs holds)."""
    if NICENESS_ENV in os.environ:
        yield
        return
    os.environ[NICENESS_ENV] = WORKER_NICENESS
    try:
        yield
    finally:
        os.environ.pop(NICENESS_ENV, None)


class ShardWorker:
    """One Ray actor: loads the pipeline on its first shard and keeps it."""

    def __init__(self, job: dict[str, Any]):
        self.job = Job(**job)

    def run(self, shard: dict[str, Any]) -> dict[str, Any]:
        return run_in_worker(self.job, Shard.from_dict(shard)).to_dict()


def run_ray(
    job: Job, shards: Sequence[Shard], workers: int, on_done: Callable[[ShardSummary], None], address: str | None = None
) -> None:
    try:
        import ray
        from ray.util import ActorPool
    except ImportError as err:
        raise NewsledgerError(
            f"the ray engine needs Ray ({err.name} is not installed); install the extra: pip install 'newsledger[ray]'"
        ) from None
    started_here = not ray.is_initialized()
    if started_here:
        try:
            if address:
                ray.init(address=address, log_to_driver=False)
            else:
                with normal_priority_workers():
                    ray.init(
                        num_cpus=workers, include_dashboard=False, log_to_driver=False,
                        object_store_memory=100 * 1024 * 1024, configure_logging=False,
                    )
        except Exception as err:  # an unreachable cluster, no shared memory: Ray's errors are many lines
            first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            raise NewsledgerError(f"Ray could not start ({first}); check --address (or $RAY_ADDRESS)") from None
    try:
        actor = ray.remote(num_cpus=1)(ShardWorker)
        actors = [actor.remote(job.to_dict()) for _ in range(max(1, min(workers, len(shards))))]
        pool = ActorPool(actors)
        for d in pool.map_unordered(lambda a, s: a.run.remote(s), [s.to_dict() for s in shards]):
            on_done(ShardSummary.from_dict(d))
    except ray.exceptions.RayError as err:
        raise NewsledgerError(f"the Ray job failed: {str(err).splitlines()[0]}") from None
    finally:
        if started_here:
            ray.shutdown()
