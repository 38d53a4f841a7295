"""Opening and reading inputs within the limits (``settings.Limits``): only regular files are
opened, no read takes more bytes than one article's input may have, and a gzip stream stops at the
size a file may decompress to. No reader loads a whole file before knowing its size."""

from __future__ import annotations

import gzip
import io
import os
import stat
from typing import BinaryIO

from ..errors import InputError

LIMIT_FIX = "split it into smaller articles, or raise the limit with NEWSLEDGER_LIMIT_RECORD_BYTES"
FILE_LIMIT_FIX = "split it into smaller files, or raise the limit with NEWSLEDGER_LIMIT_FILE_BYTES"
SPECIAL_FIX = "pass a regular file; save what a pipe or device gives to a file first"

_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a directory"),
)


def check_regular(path: str) -> None:
    """Raise InputError unless ``path`` is a regular file (after symbolic links): opening a FIFO
    waits for a writer for ever, and a device such as /dev/zero never ends."""
    mode = os.stat(path).st_mode
    if stat.S_ISREG(mode):
        return
    kind = next((name for test, name in _KINDS if test(mode)), "not a file")
    raise InputError(path, f"is {kind}, not a regular file", SPECIAL_FIX, kind="not_a_file")


def open_input(path: str) -> BinaryIO:
    """``path`` opened for reading in binary, once it is known to be a regular file."""
    check_regular(path)
    return open(path, "rb")


def read_at_most(stream: BinaryIO, limit: int, source: str) -> bytes:
    """All of ``stream``, or InputError when it holds more than ``limit`` bytes (of which no more
    than one byte past the limit is read)."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputError(source, f"is over {limit:,} bytes, the most one article's input may be", LIMIT_FIX, kind="too_large")
    return data


def decompress_at_most(data: bytes, limit: int, source: str, what: str = "gzip") -> bytes:
    """``data`` gunzipped, or InputError once it would pass ``limit`` bytes (a gzip bomb is cut
    there, never decompressed whole)."""
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
        out = stream.read(limit + 1)
    if len(out) > limit:
        raise InputError(
            source, f"decompresses ({what}) to over {limit:,} bytes, the most one article's input may be", LIMIT_FIX,
            kind="too_large",
        )
    return out


class CappedStream(io.RawIOBase):
    """A stream (a gzip file's content) that raises InputError once more than ``limit`` bytes were
    read from it, so that a gzip bomb is stopped while it streams."""

    def __init__(self, inner: gzip.GzipFile, limit: int, source: str):
        self._inner = inner
        self._limit = limit
        self._source = source
        self.position = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        size = len(buffer)
        if self.position >= self._limit:  # one byte past the limit shows that there is more
            size = 1
        data = self._inner.read1(size)  # what one step gives: the bytes before damage are kept
        self.position += len(data)
        if self.position > self._limit:
            raise InputError(
                self._source,
                f"decompresses to over {self._limit:,} bytes, the most one file may",
                FILE_LIMIT_FIX,
                kind="too_large",
            )
        buffer[: len(data)] = data
        return len(data)


def capped_gzip(raw: BinaryIO, limit: int, source: str) -> io.BufferedReader:
    """The decompressed content of the gzip file ``raw``, buffered, stopping past ``limit`` bytes."""
    return io.BufferedReader(CappedStream(gzip.GzipFile(fileobj=raw), limit, source), buffer_size=1 << 16)
