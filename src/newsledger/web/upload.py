"""Articles from the web app's form, pasted or uploaded, into the ledger through the one
extraction path (``extract_many``), exactly as ``newsledger ingest`` stores them."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field, replace

from newsledger.errors import InputError
from newsledger.ingest import read_bytes
from newsledger.dates import check_published
from newsledger.ingest.formats import format_of
from newsledger.ingest.text import text_article
from newsledger.records import Article, Problem

PASTED_SOURCE = "pasted"
UPLOAD_KINDS = ("text", "html", "jsonl")
UPLOAD_FIX = "upload a .txt, .md, .html or .jsonl file"
MAX_NAME_BYTES = 200  # a name is the source of every article in the file, stored and shown: file systems allow 255 bytes


@dataclass
class Added:
    """What one form submission did: the keys of the articles it stored or found already stored."""

    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    stopped: bool = False  # the client went away, and the articles after it were not read

    @property
    def keys(self) -> list[str]:
        return self.added + self.duplicates


def add_submission(
    db: str,
    *,
    text: str,
    title: str | None,
    published: str | None,
    file_name: str | None,
    file_data: bytes,
    max_articles: int,
    stop: threading.Event | None = None,
) -> Added:
    """Store what the form was given: the uploaded file when there is one, else the pasted text.

    An upload adds at most ``max_articles`` articles (good or bad): the rest of the file is not
    read, and a problem says so. Once ``stop`` is set (the client went away) no further article
    is read; those already being extracted (a batch at most) are finished and stored.
    """
    if file_name is None:
        return store(db, [pasted_article(text, title, published)])
    items = uploaded_articles(file_name, file_data, published)
    shown = f"upload:{_base_name(file_name)}"
    over: list[bool] = []
    with closing(items):
        added = store(db, _bounded(items, max_articles, stop, over))
    if over:
        added.problems.append(Problem.from_error(_too_many(shown, max_articles, db)))
    added.stopped = stop is not None and stop.is_set()
    return added


def _bounded(items: Iterable[Article | Problem], most: int, stop: threading.Event | None, over: list[bool]) -> Iterator[Article | Problem]:
    """``items`` up to the ``most``-th; ``over`` is marked when there were more."""
    for count, item in enumerate(items):
        if stop is not None and stop.is_set():
            return
        if count == most:
            over.append(True)
            return
        yield item


def _too_many(shown: str, most: int, db: str) -> InputError:
    return InputError(
        shown,
        f"holds more than {most:,} articles, the most one upload may add; only its first {most:,} were read",
        f"split it into files of at most {most:,} articles, or add it from the command line: newsledger ingest FILE --db {db}",
        kind="too_many",
    )


def pasted_article(text: str, title: str | None, published: str | None) -> Article:
    """The article a user pasted; raises InputError for an empty text or a bad date."""
    published = check_published(published or None, "published date")
    article = text_article(text.encode("utf-8"), id=_slug(title) or "pasted", source=PASTED_SOURCE, published=published)
    return replace(article, title=title or None)


def uploaded_articles(name: str, data: bytes, published: str | None) -> Iterator[Article | Problem]:
    """The articles in an uploaded file, read from its bytes by the same readers as ``newsledger
    ingest`` (``ingest.read_bytes``), as they are read; the name, the kind of file and the date
    are checked at once, raising InputError.

    Sources are named ``upload:NAME`` (with ``:LINE`` for JSONL).
    """
    published = check_published(published or None, "published date")
    name = _base_name(name)
    _check_name(name)
    if format_of(name) not in UPLOAD_KINDS:
        raise InputError(name, "is not a kind of file the web app reads", UPLOAD_FIX, kind="wrong_format")
    return read_bytes(data, name, source=f"upload:{name}", published=published)


def _base_name(name: str) -> str:
    return os.path.basename(name.replace("\\", "/")) or "upload"


def store(db: str, items: Iterable[Article | Problem]) -> Added:
    """Extract each article and store it in the ledger at ``db``, opened for writing for this call
    only, through ``commands.ingest_articles``, exactly as ``newsledger ingest`` does."""
    from newsledger.commands import ingest_articles

    result = ingest_articles(items, db=db)
    return Added(added=result.added_keys, duplicates=result.duplicate_keys, problems=result.problems)


def _check_name(name: str) -> None:
    """Refuse a name that could not be a file's, since it becomes the source of every article the
    upload holds: shown on every page and stored in the ledger."""
    rename = "rename the file and upload it again"
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise InputError(ascii(name), "the file name contains control characters", rename, kind="bad_name")
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        raise InputError(name[:40] + "...", f"the file name is longer than {MAX_NAME_BYTES} bytes", rename, kind="bad_name")


def _slug(title: str | None) -> str:
    return re.sub(r"[^a-z0-9]+", "-", (title or "").casefold()).strip("-")[:60]
