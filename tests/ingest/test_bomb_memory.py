"""Real gzip bombs, at the default limits, read in a subprocess whose peak memory is measured:
each must stay far under 2 GB (before the readers were bounded, a 2 MB bomb took 8.7 GB).
In the slow tier (``--slow``): each makes and reads a gigabyte or more of zeros."""

from __future__ import annotations

import json
import subprocess
import sys
import zlib

import pytest

pytestmark = pytest.mark.slow

MEGABYTE = 1 << 20
PEAK_LIMIT_MB = 2048
# Read every argument path with read_articles; print the problems and the peak RSS in MB. The
# peak is the process's own high-water mark (VmHWM): getrusage's ru_maxrss survives fork and exec,
# so it would report the test process's peak where that is higher.
READ_AND_MEASURE = """
import json, re, sys
from newsledger.ingest import read_articles
from newsledger.records import Problem
items = list(read_articles(sys.argv[1:]))
status = open("/proc/self/status").read()
print(json.dumps({
    "problems": [i.message for i in items if isinstance(i, Problem)],
    "articles": sum(not isinstance(i, Problem) for i in items),
    "peak_mb": int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1)) // 1024,
}))
"""
PAGE = b"<html><body><article><p>" + b"The minister said the talks would resume on Monday. " * 5 + b"</p></article></body></html>"


def gzip_of_zeros(prefix: bytes, zeros: int, suffix: bytes = b"", zero: bytes = b"0") -> bytes:
    """A gzip file of ``prefix``, ``zeros`` zero bytes (streamed, never held) and ``suffix``."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: a gzip header and trailer
    chunk = zero * MEGABYTE
    parts = [packer.compress(prefix)]
    for _ in range(zeros // MEGABYTE):
        parts.append(packer.compress(chunk))
    parts.append(packer.compress(suffix))
    parts.append(packer.flush())
    return b"".join(parts)


def warc_record(payload: bytes, record_id: str, headers: bytes = b"") -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + headers + b"\r\n" + payload
    return (
        b"WARC/1.0\r\nWARC-Type: response\r\n"
        + f"WARC-Record-ID: <urn:uuid:{record_id}>\r\n".encode()
        + b"Content-Type: application/http; msgtype=response\r\n"
        + f"Content-Length: {len(http)}\r\n\r\n".encode()
        + http
        + b"\r\n\r\n"
    )


def measured(*paths) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", READ_AND_MEASURE, *map(str, paths)], capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-3000:]
    print(result.stdout)  # the figures, for docs/robustness.md (pytest -s shows them)
    return json.loads(result.stdout)


def test_a_jsonl_gz_bomb_of_one_two_gigabyte_line(tmp_path):
    path = tmp_path / "bomb.jsonl.gz"
    path.write_bytes(gzip_of_zeros(b'{"text": "', 2048 * MEGABYTE, b'"}\n{"id": "ok", "text": "The minister spoke."}\n'))
    assert path.stat().st_size < 3 * MEGABYTE
    seen = measured(path)
    assert seen["problems"] == [
        f"{path}:1: is over 33,554,432 bytes, the most one article's input may be; "
        "split it into smaller articles, or raise the limit with NEWSLEDGER_LIMIT_RECORD_BYTES"
    ]
    assert seen["articles"] == 1
    assert seen["peak_mb"] < PEAK_LIMIT_MB, seen


def test_a_warc_gz_bomb_of_one_two_gigabyte_record(tmp_path):
    path = tmp_path / "bomb.warc.gz"
    size = 2048 * MEGABYTE
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    header = (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:bomb>\r\n"
        b"Content-Type: application/http; msgtype=response\r\n"
        + f"Content-Length: {len(http) + size}\r\n\r\n".encode()
        + http
    )
    path.write_bytes(gzip_of_zeros(header, size, b"\r\n\r\n" + warc_record(PAGE, "ok")))
    seen = measured(path)
    assert seen["problems"] == [
        f"{path}#bomb: is a record of 2,147,483,648 bytes, over 33,554,432, the most one article's input may be; "
        "split it into smaller articles, or raise the limit with NEWSLEDGER_LIMIT_RECORD_BYTES"
    ]
    assert seen["articles"] == 1
    assert seen["peak_mb"] < PEAK_LIMIT_MB, seen


def test_a_warc_record_whose_gzip_body_is_a_bomb(tmp_path):
    body = gzip_of_zeros(b"", 1024 * MEGABYTE, zero=b"\0")  # 1 MB that decodes to 1 GB
    path = tmp_path / "bomb.warc"
    path.write_bytes(warc_record(body, "bomb", b"Content-Encoding: gzip\r\n") + warc_record(PAGE, "ok"))
    seen = measured(path)
    assert seen["problems"] == [
        f"{path}#bomb: HTTP body decodes (gzip) to over 33,554,432 bytes, the most one article's input may be; "
        "split it into smaller articles, or raise the limit with NEWSLEDGER_LIMIT_RECORD_BYTES"
    ]
    assert seen["articles"] == 1
    assert seen["peak_mb"] < PEAK_LIMIT_MB, seen


def test_a_text_file_linked_to_dev_zero(tmp_path):
    path = tmp_path / "zero.txt"
    path.symlink_to("/dev/zero")
    seen = measured(path)
    assert seen["problems"] == [
        f"{path}: is a character device, not a regular file; pass a regular file; save what a pipe or device gives to a file first"
    ]
    assert seen["peak_mb"] < PEAK_LIMIT_MB, seen
