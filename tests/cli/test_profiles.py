"""`--profile`: the fast default, the accurate profile, and the errors a user sees."""

from __future__ import annotations

import json
import sys

import pytest

from conftest import has_accurate_extra
from newsledger.errors import ProfileError
from newsledger.pipeline import load_pipeline

from .conftest import write

TEXT = (
    "Turkish Foreign Minister Mevlut Cavusoglu said on Tuesday that Ankara had not given pledges to anyone.\n\n"
    "Critics in the opposition blasted the decision, and analysts believe the deal will survive."
)

needs_accurate = pytest.mark.skipif(not has_accurate_extra(), reason="the accurate extra is not installed")


def test_an_unknown_profile_is_refused_by_the_cli(cli, tmp_path):
    result = cli("extract", write(tmp_path / "a.txt", TEXT), "--profile", "fastest")
    assert result.exit_code == 2
    assert "Invalid value for '--profile'" in result.output


def test_an_unknown_profile_is_refused_by_the_library(monkeypatch):
    monkeypatch.setenv("NEWSLEDGER_PROFILE", "fastest")
    with pytest.raises(ProfileError) as err:
        load_pipeline()
    assert str(err.value) == "profile 'fastest': no such profile; choose one of: fast, accurate"


@needs_accurate
def test_the_accurate_profile_finds_what_the_rules_miss_and_keeps_the_speakers(cli, tmp_path):
    path = write(tmp_path / "a.txt", TEXT)
    fast = json.loads(cli("extract", path).stdout)
    accurate = json.loads(cli("extract", path, "--profile", "accurate").stdout)
    cues = lambda r: [s["cue"]["text"] for s in r["statements"]]  # noqa: E731
    assert cues(fast) == ["said", "blasted"]  # a stance verb with an object is a cue for the rules too
    assert {"blasted", "believe"} <= set(cues(accurate))  # a belief cue the rules leave out
    # PolNeAR's convention keeps a time adjunct in the cue ("said on Tuesday") and "that" in the content
    said = next(s for s in accurate["statements"] if s["cue"]["text"].startswith("said"))
    assert said["speaker_entity"]["name"] == "Mevlut Cavusoglu"
    assert "Ankara had not given pledges to anyone" in said["content"]["text"]


@needs_accurate
def test_the_profile_can_come_from_the_environment(cli, tmp_path, monkeypatch):
    path = write(tmp_path / "a.txt", TEXT)
    monkeypatch.setenv("NEWSLEDGER_PROFILE", "accurate")
    assert len(json.loads(cli("extract", path).stdout)["statements"]) > 1


def test_without_the_extra_the_accurate_profile_says_how_to_install_it(cli, tmp_path, monkeypatch):
    from newsledger.pipeline import assembly as pipeline

    pipeline._load.cache_clear()
    monkeypatch.setitem(sys.modules, "torch", None)  # import torch now fails, as without the extra
    for name in [m for m in sys.modules if m.startswith("newsledger.attribution.model")]:
        monkeypatch.delitem(sys.modules, name)
    try:
        result = cli("extract", write(tmp_path / "a.txt", TEXT), "--profile", "accurate")
    finally:
        pipeline._load.cache_clear()
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: accurate profile: torch is not installed; install the extra: pip install 'newsledger[accurate]'"
    )
