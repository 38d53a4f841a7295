"""Articles from the web app's form, pasted or uploaded, into the ledger through the one
extraction path (``extract_many``), exactly as ``newsledger ingest`` stores them."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from newsledger.errors import InputError
from newsledger.ingest import read_articles
from newsledger.ingest.dates import check_published
from newsledger.ingest.formats import format_of
from newsledger.ingest.text import text_article
from newsledger.records import Article, Problem

PASTED_SOURCE = "pasted"
UPLOAD_KINDS = ("text", "html", "jsonl")
UPLOAD_FIX = "upload a .txt, .md, .html or .jsonl file"
MAX_NAME_BYTES = 200  # the upload is copied under its own name, and file systems refuse names over 255 bytes


@dataclass
class Added:
    """What one form submission did: the keys of the articles it stored or found already stored."""

    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def keys(self) -> list[str]:
        return self.added + self.duplicates


def add_submission(
    db: str, *, text: str, title: str | None, published: str | None, file_name: str | None, file_data: bytes
) -> Added:
    """Store what the form was given: the uploaded file when there is one, else the pasted text."""
    if file_name is not None:
        return store(db, uploaded_articles(file_name, file_data, published))
    return store(db, [pasted_article(text, title, published)])


def pasted_article(text: str, title: str | None, published: str | None) -> Article:
    """The article a user pasted; raises InputError for an empty text or a bad date."""
    published = check_published(published or None, "published date")
    article = text_article(text.encode("utf-8"), id=_slug(title) or "pasted", source=PASTED_SOURCE, published=published)
    return replace(article, title=title or None)


def uploaded_articles(name: str, data: bytes, published: str | None) -> list[Article | Problem]:
    """The articles in an uploaded file, read by the same readers as ``newsledger ingest``.

    Sources are named ``upload:NAME`` (with ``:LINE`` for JSONL), never by the temporary copy.
    """
    published = check_published(published or None, "published date")
    name = os.path.basename(name.replace("\\", "/")) or "upload"
    _check_name(name)
    if format_of(name) not in UPLOAD_KINDS:
        raise InputError(name, "is not a kind of file the web app reads", UPLOAD_FIX)
    with tempfile.TemporaryDirectory(prefix="newsledger-upload-") as folder:
        path = os.path.join(folder, name)
        with open(path, "wb") as f:
            f.write(data)
        shown = f"upload:{name}"
        return [_renamed(item, path, shown) for item in read_articles([path], published=published)]


def store(db: str, items: Iterable[Article | Problem]) -> Added:
    """Extract each article and store it in the ledger at ``db``, opened for writing for this call
    only, through ``commands.ingest_articles``, exactly as ``newsledger ingest`` does."""
    from newsledger.commands import ingest_articles

    result = ingest_articles(items, db=db)
    return Added(added=result.added_keys, duplicates=result.duplicate_keys, problems=result.problems)


def _renamed(item: Article | Problem, path: str, shown: str) -> Article | Problem:
    if isinstance(item, Problem):
        return Problem(item.source.replace(path, shown), item.message.replace(path, shown), item.severity)
    return replace(item, source=item.source.replace(path, shown))


def _check_name(name: str) -> None:
    """Refuse a name the temporary copy cannot carry, rather than fail on it half-way."""
    rename = "rename the file and upload it again"
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise InputError(ascii(name), "the file name contains control characters", rename)
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        raise InputError(name[:40] + "...", f"the file name is longer than {MAX_NAME_BYTES} bytes", rename)


def _slug(title: str | None) -> str:
    return re.sub(r"[^a-z0-9]+", "-", (title or "").casefold()).strip("-")[:60]
