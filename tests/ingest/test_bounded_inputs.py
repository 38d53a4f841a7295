"""Inputs that would exhaust memory or hang a reader: gzip bombs (whole files, JSONL lines, WARC
records, HTTP bodies), over-long lines and files, and special files. Each is one problem line,
read past in bounded memory; the article beside it is read. The limits are lowered through the
environment (``settings.limits``), so the bombs here are small; tests/ingest/test_bomb_memory.py
measures real ones."""

from __future__ import annotations

import codecs
import gzip
import io
import os
import zlib

import pytest

from newsledger.ingest import read_articles
from newsledger.records import Article, Problem

RECORD_FIX = "split it into smaller articles, or raise the limit with NEWSLEDGER_LIMIT_RECORD_BYTES"
FILE_FIX = "split it into smaller files, or raise the limit with NEWSLEDGER_LIMIT_FILE_BYTES"
SPECIAL_FIX = "pass a regular file; save what a pipe or device gives to a file first"
GOOD_LINE = b'{"id": "ok", "text": "The minister said the talks would resume."}\n'
PAGE = b"<html><body><article><p>" + b"The minister said the talks would resume on Monday. " * 5 + b"</p></article></body></html>"


@pytest.fixture
def small_limits(monkeypatch):
    monkeypatch.setenv("NEWSLEDGER_LIMIT_RECORD_BYTES", "10000")
    monkeypatch.setenv("NEWSLEDGER_LIMIT_FILE_BYTES", "100000")


def read(path) -> list:
    return list(read_articles([str(path)]))


def messages(items) -> list[str]:
    return [item.message if isinstance(item, Problem) else f"article {item.id}" for item in items]


def test_a_text_file_over_the_record_limit_is_refused_before_it_is_read(tmp_path, small_limits):
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 3000)
    assert messages(read(path)) == [f"{path}: is over 10,000 bytes, the most one article's input may be; {RECORD_FIX}"]


def test_an_html_file_over_the_record_limit_is_refused(tmp_path, small_limits):
    path = tmp_path / "big.html"
    path.write_bytes(b"<p>" + b"word " * 3000)
    assert messages(read(path)) == [f"{path}: is over 10,000 bytes, the most one article's input may be; {RECORD_FIX}"]


def test_stdin_over_the_record_limit_is_refused(small_limits):
    items = list(read_articles(["-"], stdin=io.BytesIO(b"word " * 3000)))
    assert messages(items) == [f"<stdin>: is over 10,000 bytes, the most one article's input may be; {RECORD_FIX}"]


@pytest.mark.parametrize("name", ["bomb.jsonl", "bomb.jsonl.gz"])
def test_a_jsonl_line_over_the_record_limit_is_read_past(tmp_path, small_limits, name):
    """A line (here 50,000 zeros in one string, as a gzip bomb holds) is one problem; the lines
    after it are read."""
    data = GOOD_LINE + b'{"text": "' + b"0" * 50_000 + b'"}\n' + GOOD_LINE
    path = tmp_path / name
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    assert messages(read(path)) == [
        "article ok",
        f"{path}:2: is over 10,000 bytes, the most one article's input may be; {RECORD_FIX}",
        "article ok",
    ]


def test_a_jsonl_gz_that_decompresses_past_the_file_limit_stops_there(tmp_path, small_limits):
    path = tmp_path / "bomb.jsonl.gz"
    path.write_bytes(gzip.compress(GOOD_LINE + b"\n" * 1_000_000))  # 1 MB of empty lines
    assert messages(read(path)) == [
        "article ok",
        f"{path}: decompresses to over 100,000 bytes, the most one file may; {FILE_FIX}",
    ]


def test_a_utf16_jsonl_file_is_read_line_by_line_within_the_limit(tmp_path, small_limits):
    path = tmp_path / "wide.jsonl"
    text = GOOD_LINE.decode() + '{"text": "' + "0" * 20_000 + '"}\n' + GOOD_LINE.decode()
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    assert messages(read(path)) == [
        "article ok",
        f"{path}:2: is over 10,000 bytes, the most one article's input may be; {RECORD_FIX}",
        "article ok",
    ]


def warc_record(payload: bytes, record_id: str, headers: bytes = b"") -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" + headers + b"\r\n" + payload
    return (
        b"WARC/1.0\r\nWARC-Type: response\r\n"
        + f"WARC-Record-ID: <urn:uuid:{record_id}>\r\n".encode()
        + b"WARC-Target-URI: http://example.com/\r\nContent-Type: application/http; msgtype=response\r\n"
        + f"Content-Length: {len(http)}\r\n\r\n".encode()
        + http
        + b"\r\n\r\n"
    )


def test_a_warc_record_over_the_record_limit_is_read_past(tmp_path, small_limits):
    path = tmp_path / "big.warc"
    path.write_bytes(warc_record(b"<p>" + b"0" * 50_000, "big") + warc_record(PAGE, "ok"))
    assert messages(read(path)) == [
        f"{path}#big: is a record of 50,003 bytes, over 10,000, the most one article's input may be; {RECORD_FIX}",
        "article ok",
    ]


@pytest.mark.parametrize(
    ("encoding", "packed"),
    [
        ("gzip", gzip.compress(b"<p>" + b"0" * 1_000_000)),
        ("deflate", zlib.compress(b"<p>" + b"0" * 1_000_000)),
    ],
)
def test_an_http_body_that_decodes_past_the_record_limit_is_refused(tmp_path, small_limits, encoding, packed):
    """A body of about 1 KB that decodes to a megabyte (2.5 GB in the attack) is cut at the limit."""
    path = tmp_path / "bomb.warc"
    headers = f"Content-Encoding: {encoding}\r\n".encode()
    path.write_bytes(warc_record(packed, "bomb", headers) + warc_record(PAGE, "ok"))
    assert messages(read(path)) == [
        f"{path}#bomb: HTTP body decodes ({encoding}) to over 10,000 bytes, the most one article's input may be; {RECORD_FIX}",
        "article ok",
    ]


def test_a_warc_gz_that_decompresses_past_the_file_limit_stops_there(tmp_path, small_limits):
    path = tmp_path / "many.warc.gz"
    path.write_bytes(gzip.compress(b"".join(warc_record(PAGE, f"r{n}") for n in range(400))))
    items = read(path)
    assert 100 < len(items) - 1 < 400  # the records within the first 100,000 bytes
    assert all(isinstance(item, Article) for item in items[:-1])
    assert items[-1].message == f"{path}: decompresses to over 100,000 bytes, the most one file may; {FILE_FIX}"


def test_a_warc_gz_of_zeros_after_its_records_is_damaged_where_they_start(tmp_path, small_limits):
    """A gzip bomb of zeros is no WARC record: fastwarc stops at its first bytes."""
    path = tmp_path / "bomb.warc.gz"
    path.write_bytes(gzip.compress(warc_record(PAGE, "ok") + b"\0" * 1_000_000))
    assert messages(read(path)) == [
        "article ok",
        f"{path}: WARC file is truncated or corrupt after 1 record; the 1 record before it was read",
    ]


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    assert messages(read(path)) == [f"{path}: is a named pipe (FIFO), not a regular file; {SPECIAL_FIX}"]


@pytest.mark.parametrize("name", ["zero.txt", "zero.jsonl", "zero.warc", "zero.html"])
def test_a_link_to_dev_zero_is_refused(tmp_path, name):
    path = tmp_path / name
    path.symlink_to("/dev/zero")
    assert messages(read(path)) == [f"{path}: is a character device, not a regular file; {SPECIAL_FIX}"]


def test_a_fifo_in_a_folder_is_reported_not_passed_over(tmp_path):
    (tmp_path / "a.txt").write_text("The minister said the talks would resume.")
    os.mkfifo(tmp_path / "b.txt")
    assert messages(read(tmp_path)) == [
        "article a",
        f"{tmp_path / 'b.txt'}: is a named pipe (FIFO), not a regular file; {SPECIAL_FIX}",
    ]


def test_the_limits_are_read_from_the_environment(monkeypatch):
    from newsledger.settings import Limits, limits

    assert limits() == Limits()
    monkeypatch.setenv("NEWSLEDGER_LIMIT_ARTICLE_SECONDS", "2.5")
    assert limits().article_seconds == 2.5
    monkeypatch.setenv("NEWSLEDGER_LIMIT_RECORD_BYTES", "lots")
    with pytest.raises(ValueError, match="NEWSLEDGER_LIMIT_RECORD_BYTES='lots' is not a number"):
        limits()


def test_articles_within_the_limits_are_read_as_before(tmp_path, small_limits):
    path = tmp_path / "ok.jsonl.gz"
    path.write_bytes(gzip.compress(GOOD_LINE * 3))
    assert [item for item in read(path)] == [
        Article("ok", "The minister said the talks would resume.", f"{path}:{n}") for n in (1, 2, 3)
    ]


def test_a_tag_with_too_many_attributes_is_refused_in_linear_time(tmp_path):
    """200,000 attributes on one element ran past 300 s in trafilatura's parsers (quadratic)."""
    import time

    attributes = " ".join(f'a{i}="x"' for i in range(200_000))
    path = tmp_path / "attributes.html"
    path.write_text(f"<html><body><article><p {attributes}>The minister said the talks would resume.</p></article></body></html>")
    start = time.perf_counter()
    assert messages(read(path)) == [
        f"{path}: has a tag with 200,000 attributes, over the limit of 1,000; remove the attributes, or pass the article text as .txt"
    ]
    assert time.perf_counter() - start < 5  # about 0.1 s here


def test_a_page_with_many_attributes_spread_over_its_tags_is_read(tmp_path):
    paragraphs = "".join(f'<span class="c{i}" id="i{i}">word </span>' for i in range(5_000))
    path = tmp_path / "spread.html"
    path.write_text(f"<html><body><article><p>The minister said the talks would resume. {paragraphs}</p></article></body></html>")
    [article] = read(path)
    assert isinstance(article, Article)


def test_code_in_a_script_is_not_taken_for_attributes(tmp_path):
    script = "for(i=0;i<n;i++){" + "a=b;" * 5_000 + "}"
    path = tmp_path / "script.html"
    path.write_text(
        f"<html><head><script>{script}</script><style>p{{x:1}}</style></head><body><!-- {script} -->"
        "<article><p>The minister said the talks would resume on Monday, and the envoys agreed.</p></article></body></html>"
    )
    [article] = read(path)
    assert isinstance(article, Article)
