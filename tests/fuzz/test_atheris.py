"""A short, fixed-seed atheris pass over every fuzz target: fails when any of them crashes.

The same seed and run count give the same inputs each time, so a failure here reproduces; run a
target by hand for longer (see tests/fuzz/targets.py) to look further.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("atheris")
pytestmark = pytest.mark.slow  # a fuzz run

HERE = Path(__file__).resolve().parent
RUNS = 400  # per target: about 50 s for all seven on two busy cores, most of it spaCy's import
MAX_LEN = 4096  # bytes per generated input


def test_no_target_crashes_in_a_short_fixed_seed_pass(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(HERE / "corpus", corpus)  # libFuzzer adds the inputs it finds to its corpus
    result = subprocess.run(
        [
            sys.executable,
            str(HERE / "targets.py"),
            "--each",
            str(corpus),
            f"-runs={RUNS}",
            "-seed=1",
            f"-max_len={MAX_LEN}",
            "-timeout=30",  # one input taking longer than this is a crash too
            "-rss_limit_mb=4096",
            f"-artifact_prefix={tmp_path}{os.sep}",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    output = result.stdout + result.stderr
    summary = [line for line in output.splitlines() if line.startswith("#### ")]
    crash = output.find("=== Uncaught Python exception")  # the traceback and the input's file
    assert result.returncode == 0, "\n".join([*summary, output[crash : crash + 4000] if crash >= 0 else output[-4000:]])
    assert summary[-1] == "#### crashed: none"
    assert len(summary) == 8  # a line for each of the seven targets, and the summary
