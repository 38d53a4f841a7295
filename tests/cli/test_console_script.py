"""The installed `newsledger` console script, run as a user runs it, on the bundled sample corpus."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = Path(sys.executable).parent / "newsledger"


@pytest.mark.skipif(not SCRIPT.exists(), reason=f"no console script at {SCRIPT}; pip install -e . first")
def test_extract_the_sample_corpus():
    result = subprocess.run(
        [str(SCRIPT), "extract", "samples/corpus", "--format", "jsonl"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 15
    assert len({r["id"] for r in records}) == 15
    statements = sum(len(r["statements"]) for r in records)
    assert statements >= 100
    assert result.stderr.splitlines()[-1] == f"15 articles, {statements} statements, 0 failed"
    for record in records:
        for s in record["statements"]:
            assert record["text"][s["cue"]["start"] : s["cue"]["end"]] == s["cue"]["text"]
