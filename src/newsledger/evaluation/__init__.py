"""Scoring newsledger's extraction against annotated corpora (pure functions, no CLI)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Protocol, TypeVar

from ..records import Article, ArticleRecord, Problem

Extract = Callable[[Iterable[Article]], Iterable["ArticleRecord | Problem"]]


class GoldSentence(Protocol):
    id: str
    text: str


S = TypeVar("S", bound=GoldSentence)


FAILURES_SHOWN = 3  # problems a report's table shows; its --json has them all


def problem_lines(problems: Sequence[Problem], shown: int = FAILURES_SHOWN) -> list[str]:
    """The lines of the first ``shown`` problems, indented to go under a report's count of what
    failed, and how many more there are: a failure is never dropped in silence."""
    lines = [f"  {p.message}" for p in problems[:shown]]
    if len(problems) > shown:
        lines.append(f"  ... and {len(problems) - shown} more (--json lists them all)")
    return lines


def run_extraction(
    articles: list[Article], extract: Extract | None = None, model: str | None = None, profile: str | None = None
) -> tuple[dict[str, ArticleRecord], list[Problem]]:
    """Records by article id, and the problems of articles that failed, through ``extract`` or,
    by default, the one extraction path (loaded only when a run needs it)."""
    if extract is None:
        from ..extraction import extract_many

        def extract(batch: Iterable[Article]) -> Iterable[ArticleRecord | Problem]:
            return extract_many(batch, model=model, profile=profile)

    predicted: dict[str, ArticleRecord] = {}
    problems: list[Problem] = []
    for item in extract(articles):
        if isinstance(item, Problem):
            problems.append(item)
        else:
            predicted[item.article.id] = item
    return predicted, problems


def extract_sentences(
    gold: Sequence[S], source: str, extract: Extract | None, model: str | None, profile: str | None, limit: int | None
) -> tuple[list[S], dict[str, ArticleRecord], list[Problem]]:
    """Each gold sentence (the first ``limit``, if given) extracted as its own undated article
    named ``<source>:<id>``: the sentences scored, their records by id, and the failures' problems."""
    check_limit(limit)
    gold = list(gold[:limit] if limit is not None else gold)
    articles = [Article(id=s.id, text=s.text, source=f"{source}:{s.id}", published=None) for s in gold]
    predicted, problems = run_extraction(articles, extract, model, profile)
    return gold, predicted, problems


def check_limit(limit: int | None) -> None:
    """A sentence limit is zero or more; checked before any gold file is read."""
    if limit is not None and limit < 0:
        raise ValueError(f"limit must be zero or more sentences, not {limit}")
