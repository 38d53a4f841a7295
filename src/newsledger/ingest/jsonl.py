"""JSON Lines inputs (.jsonl, .ndjson, optionally gzipped): one article object per line."""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from dataclasses import replace
from typing import Any, BinaryIO

from ..errors import InputError
from ..records import Article
from .dates import normalise_date
from .decode import CONVERT_FIX, SNIFF_BYTES, UTF8_BOM, UTF16_BOMS, check_not_binary, decode_text
from .formats import GZIP_MAGIC, article_id
from .html import html_article
from .text import MAX_CHARS, check_text

LINE_FIX = 'write one JSON object per line, such as {"id": "a1", "text": "..."}'
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
    first, stop = part or (1, None)
    stem = article_id(path)
    compressed = path.lower().endswith(".gz")
    if compressed:
        with open(path, "rb") as raw:
            magic = raw.read(len(GZIP_MAGIC))
        if magic and magic != GZIP_MAGIC:
            raise InputError(
                path, "is not gzip-compressed, though its name ends in .gz", "rename it without .gz"
            )
    lines = 0
    with (gzip.open if compressed else open)(path, "rb") as stream:
        for number, line in _numbered_lines(stream, path):
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
                    path=path,
                    number=number,
                    stem=stem,
                    published=published,
                    max_chars=max_chars,
                )
            except InputError as err:
                yield err
    if not lines and first == 1:
        raise InputError(path, "is empty", "nothing to extract")


def count_lines(path: str) -> int:
    """How many lines a JSONL file has (newlines counted in the raw bytes, after gunzip): what
    the batch runner splits big files by. A damaged gzip file counts the lines before the damage."""
    opener = gzip.open if path.lower().endswith(".gz") else open
    count, last = 0, b"\n"
    try:
        with opener(path, "rb") as stream:
            while chunk := stream.read(1 << 20):
                count += chunk.count(b"\n")
                last = chunk[-1:]
    except (EOFError, gzip.BadGzipFile, zlib.error, OSError):
        pass
    return count + (last != b"\n")


def line_article(
    line: str, *, path: str, number: int, stem: str, published: str | None, max_chars: int
) -> Article:
    """The article on one JSONL line; its source is ``path:number``."""
    source = f"{path}:{number}"
    try:
        obj = json.loads(line.rstrip("\r\n"))
    except json.JSONDecodeError as err:
        what = err.msg.removesuffix(" at")  # "Unterminated string starting at" and the like
        problem = f"not valid JSON ({what} at column {err.colno})"
        raise InputError(source, problem, LINE_FIX) from None
    if not isinstance(obj, dict):
        raise InputError(source, f"is {_json_type(obj)}, not a JSON object", LINE_FIX)
    text, html = _string(obj, "text", source), _string(obj, "html", source)
    url, title = _string(obj, "url", source), _string(obj, "title", source)
    if text is None and html is None:
        raise InputError(
            source,
            'has no "text" or "html" field',
            'give the article text as "text" (or the web page as "html")',
        )
    identifier = _id(obj, source) or f"{stem}-{number}"
    date = normalise_date(obj.get("published")) or published
    if text is not None:
        check_text(text, source, max_chars)
        return Article(
            id=identifier, text=text, source=source, title=title, published=date, url=url
        )
    article = html_article(
        html or "", id=identifier, source=source, url=url, published=date, max_chars=max_chars
    )
    return article if title is None else replace(article, title=title)


def _numbered_lines(stream: BinaryIO, path: str) -> Iterator[tuple[int, str | InputError]]:
    """(line number, decoded line) for each line; a line that is not UTF-8 comes as an InputError.

    A file that starts with a UTF-16 byte-order mark is decoded whole. A gzip stream that is
    damaged raises InputError after the lines before the damage.
    """
    number = 0
    try:
        head = stream.peek(SNIFF_BYTES)[:SNIFF_BYTES]  # type: ignore[attr-defined]
        if head.startswith(UTF16_BOMS):
            yield from enumerate(decode_text(stream.read(), path).split("\n"), 1)
            return
        check_not_binary(head, path)
        offset = 0
        for number, raw in enumerate(stream, 1):
            start, offset = offset, offset + len(raw)
            if number == 1 and raw.startswith(UTF8_BOM):
                raw, start = raw[len(UTF8_BOM) :], start + len(UTF8_BOM)
            try:
                yield number, raw.decode("utf-8")
            except UnicodeDecodeError as err:
                yield number, InputError(
                    f"{path}:{number}",
                    f"not valid UTF-8 (first bad byte at offset {start + err.start})",
                    CONVERT_FIX,
                )
    except (EOFError, gzip.BadGzipFile, zlib.error) as err:
        if number == 0:
            raise InputError(
                path,
                f"gzip file is truncated or corrupt before its first line ({err})",
                "check that it downloaded completely",
            ) from None
        raise InputError(
            path,
            f"gzip file is truncated or corrupt after line {number}",
            "the lines before it were read",
        ) from None


def _string(obj: dict[str, Any], field: str, source: str) -> str | None:
    value = obj.get(field)
    if value is None or isinstance(value, str):
        return value
    raise InputError(
        source, f'"{field}" is {_json_type(value)}, not a string', "give it as a JSON string"
    )


def _id(obj: dict[str, Any], source: str) -> str | None:
    value = obj.get("id")
    if value is None or value == "":
        return None
    if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
        return str(value)
    raise InputError(
        source, f'"id" is {_json_type(value)}, not a string', 'give "id" as a string or number'
    )


def _json_type(value: Any) -> str:
    return _JSON_TYPES.get(type(value), "an unknown value")
