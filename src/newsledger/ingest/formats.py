"""Which kind of input a file is, told by its name, and the article id its name gives."""

from __future__ import annotations

import os

from ..errors import InputError

NAME_FIX = "rename it so that its name is UTF-8, e.g. convmv -f WINDOWS-1252 -t UTF-8 --notest FILE"

GZIP_MAGIC = b"\x1f\x8b"  # how every gzip file starts

# Longest suffixes first, so that "x.warc.gz" is a WARC and not an unknown ".gz".
SUFFIXES = {
    ".jsonl.gz": "jsonl",
    ".ndjson.gz": "jsonl",
    ".warc.gz": "warc",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".warc": "warc",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
    ".text": "text",
    ".md": "text",
}


def known_suffix(path: str) -> str | None:
    """The suffix (lower case) that names the file's kind, or None for an unknown kind."""
    name = os.path.basename(path).lower()
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return suffix
    return None


def format_of(path: str) -> str | None:
    """'text', 'html', 'jsonl' or 'warc', or None when the name does not say."""
    suffix = known_suffix(path)
    return SUFFIXES[suffix] if suffix else None


def article_id(path: str) -> str:
    """The file name without its extension: ``a/foo.txt`` -> ``foo``, ``x.jsonl.gz`` -> ``x``."""
    name = os.path.basename(path)
    suffix = known_suffix(path)
    if suffix:
        return name[: -len(suffix)]
    stem, _ = os.path.splitext(name)
    return stem or name


def check_name(path: str) -> None:
    """Raise InputError if ``path`` is not UTF-8: Python carries its bad bytes as lone surrogates,
    which no message can print and the ledger cannot store as the article's source."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(path, "the file name is not valid UTF-8", NAME_FIX, kind="bad_name") from None
