"""JSON Lines inputs (.jsonl, .ndjson, optionally gzipped): one article object per line."""

from __future__ import annotations

import gzip
import io
import json
import math
import re
import sys
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any, BinaryIO

from ..errors import InputError
from ..records import Article
from ..dates import normalise_date
from ..settings import limits
from .bounded import LIMIT_FIX, capped_gzip, open_input
from .decode import CONVERT_FIX, SNIFF_BYTES, UTF8_BOM, bom_encoding, check_not_binary
from .formats import GZIP_MAGIC, article_id
from .html import html_article
from .text import MAX_CHARS, check_text

PUBLISHED_FIX = 'give it as an ISO 8601 date string, such as "2024-03-05", or leave it out'
LINE_FIX = 'write one JSON object per line, such as {"id": "a1", "text": "..."}'
ID_FIX = 'give "id" as a string, or as a whole number such as 7'
FLAT_FIX = 'write one flat JSON object per line, such as {"id": "a1", "text": "..."}'
MAX_DEPTH = 100  # arrays and objects inside one another: an article needs a few; Python's parser recurses
_NESTING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[{]|[\]}]')  # strings (skipped whole) and brackets
_SURROGATE = re.compile("[\ud800-\udfff]")
_JSON_TYPES = {
    dict: "an object",
    list: "an array",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "true or false",
    type(None): "null",
}


def read_jsonl_file(
    path: str, *, published: str | None, max_chars: int = MAX_CHARS, part: tuple[int, int | None] | None = None
) -> Iterator[Article | InputError]:
    """Read every line of a JSONL file; a bad line is reported as ``path:line``, the rest go on.

    ``part`` (first, stop): only lines numbered first <= n < stop (from 1; stop None: to the end),
    as the batch runner's shards read a big file; line numbers stay those of the whole file.
    """
    with open_input(path) as raw:
        yield from read_jsonl_stream(raw, name=path, source=path, published=published, max_chars=max_chars, part=part)


def read_jsonl_stream(
    raw: BinaryIO,
    *,
    name: str,
    source: str,
    published: str | None,
    max_chars: int = MAX_CHARS,
    part: tuple[int, int | None] | None = None,
) -> Iterator[Article | InputError]:
    """Read what a JSONL file called ``name`` holds (gunzipped when the name ends in .gz; ids from
    the name), its lines named ``source:line``: the file reader's work, and the web upload's
    without a file. ``raw`` must be buffered (``peek``) and seekable, as an opened file is."""
    first, stop = part or (1, None)
    stem = article_id(name)
    id_chars = limits().id_chars
    lines = 0
    with _gunzipped(raw, name, source) as stream:
        for number, line in _numbered_lines(stream, source):
            if number < first:
                continue
            if stop is not None and number >= stop:
                break
            if isinstance(line, InputError):
                lines += 1
                yield line
                continue
            if not line.strip():
                continue
            lines += 1
            try:
                yield line_article(
                    line,
                    path=source,
                    number=number,
                    stem=stem,
                    published=published,
                    max_chars=max_chars,
                    id_chars=id_chars,
                )
            except InputError as err:
                yield err
    if not lines and first == 1:
        raise InputError(source, "is empty", "nothing to extract", kind="empty")


def count_lines(path: str) -> int:
    """How many lines a JSONL file has (newlines counted in the raw bytes, after gunzip): what
    the batch runner splits big files by. A damaged gzip file counts the lines before the damage,
    one that decompresses past the file limit those before the limit (its reader reports both)."""
    count, last = 0, b"\n"
    try:
        with _open_jsonl(path) as stream:
            while chunk := stream.read(1 << 20):
                count += chunk.count(b"\n")
                last = chunk[-1:]
    except (EOFError, gzip.BadGzipFile, zlib.error, OSError, InputError):
        pass
    return count + (last != b"\n")


@contextmanager
def _open_jsonl(path: str) -> Iterator[BinaryIO]:
    """The file's bytes, gunzipped (up to the file limit) when its name ends in .gz."""
    with open_input(path) as raw, _gunzipped(raw, path, path) as stream:
        yield stream


@contextmanager
def _gunzipped(raw: BinaryIO, name: str, source: str) -> Iterator[BinaryIO]:
    """``raw`` as it is, or gunzipped (up to the file limit) when ``name`` ends in .gz."""
    if not name.lower().endswith(".gz"):
        yield raw
        return
    magic = raw.read(len(GZIP_MAGIC))
    if magic and magic != GZIP_MAGIC:
        raise InputError(
            source, "is not gzip-compressed, though its name ends in .gz", "rename it without .gz", kind="wrong_format"
        )
    raw.seek(0)
    yield capped_gzip(raw, limits().file_bytes, source)


def line_article(
    line: str, *, path: str, number: int, stem: str, published: str | None, max_chars: int, id_chars: int
) -> Article:
    """The article on one JSONL line; its source is ``path:number``."""
    source = f"{path}:{number}"
    obj = _parsed(line.rstrip("\r\n"), source)
    if not isinstance(obj, dict):
        raise InputError(source, f"is {_json_type(obj)}, not a JSON object", LINE_FIX, kind="bad_field")
    text, html = _string(obj, "text", source), _string(obj, "html", source)
    url, title = _string(obj, "url", source), _string(obj, "title", source)
    if text is None and html is None:
        raise InputError(
            source,
            'has no "text" or "html" field',
            'give the article text as "text" (or the web page as "html")',
            kind="bad_field",
        )
    identifier = _id(obj, source, id_chars) or f"{stem}-{number}"
    date = _published(obj, source) or published
    if text is not None:
        check_text(text, source, max_chars)
        return Article(
            id=identifier, text=text, source=source, title=title, published=date, url=url
        )
    article = html_article(
        html or "", id=identifier, source=source, url=url, published=date, max_chars=max_chars
    )
    return article if title is None else replace(article, title=title)


def _parsed(line: str, source: str) -> Any:
    """The JSON value on one line; InputError if it is not JSON, or JSON that Python will not read
    (nested past MAX_DEPTH, or an integer of more digits than int() converts)."""
    if line.count("[") + line.count("{") > MAX_DEPTH and (depth := _depth(line)) > MAX_DEPTH:
        raise InputError(source, f"is JSON nested {depth:,} levels deep, over the limit of {MAX_DEPTH}", FLAT_FIX, kind="not_json")
    try:
        return json.loads(line)
    except json.JSONDecodeError as err:
        what = err.msg.removesuffix(" at")  # "Unterminated string starting at" and the like
        raise InputError(source, f"not valid JSON ({what} at column {err.colno})", LINE_FIX, kind="not_json") from None
    except RecursionError:  # deep enough to overflow a stack already deep when this is called
        raise InputError(source, "is JSON nested too deeply to read", FLAT_FIX, kind="not_json") from None
    except ValueError as err:  # "Exceeds the limit (4300 digits) for integer string conversion"
        limit = sys.get_int_max_str_digits()
        problem = f"has an integer of more than {limit:,} digits" if "digits" in str(err) else f"cannot be read ({err})"
        raise InputError(source, problem, "write long numbers as JSON strings", kind="not_json") from None


def _depth(line: str) -> int:
    """How deep arrays and objects nest on a line, brackets inside strings left out."""
    depth = deepest = 0
    for match in _NESTING.finditer(line):
        token = match.group()
        if token in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "]}":
            depth -= 1
    return deepest


def _numbered_lines(stream: BinaryIO, path: str) -> Iterator[tuple[int, str | InputError]]:
    """(line number, decoded line) for each line; a line that is not UTF-8, or longer than one
    article's input may be, comes as an InputError (the long one is read past, never held whole).

    A file that starts with a UTF-16 or UTF-32 byte-order mark is decoded as it is read. A gzip stream
    that is damaged raises InputError after the lines before the damage.
    """
    number = 0
    limit = limits().record_bytes
    try:
        head = stream.peek(SNIFF_BYTES)[:SNIFF_BYTES]  # type: ignore[attr-defined]
        wide = bom_encoding(head)
        if wide:
            yield from _wide_lines(stream, wide, path, limit)
            return
        check_not_binary(head, path)
        offset = 0
        while raw := stream.readline(limit + 1):
            number += 1
            start = offset
            if len(raw) > limit and not raw.endswith(b"\n"):
                offset += len(raw) + _skip_line(stream)
                yield number, _too_long(path, number, limit)
                continue
            offset += len(raw)
            if number == 1 and raw.startswith(UTF8_BOM):
                raw, start = raw[len(UTF8_BOM) :], start + len(UTF8_BOM)
            try:
                yield number, raw.decode("utf-8")
            except UnicodeDecodeError as err:
                yield number, InputError(
                    f"{path}:{number}",
                    f"not valid UTF-8 (first bad byte at offset {start + err.start})",
                    CONVERT_FIX,
                    kind="bad_encoding",
                )
    except (EOFError, gzip.BadGzipFile, zlib.error) as err:
        if number == 0:
            raise InputError(
                path,
                f"gzip file is truncated or corrupt before its first line ({err})",
                "check that it downloaded completely",
                kind="corrupt",
            ) from None
        raise InputError(
            path,
            f"gzip file is truncated or corrupt after line {number}",
            "the lines before it were read",
            kind="corrupt",
        ) from None


def _wide_lines(stream: BinaryIO, encoding: str, path: str, limit: int) -> Iterator[tuple[int, str | InputError]]:
    """The lines of a UTF-16 or UTF-32 file (with its byte-order mark), decoded as they are read."""
    name = encoding.upper()
    text = io.TextIOWrapper(stream, encoding=encoding, newline="\n")
    number = 0
    try:
        while line := text.readline(limit // 2 + 1):
            number += 1
            if len(line) > limit // 2 and not line.endswith("\n"):
                while (more := text.readline(1 << 16)) and not more.endswith("\n"):
                    pass
                yield number, _too_long(path, number, limit)
                continue
            yield number, line
    except UnicodeDecodeError as err:
        raise InputError(
            path, f"not valid {name} (in line {number + 1}: {err.reason})", f"convert it to UTF-8, e.g. iconv -f {name} -t UTF-8",
            kind="bad_encoding",
        ) from None
    finally:
        text.detach()


def _skip_line(stream: BinaryIO) -> int:
    """Read past the rest of a line without holding it; return how many bytes were passed."""
    skipped = 0
    while chunk := stream.readline(1 << 20):
        skipped += len(chunk)
        if chunk.endswith(b"\n"):
            break
    return skipped


def _too_long(path: str, number: int, limit: int) -> InputError:
    return InputError(f"{path}:{number}", f"is over {limit:,} bytes, the most one article's input may be", LIMIT_FIX, kind="too_large")


def _string(obj: dict[str, Any], field: str, source: str) -> str | None:
    value = obj.get(field)
    if value is None:
        return value
    if isinstance(value, str):
        return _without_surrogates(value, f'"{field}"', source)
    raise InputError(
        source, f'"{field}" is {_json_type(value)}, not a string', "give it as a JSON string", kind="bad_field"
    )


def _published(obj: dict[str, Any], source: str) -> str | None:
    """The article's date from "published", None when it has none; InputError for a value that is
    there but no date, which was dropped in silence before (a number, a year past 9999)."""
    value = obj.get("published")
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError(source, f'"published" is {_json_type(value)}, not a date', PUBLISHED_FIX, kind="bad_field")
    date = normalise_date(value)
    if date is None:
        shown = value if len(value) <= 40 else value[:40] + "..."
        raise InputError(source, f'"published" is {shown!r}, which is not a date newsledger can read', PUBLISHED_FIX, kind="bad_field")
    return date


def _id(obj: dict[str, Any], source: str, most_chars: int) -> str | None:
    value = obj.get("id")
    if value is None or value == "":
        return None
    if isinstance(value, str):
        if len(value) > most_chars:
            raise InputError(source, f'"id" is {len(value):,} characters, over the limit of {most_chars:,}', "give a shorter id", kind="bad_field")
        return _without_surrogates(value, '"id"', source)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            raise InputError(source, '"id" is NaN, which is not a JSON number', ID_FIX, kind="bad_field")
        if math.isinf(value):
            raise InputError(source, '"id" is a number too large to read (it overflows to infinity)', ID_FIX, kind="bad_field")
        raise InputError(source, f'"id" is the number {value!r}, written with a fraction or an exponent', ID_FIX, kind="bad_field")
    raise InputError(
        source, f'"id" is {_json_type(value)}, not a string', 'give "id" as a string or number', kind="bad_field"
    )


def _without_surrogates(value: str, field: str, source: str) -> str:
    """``value``, unless a lone surrogate escape (such as \\ud800) put a character in it that is
    no character: no text can hold one, and the ledger could not store it."""
    found = _SURROGATE.search(value)
    if found is None:
        return value
    escape = f"\\u{ord(found.group()):04x}"
    raise InputError(
        source,
        f"{field} has a lone surrogate escape ({escape}) at character {found.start()}, which is not a character",
        "remove it, or write the character it stands for",
        kind="bad_field",
    )


def _json_type(value: Any) -> str:
    return _JSON_TYPES.get(type(value), "an unknown value")
