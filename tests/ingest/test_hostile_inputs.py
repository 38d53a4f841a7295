"""Pathological inputs to the readers: huge, deep, long or empty in odd ways. Each is read in
bounded time into Articles, or refused with the exact one-line message a user sees."""

from __future__ import annotations

import gzip
import time

import pytest

from newsledger.ingest import MAX_CHARS, read_articles
from newsledger.records import Article, Problem

FIVE_MB_WORDS = b"word " * 1_000_000  # a 5 MB paragraph with no punctuation
OVER = "split it into smaller articles"
NOT_WARC = "is not a WARC file (it does not start with a WARC/1.x header); pass .warc or .warc.gz archives"
# Generous: each case reads in well under 2 s here; a quadratic reader would take minutes.
BOUND_S = 30


def read_timed(tmp_path, name: str, data: bytes) -> tuple[str, list, float]:
    path = tmp_path / name
    path.write_bytes(data)
    start = time.perf_counter()
    items = list(read_articles([str(path)]))
    return str(path), items, time.perf_counter() - start


@pytest.mark.parametrize(
    ("name", "data", "where", "length"),
    [
        ("big.txt", FIVE_MB_WORDS, "", 5_000_000),
        ("big.html", b"<html><body><article><p>" + FIVE_MB_WORDS + b"</p></article></body></html>", "", 4_999_999),
        ("big.jsonl", b'{"text": "' + FIVE_MB_WORDS + b'"}\n', ":1", 5_000_000),
        ("lines.txt", b"a\n" * 1_000_000, "", 2_000_000),  # a million-line text file
    ],
)
def test_over_the_limit_is_one_clear_problem(tmp_path, name, data, where, length):
    path, items, seconds = read_timed(tmp_path, name, data)
    source = path + where
    assert items == [
        Problem(source, f"{source}: article is {length:,} characters, over the limit of {MAX_CHARS:,}; {OVER}")
    ]
    assert seconds < BOUND_S


def test_just_under_the_limit_is_read(tmp_path):
    text = ("word " * 200_000)[: MAX_CHARS]
    path, items, seconds = read_timed(tmp_path, "edge.txt", text.encode())
    assert items == [Article("edge", text, path)]
    assert seconds < BOUND_S


def test_a_million_line_jsonl_file(tmp_path):
    path, items, seconds = read_timed(tmp_path, "lines.jsonl", b'{"text": "x"}\n' * 1_000_000)
    assert len(items) == 1_000_000
    assert items[0] == Article("lines-1", "x", f"{path}:1")
    assert items[-1] == Article("lines-1000000", "x", f"{path}:1000000")
    assert seconds < 60  # about 9 s here


def test_a_million_blank_lines(tmp_path):
    path, items, _ = read_timed(tmp_path, "blank.jsonl", b"\n" * 1_000_000)
    assert items == [Problem(path, f"{path}: is empty; nothing to extract")]


@pytest.mark.parametrize("name", ["quotes.txt", "quotes.html"])
def test_ten_thousand_quotation_marks(tmp_path, name):
    marks = '"' * 10_000
    data = marks.encode() if name.endswith(".txt") else f"<html><body><p>{marks}</p></body></html>".encode()
    _, items, seconds = read_timed(tmp_path, name, data)
    assert [i.text for i in items] == [marks]
    assert seconds < BOUND_S


def test_deeply_nested_html(tmp_path):
    depth = 100_000
    text = "The minister said the talks would resume on Monday in Geneva."
    # Text before the nesting is found; the nesting itself neither crashes nor hangs the reader.
    page = f"<html><body><p>{text}</p>{'<div>' * depth}x{'</div>' * depth}</body></html>"
    path, items, seconds = read_timed(tmp_path, "nested.html", page.encode())
    assert items == [Article("nested", text, path)]
    assert seconds < BOUND_S
    # Text only at the bottom of 100,000 <div>s is past the HTML parser's depth limit (256):
    # a clear problem, not a crash, and not an empty article.
    buried = f"<html><body>{'<div>' * depth}<p>{text}</p>{'</div>' * depth}</body></html>"
    path, items, seconds = read_timed(tmp_path, "buried.html", buried.encode())
    assert items == [
        Problem(
            path,
            f"{path}: no article text found in the HTML; check that it is a news page, or pass the text as .txt",
        )
    ]
    assert seconds < BOUND_S


# Regression: a .warc.gz holding nothing, or no WARC, gave no article and no problem at all.
@pytest.mark.parametrize(
    ("inner", "problem"),
    [
        (b"", "is empty; nothing to extract"),
        (b"\r\n", NOT_WARC),
        (b"<html><body><p>Not an archive</p></body></html>", NOT_WARC),
    ],
)
def test_gzipped_warc_holding_no_warc(tmp_path, inner, problem):
    path, items, _ = read_timed(tmp_path, "a.warc.gz", gzip.compress(inner, mtime=0))
    assert items == [Problem(path, f"{path}: {problem}")]


WARCINFO = (
    b"WARC/1.0\r\nWARC-Type: warcinfo\r\nWARC-Record-ID: <urn:uuid:0>\r\n"
    b"Content-Type: application/warc-fields\r\nContent-Length: 22\r\n\r\nsoftware: hand-built\r\n\r\n\r\n"
)


# Regression (found by the warc_gz fuzz target): an archive without one HTML page, such as one whose
# response record has a garbled Content-Type, gave no article and no problem: it vanished.
@pytest.mark.parametrize("name", ["a.warc", "a.warc.gz"])
def test_an_archive_without_pages_says_so(tmp_path, name):
    data = WARCINFO + WARCINFO.replace(b"warcinfo", b"response")
    path, items, _ = read_timed(tmp_path, name, gzip.compress(data, mtime=0) if name.endswith(".gz") else data)
    assert items == [
        Problem(path, f"{path}: has no HTML pages (response records with an HTTP text/html payload); nothing to extract")
    ]
