"""`newsledger extract`: JSONL records, the table, --published and standard input."""

from __future__ import annotations

import json
import re

import pytest

from .conftest import stderr_lines, write
from .texts import BAKER, LOPEZ, RECORD_KEYS, warc_response


def jsonl(result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_jsonl_prints_one_record_per_article_with_the_documented_keys(cli, tmp_path):
    a, b = write(tmp_path / "lopez.txt", LOPEZ), write(tmp_path / "baker.txt", BAKER)

    result = cli("extract", a, b, "--format", "jsonl")

    assert result.exit_code == 0, result.output
    records = jsonl(result)
    assert [r["id"] for r in records] == ["lopez", "baker"]
    assert [r["source"] for r in records] == [str(a), str(b)]
    for record, text in zip(records, (LOPEZ, BAKER)):
        assert set(record) == RECORD_KEYS
        assert record["text"] == text  # exactly as read
        for event in record["events"]:  # each event points at its evidence in the text
            ev = event["evidence"]
            assert text[ev["start"] : ev["end"]] == ev["text"]


def test_every_offset_slices_the_text_to_its_span(cli, tmp_path):
    paths = [write(tmp_path / "lopez.txt", LOPEZ), write(tmp_path / "baker.txt", BAKER)]

    records = jsonl(cli("extract", *paths, "--format", "jsonl"))

    spans = 0
    for record in records:
        text = record["text"]
        assert record["statements"]
        for s in record["statements"]:
            for key in ("speaker", "cue", "content", "addressee"):
                span = s[key]
                if span is None:
                    continue
                assert text[span["start"] : span["end"]] == span["text"], (record["id"], s["id"], key)
                spans += 1
            for start, end in s["content"]["parts"]:
                assert s["content"]["start"] <= start < end <= s["content"]["end"]
        for entity in record["entities"]:
            for start, end in entity["mentions"]:
                assert 0 <= start < end <= len(text)
    assert spans >= 3 * 4  # speaker, cue and content of at least four statements


def test_statements_of_the_sample_text_are_found_and_resolved(cli, tmp_path):
    (record,) = jsonl(cli("extract", write(tmp_path / "lopez.txt", LOPEZ)))

    found = [(s["speaker"]["text"], s["speaker_entity"]["name"], s["cue"]["text"], s["kind"], s["content"]["text"]) for s in record["statements"]]
    assert found == [
        ("Foreign Minister Ana Lopez", "Ana Lopez", "said", "indirect", "that the talks had ended"),
        ("she", "Ana Lopez", "added", "direct", "We will sign next year"),
    ]


@pytest.mark.parametrize(
    "args, published",
    [
        ((), None),
        (("--published", "2024-03-05"), "2024-03-05"),
        (("--published", "1999-12-31"), "1999-12-31"),
    ],
)
def test_published_dates_a_text_file(cli, tmp_path, args, published):
    (record,) = jsonl(cli("extract", write(tmp_path / "lopez.txt", LOPEZ), *args))

    assert record["published"] == published


def test_published_is_only_a_fallback_for_a_warc_that_has_its_own_date(cli, tmp_path):
    path = write(tmp_path / "crawl.warc", warc_response())

    result = cli("extract", path, "--published", "1999-12-31")

    assert result.exit_code == 0, result.output
    (record,) = jsonl(result)
    assert record["published"] == "2024-03-05"  # the WARC-Date
    assert record["url"] == "https://example.com/talks"
    assert record["title"] == "Talks end"
    assert {s["speaker_entity"]["name"] for s in record["statements"]} == {"Ana Lopez"}


def test_summary_line_counts_articles_and_statements(cli, tmp_path):
    result = cli("extract", write(tmp_path / "lopez.txt", LOPEZ), "--format", "jsonl", "--published", "2024-03-05")

    assert result.exit_code == 0
    (record,) = jsonl(result)
    n = len(record["statements"])
    assert n == 2
    assert stderr_lines(result) == [f"1 articles, {n} statements, 0 failed"]


def test_table_shows_the_resolved_speaker_and_cue(cli, tmp_path):
    result = cli("extract", write(tmp_path / "lopez.txt", LOPEZ), "--format", "table")

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "== lopez"
    rows = [re.split(r"\s{2,}", line.strip()) for line in lines[1:]]
    assert rows == [
        ["s1", "Ana Lopez (Foreign Minister Ana Lopez)", "said", "indirect", "that the talks had ended"],
        ["s2", "Ana Lopez (she)", "added", "direct", "We will sign next year"],
        # then the events: `we` in her direct quote is her side; the year stays relative (no date given)
        ["v1", "Ana Lopez", "SUPPORT", "planned", "XXXX (per s2)"],
    ]
    assert stderr_lines(result) == ["1 articles, 2 statements, 0 failed"]


@pytest.mark.parametrize("fmt", ["jsonl", "table"])
def test_standard_input_is_read_for_a_dash(cli, fmt):
    result = cli("extract", "-", "--format", fmt, input=LOPEZ)

    assert result.exit_code == 0, result.output
    assert stderr_lines(result) == ["1 articles, 2 statements, 0 failed"]
    if fmt == "jsonl":
        (record,) = jsonl(result)
        assert (record["id"], record["source"], record["text"]) == ("stdin", "<stdin>", LOPEZ)
        assert [s["cue"]["text"] for s in record["statements"]] == ["said", "added"]
    else:
        assert result.stdout.startswith("== stdin\n")
        assert "Ana Lopez (she)" in result.stdout


def test_empty_standard_input_is_one_error(cli):
    result = cli("extract", "-", input="")

    assert result.exit_code == 1
    assert result.stdout == ""
    assert stderr_lines(result) == ["error: <stdin>: is empty; nothing to extract", "0 articles, 0 statements, 1 failed"]


def test_unbalanced_quotation_mark_warns_and_the_statement_is_still_found(cli, tmp_path):
    text = 'Foreign Minister Ana Lopez said: "We will sign next year.\n\nThe meeting closed at noon.\n'
    path = write(tmp_path / "open-quote.txt", text)

    result = cli("extract", path)

    assert result.exit_code == 0, result.output
    offset = text.index('"')
    assert stderr_lines(result) == [
        f"warning: {path}: unbalanced quotation mark at offset {offset}; the quote was closed at the end of its paragraph",
        "1 articles, 1 statements, 0 failed",
    ]
    ((statement,),) = [r["statements"] for r in jsonl(result)]
    assert statement["speaker_entity"]["name"] == "Ana Lopez"
    assert statement["cue"]["text"] == "said"
    assert statement["content"]["text"].startswith("We will sign next year")
    assert statement["content"]["end"] <= text.index("\n\n")  # closed at its paragraph's end
