"""One shard's work, the same on every engine: read its parts, run the one extraction path
(``extraction.extract_items``, as ``newsledger extract`` does), write its tables and marker."""

from __future__ import annotations

import time
from collections.abc import Iterator

from ..extraction import extract_items
from ..ingest import read_part
from ..records import Article, ArticleRecord, Problem
from .output import ShardSummary, ShardWriter
from .plan import Job, Shard

__all__ = ["Job", "run_shard", "shard_articles"]


def shard_articles(shard: Shard, published: str | None) -> Iterator[Article | Problem]:
    for part in shard.parts:
        yield from read_part(part.path, part.range, published)


ROW_GROUP = 32  # articles written at a time: what a worker holds of a shard's records


def run_shard(job: Job, shard: Shard) -> ShardSummary:
    """Process one shard and write its output; return its summary. The pipeline is loaded once per
    process (``load_pipeline`` caches it), so a worker pays for it on its first shard only."""
    started = time.perf_counter()
    summary = ShardSummary(shard.id)
    writer = ShardWriter(job.out, shard)
    try:
        pending: list[ArticleRecord | Problem] = []
        for item in extract_items(shard_articles(shard, job.published), model=job.model, profile=job.profile):
            _count(summary, item)
            pending.append(item)
            if len(pending) >= ROW_GROUP:
                writer.write(pending)
                pending = []
        writer.write(pending)
        summary.seconds = round(time.perf_counter() - started, 3)
        writer.finish(summary)
    except BaseException:
        writer.abort()
        raise
    return summary


def _count(summary: ShardSummary, item: ArticleRecord | Problem) -> None:
    if isinstance(item, Problem):
        summary.errors += 1
        summary.reasons[item.kind] = summary.reasons.get(item.kind, 0) + 1
        return
    summary.articles += 1
    summary.statements += len(item.statements)
    summary.events += len(item.events)
    summary.entities += len(item.entities)
    summary.warnings += len(item.warnings)
    summary.chars += len(item.article.text)

