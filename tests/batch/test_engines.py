"""Spark (local[2]) and Ray (a local cluster) run the same shards to the same records as the
local engine. Both are optional extras; CI installs them, so these run there."""

from __future__ import annotations

import os
import shutil

import pytest

from newsledger.batch import read_results, run_batch
from newsledger.batch.output import done_path

from .conftest import as_comparable

pytestmark = pytest.mark.engines


def spark_ready() -> bool:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return False
    return shutil.which("java") is not None


@pytest.mark.skipif(not spark_ready(), reason="the spark extra (PySpark and a Java runtime) is not installed")
def test_spark_gives_the_records_extract_gives(corpus, reference, tmp_path):
    out = tmp_path / "spark"
    finished = []
    result = run_batch([str(corpus)], str(out), engine="spark", workers=2, shard_size=4, on_shard=lambda s: finished.append(s.shard))
    assert sorted(finished) == list(range(result.shards))
    assert as_comparable(read_results(out)) == as_comparable(reference)
    # and it resumes like the local engine: one shard undone, one shard run again
    done_path(out, 1).unlink()
    again = run_batch([str(corpus)], str(out), engine="spark", workers=2, shard_size=4)
    assert (again.skipped, again.articles, again.statements) == (result.shards - 1, result.articles, result.statements)


def ray_workers_niceness() -> set[int]:
    """The niceness of this process's Ray workers (the local cluster's processes are its children)."""
    import psutil

    found = set()
    for process in psutil.Process().children(recursive=True):
        try:
            if process.cmdline()[:1] == ["ray::ShardWorker"] or process.name().startswith("ray::ShardWorker"):
                found.add(process.nice())
        except psutil.Error:
            pass
    return found


def test_ray_gives_the_records_extract_gives(corpus, reference, tmp_path, monkeypatch):
    pytest.importorskip("ray", reason="the ray extra is not installed")
    monkeypatch.delenv("RAY_worker_niceness", raising=False)
    out = tmp_path / "ray"
    finished, niceness = [], set()

    def on_shard(summary):
        finished.append(summary.shard)
        niceness.update(ray_workers_niceness())

    result = run_batch([str(corpus)], str(out), engine="ray", workers=2, shard_size=4, on_shard=on_shard)
    assert sorted(finished) == list(range(result.shards))
    assert as_comparable(read_results(out)) == as_comparable(reference)
    assert result.reasons == {"not_json": 1, "bad_field": 1}
    assert niceness == {os.nice(0)}  # the workers run at this process's priority, not Ray's default of 15 more


@pytest.mark.skipif(not spark_ready(), reason="the spark extra (PySpark and a Java runtime) is not installed")
def test_spark_without_java_is_one_clear_line(corpus, tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "JAVA_HOME": str(tmp_path / "no-java"), "PATH": os.path.dirname(sys.executable) + ":/bin"}
    run = subprocess.run(
        [sys.executable, "-m", "newsledger", "batch", str(corpus), "--out", str(tmp_path / "out"), "--engine", "spark"],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert run.returncode == 2
    assert run.stderr.splitlines()[-1].startswith("error: Spark could not start (")
    assert run.stderr.splitlines()[-1].endswith(
        "); install a Java 17+ runtime (e.g. apt-get install openjdk-17-jre-headless) and check --address"
    )
