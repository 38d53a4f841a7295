"""The statement stage's word lists (``knowledge.load_statement_words``): each file's rows are
unique and of known kinds, and no line label is of two kinds."""

from __future__ import annotations

import csv
from collections import Counter
from importlib.resources import files

import pytest

from newsledger.knowledge import load_statement_words

FILES = {
    "line_labels.csv": ["label", "kind"],
    "addressee_cues.csv": ["verb"],
    "non_speaker_subjects.csv": ["word"],
    "object_prepositions.csv": ["preposition"],
    "name_words.csv": ["word", "where"],
    "contrast_marks.csv": ["word"],
}


def _rows(name: str) -> list[dict[str, str]]:
    text = files("newsledger.knowledge").joinpath("data", name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines))


@pytest.mark.parametrize("name, columns", FILES.items())
def test_rows_are_unique_lower_case_and_complete(name, columns):
    rows = _rows(name)
    assert rows and list(rows[0]) == columns
    first = [row[columns[0]] for row in rows]
    assert not [w for w, n in Counter(first).items() if n > 1], f"{name}: listed twice"
    assert all(w and w == w.strip().lower() and all(row[c] for c in columns) for w, row in zip(first, rows)), name


def test_kinds_are_known():
    assert {row["kind"] for row in _rows("line_labels.csv")} == {"kicker", "source"}
    assert {row["where"] for row in _rows("name_words.csv")} == {"signature", "label", "both"}
    rows = _rows("cue_prepositions.csv")
    assert {row["takes"] for row in rows} == {"about", "for"}  # what cues.csv's takes column names
    assert len({(row["takes"], row["preposition"]) for row in rows}) == len(rows)


def test_a_label_is_either_a_kicker_or_a_source():
    """`Source: Reuters` is a kicker even though `a source said` names an unnamed source
    (sources.csv): the two lists read different places, so only line_labels.csv must agree with itself."""
    words = load_statement_words()
    assert words.kicker_labels and words.source_label_nouns
    assert not words.kicker_labels & words.source_label_nouns
