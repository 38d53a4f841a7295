"""Every command has help and is in the README; usage errors exit 2 with one line that says the fix."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from newsledger.cli import main

from .conftest import stderr_lines, write
from .texts import LOPEZ

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def leaf_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found += leaf_commands(command, (*prefix, name))
        else:
            found.append((*prefix, name))
    return sorted(found)


COMMANDS = leaf_commands(main)  # every command, so that a new one is held to the same checks


def test_the_documented_commands_exist():
    assert {("extract",), ("ingest",), ("statements",), ("evaluate", "polnear")} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_of_every_command(cli, command):
    result = cli(*command, "--help")

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Usage: main {' '.join(command)} [OPTIONS]")
    summary = result.stdout.split("\n\n")[1].strip()
    assert len(summary) > 20  # a sentence, not just the usage line
    assert "--help" in result.stdout


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_is_in_the_readme(command):
    assert f"newsledger {' '.join(command)}" in README


@pytest.mark.parametrize("value", ["05/03/2024", "2024-13-01", "2024-3-5", "yesterday"])
@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_a_bad_published_date_is_a_usage_error(cli, tmp_path, command, value):
    args = [command, write(tmp_path / "lopez.txt", LOPEZ), "--published", value]
    if command == "ingest":
        args += ["--db", tmp_path / "l.db"]

    result = cli(*args)

    assert result.exit_code == 2
    assert result.stdout == ""
    assert stderr_lines(result) == [
        f"error: --published: {value!r} is not a date in YYYY-MM-DD form; give a date such as 2024-03-05"
    ]


@pytest.mark.parametrize(
    "args, message",
    [
        (["extract"], "Missing argument 'PATHS...'"),
        (["extract", "x.txt", "--format", "csv"], "Invalid value for '--format'"),
        (["statements", "--format", "xml"], "Invalid value for '--format'"),
        (["frobnicate"], "No such command 'frobnicate'"),
    ],
)
def test_click_usage_errors_exit_2(cli, args, message):
    result = cli(*args)

    assert result.exit_code == 2
    assert message in result.stderr
