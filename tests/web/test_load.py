"""A few seconds of bench/web_load.py (wrk against `newsledger serve` on loopback) over the small
test ledger: every request answered, none with an error or a 5xx.

Skipped where wrk is missing, except in CI, which installs it (apt-get install -y wrk)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
MISSING = None if shutil.which("wrk") else "wrk is not installed (apt-get install -y wrk)"
if MISSING and os.environ.get("CI"):
    raise RuntimeError(f"{MISSING}; CI installs it, so the load test must run there")
pytestmark = [pytest.mark.slow, pytest.mark.skipif(MISSING is not None, reason=MISSING or "")]  # a load run


@pytest.fixture
def small_ledger(built_ledger, tmp_path) -> Path:
    db = tmp_path / "load.db"
    shutil.copyfile(built_ledger, db)
    return db


def test_a_few_seconds_of_load_on_the_main_pages_has_no_errors(small_ledger):
    run = subprocess.run(
        [sys.executable, str(BENCH / "web_load.py"), "--keep", str(small_ledger), "--duration", "3", "--connections", "4", "--json"],
        capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["statements"] > 0 and result["requests"] > 50
    assert (result["errors"], result["5xx"], result["4xx"], result["timeout"]) == (0, 0, 0, 0)
    assert result["2xx"] == result["requests"]


def test_the_driver_counts_what_fails(small_ledger):
    sys.path.insert(0, str(BENCH))
    try:
        import web_load
    finally:
        sys.path.remove(str(BENCH))
    port = web_load.free_port()
    server = web_load.serve(small_ledger, port)
    try:
        result = web_load.drive(port, ["/article/" + "0" * 64, "/entity/person:nobody"], 1, 2, 1, seed=1)
    finally:
        server.terminate()
        server.wait(timeout=15)
    assert result["requests"] > 0
    assert result["4xx"] == result["requests"] == result["errors"]
