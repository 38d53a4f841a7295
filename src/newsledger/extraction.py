"""The one path from an Article to its records. `extract`, `ingest`, the batch runners and the web
app all call `extract_many` (or `extract_article`); there is no second pipeline."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from spacy.tokens import Doc

from .errors import InputError
from .pipeline import load_pipeline
from .records import Article, ArticleRecord, Problem

BATCH_SIZE = 16


def _record(article: Article, doc: Doc) -> ArticleRecord:
    ignored = tuple(doc._.ignored or ())
    title = article.title
    if title is None:
        headline = next((i for i in ignored if i.reason == "headline"), None)
        if headline is not None:
            title = article.text[headline.start : headline.end]
    warnings = tuple(
        Problem(
            article.source,
            f"{article.source}: unbalanced quotation mark at offset {offset}; the quote was closed at the end of its paragraph",
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
            "split it into smaller articles",
        )


def extract_many(
    articles: Iterable[Article],
    model: str | None = None,
    batch_size: int = BATCH_SIZE,
    profile: str | None = None,
) -> Iterator[ArticleRecord | Problem]:
    """Records for each article, in order. An article that fails yields a Problem and the rest go on.
    ``profile``: fast (rules, the default) or accurate (the trained tagger too)."""
    nlp = load_pipeline(model, profile)

    def checked() -> Iterator[tuple[Article, Problem | None]]:
        for article in articles:
            try:
                _check_length(article, nlp.max_length)
            except InputError as err:
                yield article, Problem(article.source, str(err))
                continue
            yield article, None

    pending = list()
    for article, problem in checked():
        if problem is not None:
            yield from _run(nlp, pending)
            pending = []
            yield problem
            continue
        pending.append(article)
        if len(pending) >= batch_size:
            yield from _run(nlp, pending)
            pending = []
    yield from _run(nlp, pending)


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


def _run(nlp, articles: list[Article]) -> Iterator[ArticleRecord | Problem]:
    if not articles:
        return
    try:
        docs = list(nlp.pipe(_unparsed(nlp, a) for a in articles))
    except Exception:  # one bad article must not sink its batch: retry one by one
        docs = None
    if docs is not None:
        for article, doc in zip(articles, docs, strict=True):
            yield _record(article, doc)
        return
    for article in articles:
        try:
            yield _record(article, nlp(_unparsed(nlp, article)))
        except Exception as err:  # reported, never silently dropped
            yield Problem(article.source, f"{article.source}: extraction failed ({type(err).__name__}: {err}); please report this article")


def extract_article(article: Article, model: str | None = None, profile: str | None = None) -> ArticleRecord:
    """Records for one article; raises InputError when it cannot be processed."""
    (result,) = list(extract_many([article], model=model, profile=profile))
    if isinstance(result, Problem):
        raise InputError(article.source, result.message.removeprefix(f"{article.source}: "))
    return result
