"""Scoring newsledger's extraction against annotated corpora (pure functions, no CLI)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..records import Article, ArticleRecord, Problem

Extract = Callable[[Iterable[Article]], Iterable["ArticleRecord | Problem"]]


def run_extraction(
    articles: list[Article], extract: Extract | None = None, model: str | None = None, profile: str | None = None
) -> tuple[dict[str, ArticleRecord], list[str]]:
    """Records by article id, and the messages of articles that failed, through ``extract`` or,
    by default, the one extraction path (loaded only when a run needs it)."""
    if extract is None:
        from ..extraction import extract_many

        def extract(batch: Iterable[Article]) -> Iterable[ArticleRecord | Problem]:
            return extract_many(batch, model=model, profile=profile)

    predicted: dict[str, ArticleRecord] = {}
    problems: list[str] = []
    for item in extract(articles):
        if isinstance(item, Problem):
            problems.append(item.message)
        else:
            predicted[item.article.id] = item
    return predicted, problems
