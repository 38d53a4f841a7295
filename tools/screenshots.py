"""Take the README's screenshots of the web app from the bundled sample corpus, and print how long
each step took (ingest, serve start, each screenshot).

Run from the repository root; it needs no network, only Playwright and Debian's Chromium
(/usr/bin/chromium), as the browser tests do:
    python tools/screenshots.py [--out docs/img]
It builds a ledger from samples/corpus in a temporary folder with ``newsledger.ingest`` (as the
README's Python example does), serves the web app with uvicorn on a free loopback port in this
process, and saves one PNG per entry of ``SHOTS`` at a fixed 1280x800 viewport.
"""

from __future__ import annotations

import argparse
import contextlib
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "samples" / "corpus"
OUT = ROOT / "docs" / "img"
CHROMIUM = Path("/usr/bin/chromium")
VIEWPORT = {"width": 1280, "height": 800}
# The plain-text articles carry no date; without one the pages say the ledger is undated. The
# JSONL and HTML articles keep their own dates.
PUBLISHED = "2021-11-21"
# The article shown with its coloured evidence: Russia's S-400 deliveries to India.
ARTICLE = CORPUS / "01_india-s400-caatsa.txt"


@dataclass(frozen=True)
class Shot:
    file: str  # under docs/img/, named in README.md
    path: str  # the page, "{article}" standing for ARTICLE's key


SHOTS = (
    Shot("statements.png", "/?q=S-400"),  # a search, each statement linked to its speaker and evidence
    Shot("article.png", "/article/{article}"),  # speakers, cues and contents in colour, events underlined
    Shot("events.png", "/events"),  # filters, the overview chart and the facets with their counts
)


def build_ledger(db: Path, published: str = PUBLISHED) -> int:
    """Ingest the sample corpus into the ledger at ``db``; return how many articles were added."""
    # newsledger.ingest, the README's; imported from its module because once the ``ingest``
    # subpackage is imported (as the tests do), ``newsledger.ingest`` may name that instead.
    from newsledger.commands import ingest

    db = db.resolve()
    with contextlib.chdir(ROOT):  # so that each article's source reads samples/corpus/..., not this machine's path
        result = ingest([str(CORPUS.relative_to(ROOT))], db=str(db), published=published)
    if result.problems:
        raise RuntimeError(f"the sample corpus did not ingest cleanly: {result.problems}")
    return result.added


def article_key() -> str:
    """ARTICLE's key in the ledger: the hash of its text as read."""
    from newsledger.ingest import read_articles
    from newsledger.ledger import article_key as key_of

    with contextlib.chdir(ROOT):
        (article,) = read_articles([str(ARTICLE.relative_to(ROOT))])
    return key_of(article.text)


@contextlib.contextmanager
def served(db: Path) -> Iterator[str]:
    """Serve the web app over ``db`` with uvicorn on a free loopback port, in a thread; yield its URL."""
    import uvicorn

    from newsledger.web import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the web app did not start on 127.0.0.1:{port}")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def capture(db: Path, out: Path) -> dict[str, float]:
    """Serve ``db`` and save each of ``SHOTS`` under ``out``; return the seconds each step took,
    keyed "serve start", "browser start" and each file name."""
    from playwright.sync_api import sync_playwright

    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    key = article_key()
    timings: dict[str, float] = {}
    started = time.perf_counter()
    # Served from the ledger's folder by its bare name, so the pages' footer reads "sample.db",
    # not a temporary path that would change every picture on every run.
    with contextlib.chdir(db.parent), served(Path(db.name)) as url, sync_playwright() as playwright:
        timings["serve start"] = time.perf_counter() - started
        started = time.perf_counter()
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        timings["browser start"] = time.perf_counter() - started
        try:
            page = browser.new_page(viewport=VIEWPORT, device_scale_factor=1, base_url=url)
            page.set_default_timeout(30_000)
            for shot in SHOTS:
                started = time.perf_counter()
                response = page.goto(shot.path.format(article=key), wait_until="load")
                if response is None or response.status != 200:
                    raise RuntimeError(f"{shot.path} answered {response and response.status}, not 200")
                page.screenshot(path=str(out / shot.file), type="png")
                timings[shot.file] = time.perf_counter() - started
        finally:
            browser.close()
    return timings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the PNGs (default: docs/img)")
    parser.add_argument("--published", default=PUBLISHED, help=f"date for the undated articles (default: {PUBLISHED})")
    args = parser.parse_args(argv)
    begun = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "sample.db"
        started = time.perf_counter()
        added = build_ledger(db, args.published)
        print(f"ingest ({added} articles, model load included): {time.perf_counter() - started:.1f} s")
        for step, seconds in capture(db, args.out).items():
            size = f", {(args.out / step).stat().st_size / 1024:.0f} KB" if step.endswith(".png") else ""
            print(f"{step}: {seconds:.1f} s{size}")
    print(f"total: {time.perf_counter() - begun:.1f} s")


if __name__ == "__main__":
    main()
