"""The readers: turn paths (files, directories, ``-`` for stdin) into ``Article``s, text untouched.

Bad input never stops a batch: it comes out as a ``Problem`` that names the source, what is wrong
and how to fix it, and its kind. ``read_bytes`` reads a file's content given without the file.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO

from ..errors import InputError
from ..records import Article, Problem
from ..dates import check_published
from .directory import files_in
from .formats import check_name, format_of
from .html import read_html_file, read_html_stream
from .jsonl import count_lines, read_jsonl_file, read_jsonl_stream
from .text import MAX_CHARS, read_stdin, read_text_file, read_text_stream
from .warc import count_records, read_warc_file

__all__ = ["MAX_CHARS", "count_units", "input_files", "read_articles", "read_bytes", "read_file", "read_part"]

STDIN_PATH = "-"

Reader = Callable[..., Iterator["Article | InputError"]]
READERS: dict[str | None, Reader] = {
    "text": read_text_file,
    "html": read_html_file,
    "jsonl": read_jsonl_file,
    "warc": read_warc_file,
    None: read_text_file,  # a file named on its own, of no known kind, is read as text
}
# The same readers over a file's bytes, for inputs that come without a file (the web upload).
# A WARC archive is read from a file only: fastwarc streams it, and no upload sends one.
BYTE_READERS: dict[str | None, Reader] = {
    "text": read_text_stream,
    "html": read_html_stream,
    "jsonl": read_jsonl_stream,
    None: read_text_stream,
}


def read_articles(
    paths: Iterable[str],
    published: str | None = None,
    stdin: BinaryIO | None = None,
    *,
    max_chars: int = MAX_CHARS,
) -> Iterator[Article | Problem]:
    """Yield an ``Article`` for each article in ``paths``, a ``Problem`` for each input that failed.

    ``published`` (``YYYY-MM-DD``) dates the articles whose input carries no date of its own;
    it is checked here, before anything is read, and a bad one raises ``InputError``.
    ``stdin`` is read for the path ``-`` (default: the process's standard input).
    """
    fallback = check_published(published)
    if isinstance(paths, (str, os.PathLike)):  # one path given alone, not a list of them
        paths = [paths]
    return _read_all(paths, fallback, stdin, max_chars)


def read_file(
    path: str, published: str | None = None, *, max_chars: int = MAX_CHARS
) -> list[Article]:
    """Read every article in one path; raise the first ``InputError`` met."""
    fallback = check_published(published)
    articles = []
    for item in _read_path(str(path), fallback, None, max_chars):
        if isinstance(item, InputError):
            raise item
        articles.append(item)
    return articles


def read_bytes(
    data: bytes,
    name: str,
    *,
    source: str | None = None,
    published: str | None = None,
    max_chars: int = MAX_CHARS,
) -> Iterator[Article | Problem]:
    """The articles in ``data``, the content of a file called ``name`` (which gives its kind and
    the articles' ids), read exactly as ``read_articles`` reads that file, with no file written:
    what the web app's upload calls. Sources are ``source`` (default ``name``), ``source:LINE`` for
    JSONL. ``published`` is checked as ``read_articles`` checks it."""
    fallback = check_published(published)
    return _read_bytes(data, name, name if source is None else source, fallback, max_chars)


def _read_bytes(data: bytes, name: str, source: str, published: str | None, max_chars: int) -> Iterator[Article | Problem]:
    try:
        check_name(source)
    except InputError as err:
        yield Problem.from_error(err)
        return
    kind = format_of(name)
    reader = BYTE_READERS.get(kind)
    if reader is None:
        problem = f"is a {str(kind).upper()} file, which is read from a file only"
        yield Problem.of(source, problem, "save it to a file and pass its path", kind="wrong_format")
        return
    stream = io.BufferedReader(io.BytesIO(data))  # buffered, as an opened file is: the JSONL reader peeks
    items = reader(stream, name=name, source=source, published=published, max_chars=max_chars)
    for item in _guarded(source, items):
        yield Problem.from_error(item) if isinstance(item, InputError) else item


def input_files(paths: Iterable[str]) -> Iterator[str | Problem]:
    """The files ``paths`` name (directories listed as ``read_articles`` lists them), in reading
    order; a path that cannot be read comes as a Problem. Standard input is not a file."""
    for path in paths:
        path = str(path)
        if path == STDIN_PATH:
            yield Problem.of(path, "the batch runner reads files, not standard input", "save the input to a file and name it", kind="not_a_file")
        elif os.path.isdir(path):
            for entry in _read_directory_files(path):
                yield Problem.from_error(entry) if isinstance(entry, InputError) else entry
        elif not os.path.exists(path):
            yield Problem.from_error(InputError(path, "no such file or directory", "check the path", kind="missing"))
        else:
            try:
                check_name(path)
            except InputError as err:
                yield Problem.from_error(err)
                continue
            yield path


def count_units(path: str) -> tuple[str, int] | None:
    """How a big file can be split: ("line", lines) for JSONL (numbered from 1), ("record",
    records) for WARC (numbered from 0); None for a file that is one article."""
    kind = format_of(path)
    if kind == "jsonl":
        return "line", count_lines(path)
    if kind == "warc":
        return "record", count_records(path)
    return None


def read_part(
    path: str, part: tuple[int, int | None] | None = None, published: str | None = None, *, max_chars: int = MAX_CHARS
) -> Iterator[Article | Problem]:
    """The articles of one file, or of one part of a big JSONL or WARC file (see ``count_units``):
    what a batch shard reads. Failures come as Problems, as from ``read_articles``."""
    reader = READERS[format_of(path)]
    kwargs = {"part": part} if part is not None else {}
    for item in _guarded(path, reader(path, published=published, max_chars=max_chars, **kwargs)):
        yield Problem.from_error(item) if isinstance(item, InputError) else item


def _read_directory_files(directory: str) -> Iterator[str | InputError]:
    found = False
    for entry in files_in(directory):
        found = found or not isinstance(entry, InputError)
        if not isinstance(entry, InputError):
            try:
                check_name(entry)
            except InputError as err:
                entry = err
        yield entry
    if not found:
        yield InputError(
            directory,
            "has no files to read",
            "put .txt, .md, .html, .jsonl or .warc files in it, or name the files themselves",
            kind="empty",
        )


def _read_all(
    paths: Iterable[str], published: str | None, stdin: BinaryIO | None, max_chars: int
) -> Iterator[Article | Problem]:
    for path in paths:
        for item in _read_path(str(path), published, stdin, max_chars):
            if isinstance(item, InputError):
                yield Problem.from_error(item)
            else:
                yield item


def _read_path(
    path: str, published: str | None, stdin: BinaryIO | None, max_chars: int
) -> Iterator[Article | InputError]:
    if path == STDIN_PATH:
        stream = stdin if stdin is not None else sys.stdin.buffer
        yield from _guarded(path, read_stdin(stream, published=published, max_chars=max_chars))
    elif os.path.isdir(path):
        yield from _read_directory(path, published, max_chars)
    elif not os.path.exists(path):
        yield InputError(path, "no such file or directory", "check the path", kind="missing")
    else:
        try:
            check_name(path)
        except InputError as err:
            yield err
            return
        reader = READERS[format_of(path)]
        yield from _guarded(path, reader(path, published=published, max_chars=max_chars))


def _read_directory(
    directory: str, published: str | None, max_chars: int
) -> Iterator[Article | InputError]:
    for entry in _read_directory_files(directory):
        if isinstance(entry, InputError):
            yield entry
            continue
        reader = READERS[format_of(entry)]
        yield from _guarded(entry, reader(entry, published=published, max_chars=max_chars))


def _guarded(
    path: str, items: Iterator[Article | InputError]
) -> Iterator[Article | InputError]:
    """Pass on what a reader yields; turn what stops it (bad file, OS error) into an InputError."""
    try:
        yield from items
    except InputError as err:
        yield err
    except FileNotFoundError:
        yield InputError(path, "no such file or directory", "check the path", kind="missing")
    except PermissionError:
        yield InputError(path, "cannot be read (permission denied)", "check the file's permissions", kind="unreadable")
    except OSError as err:
        yield InputError(path, f"cannot be read ({err.strerror or err})", "check the path", kind="unreadable")
