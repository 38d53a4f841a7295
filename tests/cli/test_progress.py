"""Long commands show a progress bar with the total and the time left on stderr when it is a
terminal, and nothing at all when it is not (a log file, a pipe, a test)."""

from __future__ import annotations

import json

import pytest

import newsledger.cli
from newsledger.commands import count_articles

from .conftest import stderr_lines, write
from .test_evaluate_sample import _gold
from .texts import BAKER, LOPEZ, REED


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    write(folder / "lopez.txt", LOPEZ)
    write(folder / "baker.txt", BAKER)
    write(folder / "wire.jsonl", json.dumps({"id": "reed", "text": REED}) + "\n" + json.dumps({"id": "r2", "text": REED + " "}) + "\n")
    return folder


@pytest.fixture
def terminal(monkeypatch):
    """stderr taken for a terminal, as a user at one has it; the bar drawn at every article, not
    ten times a second at most, so that a quick test sees it move."""
    monkeypatch.setattr(newsledger.cli, "_progress_wanted", lambda: True)
    real = newsledger.cli.progress_bar

    def eager(total, desc):
        bar = real(total, desc)
        bar.mininterval, bar.miniters, bar.dynamic_miniters = 0, 1, False
        return bar

    monkeypatch.setattr(newsledger.cli, "progress_bar", eager)


def bar_lines(result) -> list[str]:
    return [part for part in result.stderr.replace("\r", "\n").splitlines() if "%|" in part]


def test_the_total_counts_articles_not_files(corpus):
    assert count_articles([str(corpus)]) == 4
    assert count_articles([str(corpus / "lopez.txt"), str(corpus / "missing.txt")]) == 2
    assert count_articles(["-"]) is None


@pytest.mark.parametrize(
    "command",
    [
        ["extract", "{corpus}"],
        ["ingest", "{corpus}", "--db", "{tmp}/l.db"],
        ["transfers", "{corpus}"],
    ],
    ids=lambda c: c[0],
)
def test_no_bar_when_stderr_is_not_a_terminal(cli, corpus, tmp_path, command):
    result = cli(*[a.format(corpus=corpus, tmp=tmp_path) for a in command])

    assert result.exit_code == 0, result.output
    assert bar_lines(result) == []
    assert "\r" not in result.stderr
    assert len(stderr_lines(result)) == 1  # the summary


@pytest.mark.parametrize(
    "command, name",
    [
        (["extract", "{corpus}"], "extract"),  # to a file or a pipe: CliRunner's stdout is not a terminal
        (["ingest", "{corpus}", "--db", "{tmp}/l.db"], "ingest"),
        (["transfers", "{corpus}"], "transfers"),
    ],
    ids=lambda c: c if isinstance(c, str) else None,
)
def test_a_bar_with_the_total_and_time_left_on_a_terminal(cli, corpus, tmp_path, terminal, command, name):
    result = cli(*[a.format(corpus=corpus, tmp=tmp_path) for a in command])

    assert result.exit_code == 0, result.output
    bars = bar_lines(result)
    assert bars and all(line.startswith(f"{name}:") for line in bars)
    assert any("4/4 [" in line for line in bars), bars
    assert all(("<" in line.split("[", 1)[1]) for line in bars)  # elapsed<left
    assert stderr_lines(result)[-1].split(";")[0].split(",")[0].split()[0].isdigit()  # the summary still ends it


def test_evaluate_shows_a_bar_on_a_terminal(cli, tmp_path, terminal):
    result = cli("evaluate", "sample", *_gold(tmp_path), "--json")

    assert result.exit_code == 0, result.output
    assert any(line.startswith("sample:") and "1/1 [" in line for line in bar_lines(result))
    json.loads(result.stdout)  # the figures alone on stdout


def test_evaluate_has_no_bar_off_a_terminal(cli, tmp_path):
    result = cli("evaluate", "sample", *_gold(tmp_path), "--json")

    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_a_second_ingest_counts_the_skipped_articles_on_the_bar(cli, corpus, tmp_path, terminal):
    db = tmp_path / "l.db"
    cli("ingest", corpus, "--db", db)

    result = cli("ingest", corpus, "--db", db)

    assert any("4/4 [" in line for line in bar_lines(result))
    assert stderr_lines(result)[-1] == f"0 articles added (0 statements), 4 already stored, 0 failed; ledger: {db}"
