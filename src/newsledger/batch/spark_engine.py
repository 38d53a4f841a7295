"""The Spark engine: shards as an RDD, one partition per shard, processed with ``mapPartitions``.

Each partition's function loads the pipeline (once per Python worker, which Spark reuses across
partitions) and runs the same ``run_shard`` as the local engine. Outputs go straight to the
output folder, which on a cluster must be a filesystem every executor can write (NFS, a mount).

Spark's start-up is paid once per run: one session, one Python worker per core, each loading the
pipeline on its first shard and keeping it. Most of it is the JVM's: on a local master the driver's
JVM compiles with its quick compiler only and collects garbage in one thread (``LOCAL_JVM_OPTIONS``),
which roughly halves the CPU its start takes (13 to 7 CPU-seconds measured here); the JVM only
hands out shards and gathers their summaries, so it never needs the optimising compiler.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from ..errors import NewsledgerError
from .output import ShardSummary, finished
from .plan import Job, Shard
from .local_engine import run_in_worker, share_cores


LOCAL_JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"


def _partition(job_and_shards: Iterable[tuple[dict[str, Any], dict[str, Any]]]) -> Iterator[dict[str, Any]]:
    share_cores(1)  # a Spark task has one core (spark.task.cpus)
    for job, shard in job_and_shards:
        yield run_in_worker(Job(**job), Shard.from_dict(shard)).to_dict()


def run_spark(
    job: Job, shards: Sequence[Shard], workers: int, on_done: Callable[[ShardSummary], None], master: str | None = None
) -> None:
    """Run ``shards`` on Spark: ``master`` (default: an existing session's, else ``local[workers]``).
    Progress comes from the shard markers, which the driver watches while the job runs."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as err:
        raise NewsledgerError(
            f"the spark engine needs PySpark ({err.name} is not installed); install the extra: pip install 'newsledger[spark]'"
        ) from None
    builder = SparkSession.builder.appName("newsledger batch")
    started_here = not SparkSession.getActiveSession()
    if master or started_here:
        master = master or f"local[{workers}]"
        builder = builder.master(master)
    if (master or "").startswith("local"):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # local workers use this very environment
        # Prepended to the driver's options, so that a user's spark.driver.extraJavaOptions still wins.
        builder = builder.config("spark.driver.defaultJavaOptions", LOCAL_JVM_OPTIONS)
    try:
        spark = (
            builder.config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
            .config("spark.python.worker.reuse", "true").getOrCreate()
        )
    except Exception as err:  # no Java, a bad master URL: PySpark's own errors are many lines
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise NewsledgerError(
            f"Spark could not start ({first}); install a Java 17+ runtime (e.g. apt-get install openjdk-17-jre-headless) "
            "and check --address"
        ) from None
    spark.sparkContext.setLogLevel("ERROR")
    items = [(job.to_dict(), s.to_dict()) for s in shards]
    rdd = spark.sparkContext.parallelize(items, numSlices=max(1, len(items)))
    outcome: dict[str, Any] = {}

    def collect() -> None:
        try:
            outcome["summaries"] = rdd.mapPartitions(_partition).collect()
        except BaseException as err:  # reported in the driver's thread below
            outcome["error"] = err

    thread = threading.Thread(target=collect, daemon=True)
    thread.start()
    reported: set[int] = set()
    wanted = {s.id for s in shards}
    try:
        while thread.is_alive():
            thread.join(0.5)
            for shard_id, summary in finished(job.out, reported).items():
                if shard_id in wanted and shard_id not in reported:
                    reported.add(shard_id)
                    on_done(summary)
    except BaseException:
        spark.sparkContext.cancelAllJobs()
        raise
    finally:
        if started_here:
            spark.stop()
    if "error" in outcome:
        raise NewsledgerError(f"the Spark job failed: {str(outcome['error']).splitlines()[0]}")
    for d in outcome.get("summaries", []):
        if d["shard"] not in reported:
            reported.add(d["shard"])
            on_done(ShardSummary.from_dict(d))
