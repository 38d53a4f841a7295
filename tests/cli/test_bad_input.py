"""Bad input in a batch: each broken input is one `error:` line naming it, the rest are printed, exit 1."""

from __future__ import annotations

import json

import pytest

from .conftest import stderr_lines, write
from .texts import LOPEZ, warc_response

GOOD_LINE = '{"id": "w2", "text": "Navy chief Sam Reed said that the fleet was ready to sail."}'

# name, content, the error line after "error: <path>" (exact, or its start when it ends in "...")
BAD_INPUTS = [
    ("empty.txt", b"", ": is empty; nothing to extract"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", ": looks like a binary file, not text; pass .txt, .html, .jsonl or .warc files"),
    (
        "latin1.txt",
        b"caf\xe9 au lait said the minister",
        ": not valid UTF-8 (first bad byte at offset 3); convert it to UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8",
    ),
    (
        "no-article.html",
        b"<html><head><title>Nothing here</title></head><body><script>var a = 1;</script></body></html>",
        ": no article text found in the HTML; check that it is a news page, or pass the text as .txt",
    ),
    ("cut.warc", warc_response()[:300], ": WARC file is truncated or corrupt in its first record; ..."),
    ("wire.jsonl", ('{"id": "w1", "text": \n' + GOOD_LINE + "\n").encode(), ":1: not valid JSON (..."),
]


def matches(line: str, expected: str) -> bool:
    return line.startswith(expected[:-3]) if expected.endswith("...") else line == expected


@pytest.fixture
def batch(tmp_path):
    """A folder with one good .txt and every kind of bad input; returns (folder, good, {name: bad path})."""
    folder = tmp_path / "batch"
    good = write(folder / "good.txt", LOPEZ)
    bad = {name: write(folder / name, content) for name, content, _ in BAD_INPUTS}
    return folder, good, bad


def test_the_hand_made_warc_is_valid_before_it_is_cut(cli, tmp_path):
    result = cli("extract", write(tmp_path / "whole.warc", warc_response()))

    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["statements"]) == 2


@pytest.mark.parametrize("given_as", ["folder", "file list"])
def test_one_error_line_per_bad_input_and_the_good_articles_are_printed(cli, batch, given_as):
    folder, good, bad = batch
    args = [folder] if given_as == "folder" else [good, *bad.values()]

    result = cli("extract", *args, "--format", "jsonl")

    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(r["id"] for r in records) == ["good", "w2"]
    statements = sum(len(r["statements"]) for r in records)
    assert statements == 3

    lines = stderr_lines(result)
    assert lines[-1] == f"2 articles, {statements} statements, {len(bad)} failed"
    errors = lines[:-1]
    assert all(line.startswith("error: ") for line in errors), errors
    assert len(errors) == len(bad)
    for name, _, expected in BAD_INPUTS:
        naming = [line for line in errors if line.startswith(f"error: {bad[name]}:")]
        assert len(naming) == 1, (name, errors)
        assert matches(naming[0], f"error: {bad[name]}{expected}"), naming[0]
    assert not any(str(good) in line for line in errors)


@pytest.mark.parametrize("name, content, expected", BAD_INPUTS, ids=[row[0] for row in BAD_INPUTS])
def test_each_bad_input_alone(cli, tmp_path, name, content, expected):
    path = write(tmp_path / name, content)

    result = cli("extract", path)

    assert result.exit_code == 1
    error, summary = stderr_lines(result)
    assert matches(error, f"error: {path}{expected}"), error
    good = 1 if name == "wire.jsonl" else 0  # its second line is a good article
    assert len(result.stdout.splitlines()) == good
    assert summary == f"{good} articles, {good} statements, 1 failed"


def test_a_twenty_megabyte_line_is_one_error_and_the_other_files_go_on(cli, tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("word " * 4_000_000, encoding="utf-8")
    good = write(tmp_path / "good.txt", LOPEZ)

    result = cli("extract", big, good)

    assert result.exit_code == 1
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["good"]
    assert stderr_lines(result) == [
        f"error: {big}: article is 20,000,000 characters, over the limit of 1,000,000; split it into smaller articles",
        "1 articles, 2 statements, 1 failed",
    ]


def test_a_missing_file_is_one_error(cli, tmp_path):
    missing = tmp_path / "missing.txt"

    result = cli("extract", missing, write(tmp_path / "good.txt", LOPEZ))

    assert result.exit_code == 1
    assert stderr_lines(result)[0] == f"error: {missing}: no such file or directory; check the path"
    assert len(result.stdout.splitlines()) == 1
