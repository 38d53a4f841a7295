"""Defaults that the command line, the web app and the library share, in a module light enough to
import before anything heavy (spaCy, the ledger) is needed."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields

DEFAULT_DB = "newsledger.db"  # the SQLite ledger `ingest`, the queries and `serve` use unless told otherwise

# The pipeline's profiles (newsledger.pipeline builds them), here so that what checks a profile
# name (the batch driver, which never runs the pipeline itself) need not import spaCy.
# fast: the rules alone (the default). accurate: the trained tagger too (needs the `accurate` extra).
PROFILES = ("fast", "accurate")
DEFAULT_PROFILE = "fast"
PROFILE_ENV = "NEWSLEDGER_PROFILE"

LIMIT_ENV_PREFIX = "NEWSLEDGER_LIMIT_"  # NEWSLEDGER_LIMIT_ARTICLE_SECONDS=60 sets article_seconds


@dataclass(frozen=True)
class Limits:
    """What one input may cost, so that no input can exhaust the memory or the time of a run.

    Each can be set for a run with an environment variable, ``NEWSLEDGER_LIMIT_`` and the name in
    capitals (``NEWSLEDGER_LIMIT_ARTICLE_SECONDS=60``); batch workers inherit it.
    """

    # Bytes of one article's input as read, after gunzip and HTTP content decoding: a text or
    # HTML file, a JSONL line, a WARC record's payload. An article of the most characters
    # extracted is at most 4 bytes a character in UTF-8; HTML around it needs room too.
    record_bytes: int = 32 << 20
    # Bytes a gzipped file may decompress to in all: a gzip bomb of 2 MB makes 2 GB of zeros.
    file_bytes: int = 64 << 30
    # Seconds one article may spend in the extraction before it is recorded as a problem and the
    # run goes on: an article of a million characters takes about a minute on a slow machine.
    article_seconds: float = 300.0
    # Tokens (words and punctuation) of one article: spaCy's parser and entity recognizer take
    # about 16 KB a token, so 80,000 tokens (some 380,000 characters of news prose) stay under
    # 2 GB of memory with the pipeline loaded. A million characters are 210,000 tokens of prose.
    article_tokens: int = 80_000
    # Attributes on one HTML tag: the HTML parsers take time quadratic in them.
    html_attributes: int = 1000
    # Characters of an article id (a file name, a JSONL "id", a WARC record id).
    id_chars: int = 512


def limits() -> Limits:
    """The limits in force: the defaults, and any set in the environment (read on each call, so
    that a test or a caller may change them for a run)."""
    values = {}
    for field in fields(Limits):
        raw = os.environ.get(LIMIT_ENV_PREFIX + field.name.upper())
        if raw:
            try:
                values[field.name] = type(field.default)(float(raw))
            except ValueError:
                raise ValueError(
                    f"{LIMIT_ENV_PREFIX}{field.name.upper()}={raw!r} is not a number; give it as a number, such as {field.default}"
                ) from None
    return Limits(**values)


STORE_ENV_PREFIX = "NEWSLEDGER_STORE_"  # NEWSLEDGER_STORE_SECONDS=5 sets StoreBatch.seconds


@dataclass(frozen=True)
class StoreBatch:
    """How many extracted articles ``ingest`` (and the web app's ingest page) holds before it
    writes them to the ledger in one transaction: it writes when it holds ``articles`` articles,
    ``text_bytes`` of their text, or has held the first for ``seconds``, whichever comes first.

    Larger batches write less to the ledger's log (a page that many articles touch is written
    once per batch, not once per article: batches of 64 write under 2x what the ledger keeps,
    one article at a time about 14x); a run killed outright loses what it holds (a re-run
    extracts it again), and readers see new articles once they are written. Each can be set for
    a run with ``NEWSLEDGER_STORE_`` and the name in capitals (``NEWSLEDGER_STORE_ARTICLES=1``
    writes each article as it comes).
    """

    articles: int = 64
    text_bytes: int = 4_000_000
    seconds: float = 20.0


def store_batch() -> StoreBatch:
    """The store batch in force: the defaults, and any set in the environment (read on each call)."""
    values = {}
    for field in fields(StoreBatch):
        raw = os.environ.get(STORE_ENV_PREFIX + field.name.upper())
        if raw:
            try:
                value = type(field.default)(float(raw))
            except ValueError:
                value = None
            if value is None or value <= 0:
                raise ValueError(
                    f"{STORE_ENV_PREFIX}{field.name.upper()}={raw!r} is not a positive number; give it as a number, "
                    f"such as {field.default}"
                ) from None
            values[field.name] = value
    return StoreBatch(**values)
