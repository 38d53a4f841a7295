"""Pathological inputs to the readers: huge, deep, long or empty in odd ways. Each is read in
bounded time into Articles, or refused with the exact one-line message a user sees."""

from __future__ import annotations

import gzip
import json
import os
import sqlite3
import time

import pytest

from newsledger.commands import store_records
from newsledger.ingest import MAX_CHARS, input_files, read_articles
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


# JSON that Python's parser will not read (issue 25): each was an exception that stopped the run.
FLAT = 'write one flat JSON object per line, such as {"id": "a1", "text": "..."}'
ID_FIX = 'give "id" as a string, or as a whole number such as 7'


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        # ValueError: Exceeds the limit (4300 digits) for integer string conversion
        ('{"id": ' + "9" * 5_000 + ', "text": "x"}', "has an integer of more than 4,300 digits; write long numbers as JSON strings"),
        ('{"text": "x", "views": -' + "1" * 4_301 + "}", "has an integer of more than 4,300 digits; write long numbers as JSON strings"),
        # RecursionError: maximum recursion depth exceeded while decoding a JSON array
        ("[" * 100_000 + "]" * 100_000, f"is JSON nested 100,000 levels deep, over the limit of 100; {FLAT}"),
        ('{"text": "x", "a": ' + '{"b": ' * 100_000 + "1" + "}" * 100_001, f"is JSON nested 100,001 levels deep, over the limit of 100; {FLAT}"),
        # "id" as a number with no whole value: 1e400 said '"id" is a number, not a string; give "id" as a string or number'
        ('{"id": 1e400, "text": "x"}', f'"id" is a number too large to read (it overflows to infinity); {ID_FIX}'),
        ('{"id": 1.5, "text": "x"}', f'"id" is the number 1.5, written with a fraction or an exponent; {ID_FIX}'),
        ('{"id": NaN, "text": "x"}', f'"id" is NaN, which is not a JSON number; {ID_FIX}'),
        # a lone surrogate escape put a character in the text that the ledger could not store
        (
            '{"id": "s", "text": "He said \\ud800 it."}',
            '"text" has a lone surrogate escape (\\ud800) at character 8, which is not a character; '
            "remove it, or write the character it stands for",
        ),
        (
            '{"id": "s", "title": "\\udce9", "text": "x"}',
            '"title" has a lone surrogate escape (\\udce9) at character 0, which is not a character; '
            "remove it, or write the character it stands for",
        ),
    ],
)
def test_json_the_parser_will_not_read_is_that_lines_problem(tmp_path, bad_line, message):
    data = ('{"id": "first", "text": "Good."}\n' + bad_line + '\n{"id": "third", "text": "Also good."}\n').encode()
    path, items, seconds = read_timed(tmp_path, "odd.jsonl", data)
    assert items == [
        Article("first", "Good.", f"{path}:1"),
        Problem(f"{path}:2", f"{path}:2: {message}"),
        Article("third", "Also good.", f"{path}:3"),
    ]
    assert seconds < BOUND_S


def test_brackets_inside_strings_are_not_nesting(tmp_path):
    text = "[{" * 5_000 + " said the minister."
    path, items, _ = read_timed(tmp_path, "brackets.jsonl", (json.dumps({"id": "b", "text": text, "tags": [["a"]]}) + "\n").encode())
    assert items == [Article("b", text, f"{path}:1")]


def test_nesting_past_the_stack_is_a_problem_even_under_the_limit(tmp_path, monkeypatch):
    from newsledger.ingest import jsonl

    monkeypatch.setattr(jsonl, "MAX_DEPTH", 10**9)  # Python's own recursion limit is then what stops it
    path, items, _ = read_timed(tmp_path, "deep.jsonl", ("[" * 100_000 + "]" * 100_000 + "\n").encode())
    assert items == [Problem(f"{path}:1", f"{path}:1: is JSON nested too deeply to read; {FLAT}")]


# Charset labels that are Python codecs but no charset: 'undefined' and 'idna' raised UnicodeError.
@pytest.mark.parametrize("label", ["undefined", "idna", "punycode", "unicode_escape", "raw_unicode_escape"])
def test_a_page_declaring_a_codec_that_is_no_charset(tmp_path, label):
    page = f'<html><head><meta charset="{label}"></head><body><article><p>Caf\xe9 owner said so.</p></article></body></html>'
    data = page.encode("latin-1")
    path, items, _ = read_timed(tmp_path, "page.html", data)
    offset = data.index(b"\xe9")
    assert items == [
        Problem(path, f"{path}: not valid UTF-8 (first bad byte at offset {offset}); convert it to UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8")
    ]


# A file name that is not UTF-8 (Python carries its bytes as lone surrogates): the article's
# source could not be printed or stored, and the ledger raised UnicodeEncodeError.
NAME_FIX = "rename it so that its name is UTF-8, e.g. convmv -f WINDOWS-1252 -t UTF-8 --notest FILE"


@pytest.fixture
def latin1_named(tmp_path) -> tuple[str, str]:
    """A folder holding café.txt, named in Latin-1, and good.txt: (folder, café's path as Python gives it)."""
    folder = tmp_path / "names"
    folder.mkdir()
    try:
        with open(os.path.join(os.fsencode(folder), b"caf\xe9.txt"), "wb") as f:
            f.write(b"The minister said so.")
    except OSError:
        pytest.skip("this file system refuses names that are not UTF-8")
    (folder / "good.txt").write_bytes(b"Good.")
    return str(folder), os.fsdecode(os.path.join(os.fsencode(folder), b"caf\xe9.txt"))


def test_a_file_name_that_is_not_utf8_is_that_files_problem(latin1_named):
    folder, bad = latin1_named
    shown = f"{folder}/caf\\xe9.txt"
    problem = Problem(shown, f"{shown}: the file name is not valid UTF-8; {NAME_FIX}")
    assert list(read_articles([folder])) == [problem, Article("good", "Good.", f"{folder}/good.txt")]
    assert list(read_articles([bad])) == [problem]
    assert list(input_files([folder, bad])) == [problem, f"{folder}/good.txt", problem]


def test_a_file_name_that_is_not_utf8_is_stored_as_a_problem(latin1_named, tmp_path):
    folder, _ = latin1_named
    db = tmp_path / "ledger.db"
    result = store_records((item for item in read_articles([folder]) if isinstance(item, Problem)), db=str(db))
    assert [p.source for p in result.problems] == [f"{folder}/caf\\xe9.txt"]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT source FROM ingest_problems").fetchall() == [(f"{folder}/caf\\xe9.txt",)]
