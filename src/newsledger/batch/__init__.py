"""Batch processing: many articles, in shards, on local worker processes, Spark or Ray.

Every engine runs the same ``shard.run_shard`` (the one extraction path, as ``newsledger
extract``) and writes the same output folder (see ``output``). A re-run of the same command skips
the shards already finished, so a killed run resumes with no loss and no duplicates.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, NewsledgerError
from ..dates import check_published
from ..records import Problem
from ..settings import DEFAULT_PROFILE, PROFILE_ENV, PROFILES
from .output import ShardSummary, finished, is_batch_output, plan_of, read_manifest, read_results, remove_leftovers, write_manifest
from .plan import Job, Plan, list_inputs, plan_shards

__all__ = ["ENGINES", "BatchResult", "is_batch_output", "read_results", "run_batch", "run_shard"]

ENGINES = ("local", "spark", "ray")


def __getattr__(name: str):
    # ``run_shard`` loads spaCy; reading a batch output (``newsledger ingest OUT``, or asking
    # whether a folder is one) must not, so the shard module is imported when first asked for.
    if name == "run_shard":
        from .shard import run_shard

        return run_shard
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass
class BatchResult:
    out: str
    shards: int = 0  # in the plan
    skipped: int = 0  # finished by an earlier run
    articles: int = 0  # all totals cover every finished shard, this run's and earlier ones
    statements: int = 0
    events: int = 0
    entities: int = 0
    errors: int = 0
    warnings: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # inputs that could not be listed
    planned_articles: int = 0

    def add(self, summary: ShardSummary) -> None:
        self.articles += summary.articles
        self.statements += summary.statements
        self.events += summary.events
        self.entities += summary.entities
        self.errors += summary.errors
        self.warnings += summary.warnings
        for reason, count in summary.reasons.items():
            self.reasons[reason] = self.reasons.get(reason, 0) + count


def run_batch(
    inputs: Iterable[str],
    out: str,
    engine: str = "local",
    workers: int | None = None,
    profile: str | None = None,
    model: str | None = None,
    published: str | None = None,
    shard_size: int | None = None,
    on_plan: Callable[[BatchResult], None] | None = None,
    on_shard: Callable[[ShardSummary], None] | None = None,
    address: str | None = None,
) -> BatchResult:
    """Process every article in ``inputs`` into the output folder ``out``; resume if ``out`` holds
    an unfinished run of the same inputs and settings. ``on_plan`` is called once the work is known
    (``shards``, ``skipped``, ``planned_articles``), ``on_shard`` as each shard finishes.
    ``shard_size``: articles per shard (default: sized to the work and ``workers``; a resumed run
    keeps its first run's plan). ``address``: the Spark master or Ray cluster address."""
    # Absolute paths: a resumed run may start elsewhere, and cluster workers have their own cwd.
    inputs = [os.path.abspath(p) if str(p) != "-" else "-" for p in inputs]
    out = os.path.abspath(out)
    if engine not in ENGINES:
        raise NewsledgerError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    profile = profile or os.environ.get(PROFILE_ENV) or DEFAULT_PROFILE
    if profile not in PROFILES:
        raise NewsledgerError(f"unknown profile {profile!r}; choose one of {', '.join(PROFILES)}")
    check_published(published)
    workers = workers or os.cpu_count() or 1
    settings = {"profile": profile, "model": model, "published": published, "shard_size": shard_size}
    plan = _plan(inputs, out, settings, shard_size, workers)
    done = finished(out)
    result = BatchResult(out=out, shards=len(plan.shards), problems=list(plan.problems))
    result.planned_articles = sum(s.size for s in plan.shards)
    for shard in plan.shards:
        if shard.id in done:
            result.skipped += 1
            result.add(done[shard.id])
    if on_plan is not None:
        on_plan(result)
    todo = [s for s in plan.shards if s.id not in done]
    if not todo:
        return result
    job = Job(out=str(out), profile=profile, model=model, published=published)

    def record(summary: ShardSummary) -> None:
        result.add(summary)
        if on_shard is not None:
            on_shard(summary)

    if engine == "local":
        from .local_engine import run_local

        try:
            run_local(job, todo, workers, record)
        except NewsledgerError:
            raise
        except (OSError, RuntimeError) as err:  # a worker died (killed, out of memory) or the disk failed
            raise NewsledgerError(
                f"{out}: the batch stopped ({type(err).__name__}: {err}); finished shards are kept, run the same command again to resume"
            ) from None
    elif engine == "spark":
        from .spark_engine import run_spark

        run_spark(job, todo, workers, record, master=address)
    else:
        from .ray_engine import run_ray

        run_ray(job, todo, workers, record, address=address or os.environ.get("RAY_ADDRESS"))
    return result


def _plan(inputs: list[str], out: str, settings: dict, shard_size: int | None, workers: int) -> Plan:
    """The shard plan: the one in ``out`` when it is a run of the same inputs and settings, else a
    new one (``out`` must then be new or empty)."""
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise InputError(out, "is a file, not a folder", "pass a folder for the batch output with --out")
    manifest = read_manifest(out)
    if manifest is not None:
        files, _ = list_inputs(inputs)
        same_files = [list(f) for f in files] == manifest["files"]
        if manifest["inputs"] != inputs or manifest["settings"] != settings or not same_files:
            what = "inputs" if manifest["inputs"] != inputs else "settings" if manifest["settings"] != settings else "input files (changed since)"
            raise InputError(
                out,
                f"holds a batch of other {what}",
                "pass a new --out folder, or delete this one to start again",
            )
        remove_leftovers(out)
        return plan_of(manifest)
    if folder.is_dir() and any(folder.iterdir()):
        raise InputError(out, "is not empty and holds no batch", "pass a new or empty --out folder")
    plan = plan_shards(inputs, shard_size, workers)
    folder.mkdir(parents=True, exist_ok=True)
    write_manifest(out, inputs, settings, plan)
    return plan
