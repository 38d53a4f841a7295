"""WARC archives (.warc, .warc.gz): each HTML response record is one article, read as HTML."""

from __future__ import annotations

import gzip
import io
import re
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

from fastwarc.stream_io import BrotliReader, ZstdReader
from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from ..errors import InputError
from ..records import Article
from ..dates import normalise_date
from ..settings import limits
from .bounded import LIMIT_FIX, FILE_LIMIT_FIX, check_regular
from .formats import GZIP_MAGIC
from .html import html_bytes_article
from .text import MAX_CHARS

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
WARC_MAGIC = b"WARC/"
NO_PAGES = "has no HTML pages (response records with an HTTP text/html payload)"
NO_PAGES_FIX = "nothing to extract"


def read_warc_file(
    path: str, *, published: str | None, max_chars: int = MAX_CHARS, part: tuple[int, int | None] | None = None
) -> Iterator[Article | InputError]:
    """Read the HTML responses in a WARC; other records are passed over.

    A damaged archive yields the articles before the damage, then raises ``InputError``.
    ``part`` (first, stop): only the records numbered first <= n < stop (from 0, every record
    type counted; stop None: to the end), as the batch runner's shards read a big archive.
    """
    first, stop = part or (0, None)
    limit = limits().record_bytes
    with _open_warc(path) as stream:
        read = 0
        pages = 0  # HTML responses met, whether or not they became articles
        damaged = False
        try:
            # Payloads are read undecoded, so that their length shows a record cut short.
            for record in ArchiveIterator(stream, auto_decode="none", stream_detect=False):
                if stop is not None and read >= stop:
                    return
                if _headers_damaged(record):
                    damaged = True
                    break
                wanted = read >= first and _is_html_response(record)
                oversized = wanted and record.content_length > limit
                if wanted and not oversized:
                    body: bytes | None = record.reader.read(limit + 1)
                    intact = len(body) == record.content_length
                else:
                    body = None
                    intact = record.reader.consume() == record.content_length
                if not intact:
                    damaged = True
                    break
                read += 1
                if oversized:
                    pages += 1
                    yield InputError(
                        f"{path}#{_record_id(record.record_id or '')}",
                        f"is a record of {record.content_length:,} bytes, over {limit:,}, the most one article's input may be",
                        LIMIT_FIX,
                        kind="too_large",
                    )
                    continue
                if body is None:
                    continue  # not an HTML page (or before the part): not an article, not a problem
                pages += 1
                try:
                    yield _record_article(record, body, path, published, max_chars, limit)
                except InputError as err:
                    yield err
        except OSError:  # fastwarc met bytes that are not a WARC record
            damaged = True
    if getattr(stream, "over_limit", False):
        raise InputError(
            path, f"decompresses to over {limits().file_bytes:,} bytes, the most one file may", FILE_LIMIT_FIX,
            kind="too_large",
        )
    if damaged or getattr(stream, "error", None) is not None:
        raise _damage(path, read)
    if part is None and pages == 0:  # a whole archive without one page: say so, not nothing
        raise InputError(path, NO_PAGES, NO_PAGES_FIX, kind="no_article")


def count_records(path: str) -> int:
    """How many intact records a WARC holds (every type): what the batch runner splits big
    archives by. Stops at damage, which the part that reads on to the end reports."""
    count = 0
    try:
        with _open_warc(path) as stream:
            for record in ArchiveIterator(stream, auto_decode="none", stream_detect=False, parse_http=False):
                if record.record_id is None or record.reader.consume() != record.content_length:
                    break
                count += 1
    except (InputError, OSError):
        pass
    return count


@contextmanager
def _open_warc(path: str) -> Iterator[BinaryIO | _GzipUntilDamage]:
    """The archive's record stream (gunzipped when it is gzip-compressed); InputError if the file
    is empty or not a WARC."""
    check_regular(path)
    with open(path, "rb") as f:
        head = f.read(len(WARC_MAGIC))
        f.seek(0)
        if not head:
            raise InputError(path, "is empty", "nothing to extract", kind="empty")
        compressed = head.startswith(GZIP_MAGIC)
        if compressed:
            head = _gunzipped_head(f, len(WARC_MAGIC))
            f.seek(0)
            if head == b"":
                raise InputError(path, "is empty", "nothing to extract", kind="empty")
        if head is not None and head != WARC_MAGIC:  # None: damaged, reported when read
            raise InputError(
                path,
                "is not a WARC file (it does not start with a WARC/1.x header)",
                "pass .warc or .warc.gz archives",
                kind="wrong_format",
            )
        yield _GzipUntilDamage(f, limits().file_bytes) if compressed else f


def _gunzipped_head(f: BinaryIO, size: int) -> bytes | None:
    """The first ``size`` bytes a gzip file holds, so that one holding nothing, or no WARC, is
    reported as an uncompressed one would be; None when the gzip is damaged before them."""
    try:
        return gzip.GzipFile(fileobj=f).read(size)
    except (EOFError, gzip.BadGzipFile, zlib.error):
        return None


def _record_article(
    record: WarcRecord, body: bytes, path: str, published: str | None, max_chars: int, limit: int
) -> Article:
    record_id = _record_id(record.record_id or "")
    most = limits().id_chars
    if len(record_id) > most:
        raise InputError(
            f"{path}#{record_id[:40]}...",
            f"has a WARC-Record-ID of {len(record_id):,} characters, over the limit of {most:,}",
            "give the record a shorter id",
            kind="bad_field",
        )
    source = f"{path}#{record_id}"
    http = record.http_headers
    status = http.status_code
    if status is not None and not 200 <= status < 300:
        raise InputError(
            source, f"is an HTTP {status} response, not an article page", "nothing to extract", kind="no_article"
        )
    payload = _decoded_payload(body, http.get("Content-Encoding"), source, limit)
    url = (record.headers.get("WARC-Target-URI") or "").strip("<> ") or None
    crawled = normalise_date(record.headers.get("WARC-Date"))
    return html_bytes_article(
        payload,
        id=record_id,
        source=source,
        charset=record.http_charset,
        url=url,
        published=crawled or published,
        max_chars=max_chars,
    )


def _record_id(raw: str) -> str:
    """``<urn:uuid:1234>`` -> ``1234``; other URIs lose only their angle brackets. A URI holds no
    white space or control characters, so a damaged header (a bare carriage return running into
    the next field) ends the id there."""
    value = re.split(r"[\x00-\x20\x7f]", raw.strip(), maxsplit=1)[0]
    value = value.removeprefix("<").removesuffix(">")
    return value.removeprefix("urn:uuid:")


def _is_html_response(record: WarcRecord) -> bool:
    return (
        record.record_type == WarcRecordType.response
        and record.is_http
        and (record.http_content_type or "").lower() in HTML_TYPES
    )


def _headers_damaged(record: WarcRecord) -> bool:
    """True when the archive ended inside this record's WARC or HTTP headers."""
    if record.record_id is None or record.headers.get("Content-Length") is None:
        return True
    return record.is_http and (not record.is_http_parsed or record.http_headers.status_line is None)


def _decoded_payload(body: bytes, encoding: str | None, source: str, limit: int) -> bytes:
    """Undo the HTTP Content-Encoding of a payload, stopping past ``limit`` bytes (a small body
    may decode to gigabytes)."""
    name = (encoding or "identity").strip().lower()
    try:
        if name in ("identity", "none", ""):
            decoded = body
        elif name in ("gzip", "x-gzip"):
            decoded = gzip.GzipFile(fileobj=io.BytesIO(body)).read(limit + 1)
        elif name == "deflate":
            try:
                decoded = zlib.decompressobj().decompress(body, limit + 1)
            except zlib.error:  # raw deflate, as some servers send
                decoded = zlib.decompressobj(-zlib.MAX_WBITS).decompress(body, limit + 1)
        elif name == "br":
            decoded = _read_up_to(BrotliReader(io.BytesIO(body)), limit + 1)
        elif name == "zstd":
            decoded = _read_up_to(ZstdReader(io.BytesIO(body)), limit + 1)
        else:
            decoded = None
    except (OSError, EOFError, zlib.error) as err:
        raise InputError(
            source, f"HTTP body is not valid {name} data ({err})", "the record is damaged", kind="corrupt"
        ) from None
    if decoded is not None:
        if len(decoded) > limit:
            raise InputError(
                source, f"HTTP body decodes ({name}) to over {limit:,} bytes, the most one article's input may be", LIMIT_FIX,
                kind="too_large",
            )
        return decoded
    raise InputError(
        source,
        f"HTTP body has content encoding {name!r}, which cannot be decoded",
        "store pages with gzip, deflate, br or zstd encoding, or none",
        kind="wrong_format",
    )


def _read_up_to(stream, size: int) -> bytes:
    """At most ``size`` bytes of a stream whose read() may return less than asked before its end."""
    chunks, total = [], 0
    while total < size and (chunk := stream.read(min(1 << 20, size - total))):
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def _damage(path: str, read: int) -> InputError:
    if read == 0:
        return InputError(
            path,
            "WARC file is truncated or corrupt in its first record",
            "check that it is a WARC archive and that it downloaded completely",
            kind="corrupt",
        )
    records = "1 record" if read == 1 else f"{read} records"
    were = "was" if read == 1 else "were"
    return InputError(
        path,
        f"WARC file is truncated or corrupt after {records}",
        f"the {records} before it {were} read",
        kind="corrupt",
    )


class _GzipUntilDamage:
    """A gzip stream that ends, instead of raising, where its data is damaged; ``error`` says why.

    fastwarc reads ahead, so an exception from the stream would lose the records already read.
    """

    def __init__(self, raw: BinaryIO, limit: int):
        self._gzip = gzip.GzipFile(fileobj=raw)
        self._position = 0
        self._limit = limit
        self.error: Exception | None = None
        self.over_limit = False  # it decompressed past the limit, and ended there

    def read(self, size: int = -1) -> bytes:
        if self.error is not None or self.over_limit:
            return b""
        try:
            data = self._gzip.read1(size if size > 0 else io.DEFAULT_BUFFER_SIZE)
        except (EOFError, gzip.BadGzipFile, zlib.error) as err:
            self.error = err
            return b""
        self._position += len(data)
        if self._position > self._limit:
            self.over_limit = True
            return b""
        return data

    def tell(self) -> int:
        return self._position

    def close(self) -> None:
        self._gzip.close()
