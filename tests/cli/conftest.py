"""The command line as a user runs it: ``newsledger.cli.main`` through click's CliRunner."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsledger.cli import main


@pytest.fixture
def cli(nlp):
    """cli(*args, input=None) -> Result; the spaCy pipeline is loaded once per test run."""
    runner = CliRunner()

    def invoke(*args: object, input: str | bytes | None = None, catch_exceptions: bool = False) -> Result:
        return runner.invoke(main, [str(a) for a in args], input=input, catch_exceptions=catch_exceptions)

    return invoke


def write(path: Path, content: str | bytes) -> Path:
    """Write ``content`` (text as UTF-8, or bytes as given) to ``path`` and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_bytes(content.encode("utf-8"))
    else:
        path.write_bytes(content)
    return path


def stderr_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]
