"""The README's screenshots: the pictures in docs/img/, the ones the README shows and the ones
tools/screenshots.py writes are the same files; and (browser tier) the script takes them."""

from __future__ import annotations

import importlib.util
import re
import struct
import sys
from pathlib import Path

import pytest

from tests.web.test_browser import MISSING

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")
IMG = REPO / "docs" / "img"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def screenshots(monkeypatch):
    spec = importlib.util.spec_from_file_location("screenshots", REPO / "tools" / "screenshots.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_the_readme_shows_every_picture_the_script_writes(screenshots):
    shown = set(re.findall(r"!\[[^\]]+\]\(docs/img/([^)]+)\)", README))
    written = {shot.file for shot in screenshots.SHOTS}
    in_folder = {path.name for path in IMG.iterdir()}
    assert len(written) == 3
    assert shown == written == in_folder


def test_the_committed_pictures_are_small_pngs_at_the_scripts_viewport(screenshots):
    for shot in screenshots.SHOTS:
        data = (IMG / shot.file).read_bytes()
        assert data.startswith(PNG_SIGNATURE) and len(data) < 300_000, shot.file
        assert struct.unpack(">II", data[16:24]) == (1280, 800), shot.file  # IHDR width, height


@pytest.mark.browser
@pytest.mark.skipif(MISSING is not None, reason=MISSING or "")
def test_the_script_takes_the_pictures(screenshots, tmp_path, nlp):
    db = tmp_path / "sample.db"
    assert screenshots.build_ledger(db) == 15
    timings = screenshots.capture(db, tmp_path / "img")
    files = [shot.file for shot in screenshots.SHOTS]
    assert list(timings) == ["serve start", "browser start", *files]
    assert sorted(path.name for path in (tmp_path / "img").iterdir()) == sorted(files)
    for name in files:
        data = (tmp_path / "img" / name).read_bytes()
        assert data.startswith(PNG_SIGNATURE) and len(data) > 10_000, name
        assert struct.unpack(">II", data[16:24]) == (1280, 800), name
