"""The one path from an Article to its records. `extract`, `ingest`, the batch runners and the web
app all call `extract_many` (or `extract_article`); there is no second pipeline."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace

from spacy.tokens import Doc

from .errors import InputError
from .pipeline import load_pipeline
from .records import Article, ArticleRecord, Problem
from .settings import limits

BATCH_SIZE = 16
SPLIT_FIX = "split it into smaller articles"


class ArticleTimeout(Exception):
    """Raised inside the extraction when an article (or a batch) has run out of its time."""


def _record(article: Article, doc: Doc) -> ArticleRecord:
    ignored = tuple(doc._.ignored or ())
    title = article.title
    if title is None:
        headline = next((i for i in ignored if i.reason == "headline"), None)
        if headline is not None:
            title = article.text[headline.start : headline.end]
    warnings = tuple(
        Problem.of(
            article.source,
            f"unbalanced quotation mark at offset {offset}",
            "the quote was closed at the end of its paragraph",
            kind="unbalanced_quote",
            severity="warning",
        )
        for offset in (doc._.unpaired_quotes or ())
    )
    if title != article.title:
        article = Article(article.id, article.text, article.source, title, article.published, article.url)
    return ArticleRecord(
        article=article,
        ignored=ignored,
        statements=tuple(doc._.statements or ()),
        entities=tuple(
            replace(e, as_of=article.published) if (e.title or e.affiliation) and article.published else e
            for e in (doc._.entities or ())
        ),
        events=tuple(doc._.events or ()),
        warnings=warnings,
    )


def _check_length(article: Article, nlp_max: int) -> None:
    if len(article.text) > nlp_max:
        raise InputError(
            article.source,
            f"article is {len(article.text):,} characters, over the limit of {nlp_max:,}",
            SPLIT_FIX,
            kind="too_large",
        )


def _check_tokens(doc: Doc, article: Article, most: int) -> None:
    """spaCy's parser and entity recognizer take memory in proportion to an article's tokens (about
    16 KB a token here), not its characters: a million quotation marks are a million tokens."""
    if len(doc) > most:
        raise InputError(
            article.source,
            f"article is {len(doc):,} tokens (words and punctuation), over the limit of {most:,}",
            f"{SPLIT_FIX}, or raise the limit with NEWSLEDGER_LIMIT_ARTICLE_TOKENS",
            kind="too_large",
        )


def extract_many(
    articles: Iterable[Article],
    model: str | None = None,
    batch_size: int = BATCH_SIZE,
    profile: str | None = None,
) -> Iterator[ArticleRecord | Problem]:
    """Records for each article, in order. An article that fails yields a Problem and the rest go on.
    ``profile``: fast (rules, the default) or accurate (the trained tagger too).

    Each article is bounded in tokens and in time (``settings.Limits``): one over either is a
    Problem. A batch that runs out of the time one article may take is extracted again one
    article at a time, each with that time.
    """
    nlp = load_pipeline(model, profile)
    bounds = limits()

    def checked() -> Iterator[tuple[Article, Doc | None, Problem | None]]:
        for article in articles:
            try:
                _check_length(article, nlp.max_length)
                doc = _unparsed(nlp, article)
                _check_tokens(doc, article, bounds.article_tokens)
            except InputError as err:
                yield article, None, Problem.from_error(err)
                continue
            yield article, doc, None

    pending: list[tuple[Article, Doc]] = []
    for article, doc, problem in checked():
        if problem is not None:
            yield from _run(nlp, pending, bounds.article_seconds)
            pending = []
            yield problem
            continue
        pending.append((article, doc))
        if len(pending) >= batch_size:
            yield from _run(nlp, pending, bounds.article_seconds)
            pending = []
    yield from _run(nlp, pending, bounds.article_seconds)


def extract_items(
    items: Iterable[Article | Problem],
    model: str | None = None,
    batch_size: int = BATCH_SIZE,
    profile: str | None = None,
) -> Iterator[ArticleRecord | Problem]:
    """``extract_many`` over what a reader yields: each article's records, and each reading
    Problem passed on in its place in the input's order."""
    pending: list[Problem] = []

    def articles() -> Iterator[Article]:
        for item in items:
            if isinstance(item, Problem):
                pending.append(item)
            else:
                yield item

    for result in extract_many(articles(), model=model, batch_size=batch_size, profile=profile):
        while pending:
            yield pending.pop(0)
        yield result
    yield from pending


def _unparsed(nlp, article: Article) -> Doc:
    """A Doc that knows its article's publication date, which times are normalised against."""
    doc = nlp.make_doc(article.text)
    doc._.published = article.published
    return doc


@contextmanager
def time_bound(seconds: float) -> Iterator[None]:
    """Raise ArticleTimeout in this thread once ``seconds`` have passed inside the block.

    A SIGALRM timer, since the extraction is pure computation in this process: it works in the
    command line, in the local engine's worker processes and in Spark and Ray workers alike,
    costs nothing while it waits, and needs no second process holding a copy of the pipeline.
    Signals reach only the main thread, so elsewhere (the web app extracts uploads in a worker
    thread) the block runs unbounded. The exception is raised between Python bytecodes, so
    it waits for a spaCy step in compiled code to return (the parser's steps are short).
    """
    usable = seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(signum, frame):
        raise ArticleTimeout(f"over {seconds:g} seconds")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _run(nlp, batch: list[tuple[Article, Doc]], seconds: float) -> Iterator[ArticleRecord | Problem]:
    if not batch:
        return
    try:
        with time_bound(seconds):
            docs = list(nlp.pipe(doc for _, doc in batch))
    except Exception:  # one bad or slow article must not sink its batch: retry one by one
        docs = None
    if docs is not None:
        for (article, _), doc in zip(batch, docs, strict=True):
            yield _record(article, doc)
        return
    for article, _ in batch:
        try:
            with time_bound(seconds):
                doc = nlp(_unparsed(nlp, article))
            yield _record(article, doc)
        except ArticleTimeout:
            yield Problem.of(
                article.source,
                f"extraction took longer than {seconds:g} seconds, the most one article may take",
                f"{SPLIT_FIX}, or raise the limit with NEWSLEDGER_LIMIT_ARTICLE_SECONDS",
                kind="timeout",
            )
        except Exception as err:  # reported, never silently dropped
            yield Problem.of(
                article.source,
                f"extraction failed ({type(err).__name__}: {err})",
                "please report this article",
                kind="extraction_failed",
            )


def extract_article(article: Article, model: str | None = None, profile: str | None = None) -> ArticleRecord:
    """Records for one article; raises InputError (with the problem's fields) when it cannot be processed."""
    (result,) = list(extract_many([article], model=model, profile=profile))
    if isinstance(result, Problem):
        raise InputError(result.source, result.problem or result.message, result.fix, kind=result.kind)
    return result
