"""JSON Lines inputs: one article per line; a bad line is a problem naming file:line, the rest go on."""

import gzip
import json

import pytest

from newsledger.ingest import read_articles
from newsledger.records import Article, Problem

FIX = 'write one JSON object per line, such as {"id": "a1", "text": "..."}'
HTML = (
    "<html><head><title>Page title</title></head><body><article>"
    "<p>The defence ministry said on Friday that the convoy had reached the border crossing.</p>"
    "<p>Officials told reporters the aid would be distributed over the coming days.</p>"
    "</article></body></html>"
)
HTML_TEXT = (
    "The defence ministry said on Friday that the convoy had reached the border crossing.\n"
    "Officials told reporters the aid would be distributed over the coming days."
)


def jsonl(*lines) -> bytes:
    """JSONL bytes: dicts are dumped as JSON, bytes and str are written as they are."""
    out = b""
    for line in lines:
        if isinstance(line, dict):
            line = json.dumps(line)
        out += (line.encode() if isinstance(line, str) else line) + b"\n"
    return out


def test_each_line_is_an_article(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_bytes(
        jsonl(
            {"id": "a1", "text": "  Kept exactly.\r\n", "url": "https://x.example/1", "title": "One",
             "published": "2024-03-05T10:00:00Z"},
            {"text": "No id, so the file stem and line number."},
            "",
            {"id": 7, "html": HTML, "published": "2024-03-06"},
            {"id": "a4", "html": HTML, "title": "Given title", "url": "https://x.example/4"},
        )
    )
    assert list(read_articles([str(path)], published="2020-01-01")) == [
        Article("a1", "  Kept exactly.\r\n", f"{path}:1", "One", "2024-03-05", "https://x.example/1"),
        Article("batch-2", "No id, so the file stem and line number.", f"{path}:2", None, "2020-01-01"),
        Article("7", HTML_TEXT, f"{path}:4", "Page title", "2024-03-06"),
        Article("a4", HTML_TEXT, f"{path}:5", "Given title", "2020-01-01", "https://x.example/4"),
    ]


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        (b'{"id": "x", "text": "unterminated}', "not valid JSON (Unterminated string starting at column 21); " + FIX),
        (b'{"id": "x", "text": "ok"} {}', "not valid JSON (Extra data at column 27); " + FIX),
        (b'["a list"]', "is an array, not a JSON object; " + FIX),
        (b'"just a string"', "is a string, not a JSON object; " + FIX),
        (b'{"id": "x"}', 'has no "text" or "html" field; give the article text as "text" (or the web page as "html")'),
        (b'{"id": "x", "text": 5}', '"text" is a number, not a string; give it as a JSON string'),
        (b'{"id": "x", "text": "ok", "url": ["u"]}', '"url" is an array, not a string; give it as a JSON string'),
        (b'{"id": true, "text": "ok"}', '"id" is true or false, not a string; give "id" as a string or number'),
        (b'{"id": "x", "text": "  \\n "}', "is empty; nothing to extract"),
        (b'{"id": "x", "html": "<html><body></body></html>"}', "no article text found in the HTML; check that it is a news page, or pass the text as .txt"),
        # The offset counts bytes from the start of the file: 33 in line 1, 24 in line 2.
        (b'{"id": "x", "text": "caf\xe9"}', "not valid UTF-8 (first bad byte at offset 57); convert it to UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8"),
    ],
)
def test_a_bad_line_among_good_ones(tmp_path, bad_line, message):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(jsonl({"id": "first", "text": "Good."}, bad_line, {"id": "third", "text": "Also good."}))
    assert list(read_articles([str(path)])) == [
        Article("first", "Good.", f"{path}:1"),
        Problem(f"{path}:2", f"{path}:2: {message}"),
        Article("third", "Also good.", f"{path}:3"),
    ]


def test_size_cap_per_line(tmp_path):
    path = tmp_path / "long.ndjson"
    path.write_bytes(jsonl({"id": "long", "text": "x" * 11}, {"id": "short", "text": "x" * 10}))
    assert list(read_articles([str(path)], max_chars=10)) == [
        Problem(f"{path}:1", f"{path}:1: article is 11 characters, over the limit of 10; split it into smaller articles"),
        Article("short", "x" * 10, f"{path}:2"),
    ]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.jsonl", b"", "is empty; nothing to extract"),
        ("blank.jsonl", b"\n  \n\n", "is empty; nothing to extract"),
        ("binary.jsonl", b"\x00\x01\x02\x03", "looks like a binary file, not text; pass .txt, .html, .jsonl or .warc files"),
        ("plain.jsonl.gz", b'{"id": "a"}', "is not gzip-compressed, though its name ends in .gz; rename it without .gz"),
        (
            "cut.jsonl.gz",
            gzip.compress(b'{"text": "x"}\n')[:12],
            "gzip file is truncated or corrupt before its first line "
            "(Compressed file ended before the end-of-stream marker was reached); "
            "check that it downloaded completely",
        ),
        ("empty.jsonl.gz", b"", "is empty; nothing to extract"),
    ],
)
def test_a_bad_file(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    assert list(read_articles([str(path)])) == [Problem(str(path), f"{path}: {message}")]


def test_gzipped_and_utf8_bom(tmp_path):
    path = tmp_path / "Batch.JSONL.GZ"
    path.write_bytes(gzip.compress(b"\xef\xbb\xbf" + jsonl({"text": "One."}, {"text": "Two."})))
    assert list(read_articles([str(path)])) == [
        Article("Batch-1", "One.", f"{path}:1"),
        Article("Batch-2", "Two.", f"{path}:2"),
    ]


def test_utf16_file(tmp_path):
    path = tmp_path / "wide.jsonl"
    path.write_bytes(("\ufeff" + '{"text": "Kyiv said."}\n{"text": "Moscow said."}\n').encode("utf-16-le"))
    assert list(read_articles([str(path)])) == [
        Article("wide-1", "Kyiv said.", f"{path}:1"),
        Article("wide-2", "Moscow said.", f"{path}:2"),
    ]


def test_truncated_gzip_keeps_the_lines_before_the_damage(tmp_path):
    lines = [{"id": f"n{i}", "text": f"Article number {i} " + "word " * 40} for i in range(200)]
    data = gzip.compress(jsonl(*lines))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    items = list(read_articles([str(path)]))
    *articles, problem = items
    assert 0 < len(articles) < 200
    assert [a.id for a in articles] == [f"n{i}" for i in range(len(articles))]
    assert problem == Problem(
        str(path),
        f"{path}: gzip file is truncated or corrupt after line {len(articles)}; the lines before it were read",
    )
