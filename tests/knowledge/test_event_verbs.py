"""event_verbs.csv and event_verb_synsets.csv: compiled from CAMEO by tools/build_event_verbs.py, read by
the knowledge loader. A broken row, an undefined synset or a hand edit fails here."""

from __future__ import annotations

import csv
import importlib.util
import re
import sys
from importlib.resources import files

import pytest
from conftest import REPO, SHARED, needs_shared

from newsledger.knowledge import load_knowledge
from newsledger.records import PLOVER_TYPES

COLUMNS = ["lemma", "particle", "subject", "object", "preposition", "prep_object", "cameo", "plover", "mode", "source", "target"]
CAMEO = SHARED / "eval-data" / "gazetteers" / "phoenix-cameo-dictionaries" / "CAMEO.2.0.txt"


def _text(name: str) -> str:
    return files("newsledger.knowledge").joinpath("data", name).read_text(encoding="utf-8")


def _rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(line for line in _text(name).splitlines() if line.strip() and not line.startswith("#")))


@pytest.fixture(scope="module")
def rows():
    return _rows("event_verbs.csv")


def test_header_columns_and_cells(rows):
    first = next(line for line in _text("event_verbs.csv").splitlines() if not line.startswith("#"))
    assert first.split(",") == COLUMNS
    assert len(rows) > 10_000
    for row in rows:
        assert None not in row and all(row[c] is not None for c in COLUMNS), row
        assert row["plover"] in PLOVER_TYPES or row["plover"] == "none", row
        assert re.fullmatch(r"\d{3,4}|---|reverse", row["cameo"]), row
        assert row["source"] in ("", "before") and row["target"] in ("", "before", "after"), row
        assert re.fullmatch(r"[a-z][a-z\-]*", row["lemma"]), row


def test_the_header_names_source_commit_and_licence():
    head = "".join(line for line in _text("event_verbs.csv").splitlines() if line.startswith("#"))
    assert "CAMEO.2.0.txt" in head and "MIT" in head and "CAMEO2PLOVER-2021.txt" in head
    assert re.search(r"openeventdata/petrarch2 [0-9a-f]{40}", head)
    assert "LICENSES.md" not in head  # the licence table lives beside the files
    assert "`event_verbs.csv`" in _text("LICENSES.md")


def test_every_synset_a_row_names_is_defined(rows):
    synsets = {row["synset"] for row in _rows("event_verb_synsets.csv")}
    named = {w for row in rows for c in ("subject", "object", "prep_object") for w in re.split(r"[ |]", row[c]) if w.startswith("&")}
    assert named and named <= synsets


@pytest.mark.parametrize("lemma", ["say", "tell", "report", "announce", "state", "accord", "claim", "explain"])
def test_reporting_verbs_are_never_events(rows, lemma):
    assert not [r for r in rows if r["lemma"] == lemma and r["plover"] != "none"]


def test_the_loader_indexes_patterns_by_anchor_most_specific_first():
    verbs = load_knowledge().event_verbs
    assert "kill" in verbs and "say" not in verbs
    alone = verbs.anchored("kill")[("", "")]
    assert (alone[0].type, alone[0].cameo) == ("ASSAULT", "190")
    for patterns in verbs.anchored("impose").values():
        assert [p.specificity for p in patterns] == sorted((p.specificity for p in patterns), reverse=True)
    curfew = verbs.anchored("impose")[("object", "curfew")][0]
    assert (curfew.type, curfew.mode, curfew.cameo) == ("COERCE", "curfew", "1723")
    assert verbs.anchored("no-such-verb") == {}


@needs_shared(CAMEO)
def test_the_data_files_are_what_the_build_script_writes(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("build_event_verbs", REPO / "tools" / "build_event_verbs.py")
    build = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, build)  # its dataclasses look their module up there
    spec.loader.exec_module(build)
    monkeypatch.setattr(build, "OUT", tmp_path / "event_verbs.csv")
    monkeypatch.setattr(build, "SYNSETS_OUT", tmp_path / "event_verb_synsets.csv")
    monkeypatch.setattr("sys.argv", ["build_event_verbs.py"])
    build.main()
    assert (tmp_path / "event_verbs.csv").read_text(encoding="utf-8") == _text("event_verbs.csv")
    assert (tmp_path / "event_verb_synsets.csv").read_text(encoding="utf-8") == _text("event_verb_synsets.csv")
