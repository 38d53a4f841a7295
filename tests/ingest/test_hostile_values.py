"""Values that were read wrongly or dropped in silence (issue 25, the lower items): UTF-32 and
UTF-16 text holding NULs, a JSONL "published" that is no date, over-long ids, file names holding
terminal escape codes. Each is read exactly or is one problem line."""

from __future__ import annotations

import codecs
import json

import pytest
from click.testing import CliRunner

from newsledger.cli import main
from newsledger.ingest import read_articles
from newsledger.records import Article, Problem

TEXT = "The minister said the talks would resume. Ça va, 東京."
NUL_FIX = "remove the NUL bytes (e.g. tr -d '\\000'), or pass .txt, .html, .jsonl or .warc files"
PUBLISHED_FIX = 'give it as an ISO 8601 date string, such as "2024-03-05", or leave it out'


@pytest.mark.parametrize("codec", ["utf-32-le", "utf-32-be"])
def test_utf32_text_with_its_mark_is_decoded_exactly(tmp_path, codec):
    """Before, UTF-32 LE was read as UTF-16 (its mark starts the same) and stored as NUL-laden text."""
    bom = codecs.BOM_UTF32_LE if codec.endswith("le") else codecs.BOM_UTF32_BE
    path = tmp_path / "wide.txt"
    path.write_bytes(bom + TEXT.encode(codec))
    assert list(read_articles([str(path)])) == [Article("wide", TEXT, str(path))]


def test_utf32_jsonl_is_decoded_line_by_line(tmp_path):
    path = tmp_path / "wide.jsonl"
    lines = json.dumps({"id": "a", "text": TEXT}, ensure_ascii=False) + "\n" + "x\n"
    path.write_bytes(codecs.BOM_UTF32_LE + lines.encode("utf-32-le"))
    items = list(read_articles([str(path)]))
    assert items[0] == Article("a", TEXT, f"{path}:1")
    assert items[1].message.startswith(f"{path}:2: not valid JSON")


def test_utf16_text_holding_nul_characters_is_refused(tmp_path):
    path = tmp_path / "nul.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "abc\0def".encode("utf-16-le"))
    assert list(read_articles([str(path)])) == [
        Problem(str(path), f"{path}: has a NUL character at character 3, so it is not text; {NUL_FIX}")
    ]


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (20240305, '"published" is a number, not a date'),
        (True, '"published" is true or false, not a date'),
        ({"y": 2024}, '"published" is an object, not a date'),
        ("99999-01-01", "\"published\" is '99999-01-01', which is not a date newsledger can read"),
        ("yesterday", "\"published\" is 'yesterday', which is not a date newsledger can read"),
    ],
)
def test_a_published_that_is_no_date_is_a_problem_not_dropped(tmp_path, value, problem):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "x", "published": value}) + "\n")
    assert list(read_articles([str(path)], published="2024-01-02")) == [
        Problem(f"{path}:1", f"{path}:1: {problem}; {PUBLISHED_FIX}")
    ]


def test_an_over_long_id_is_refused(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "x" * 1_000_000, "text": "x"}) + "\n" + json.dumps({"id": "y" * 512, "text": "x"}) + "\n")
    items = list(read_articles([str(path)]))
    assert items[0] == Problem(
        f"{path}:1", f'{path}:1: "id" is 1,000,000 characters, over the limit of 512; give a shorter id'
    )
    assert items[1] == Article("y" * 512, "x", f"{path}:2")


def test_a_file_name_with_escape_codes_is_escaped_on_stderr(tmp_path):
    path = tmp_path / "evil\x1b]0;owned\x07\x1b[2J.txt"
    path.write_text("")
    result = CliRunner().invoke(main, ["extract", str(path)])
    shown = str(tmp_path / "evil\\x1b]0;owned\\x07\\x1b[2J.txt")
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert f"error: {shown}: is empty; nothing to extract" in result.output
