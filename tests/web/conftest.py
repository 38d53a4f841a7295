"""A small ledger built once through the real pipeline (``commands.ingest``), copied for each
module that writes to it, and the web app over it."""

from __future__ import annotations

import json
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from newsledger import commands
from newsledger.ledger import article_key

LOPEZ = 'Foreign Minister Ana Lopez said that the talks had ended.\n\n"We will sign next year," she added.\n'
CAVUSOGLU = (
    "Turkey bought the S-400 from Russia in 2019, Foreign Minister Mevlut Cavusoglu said on Tuesday.\n\n"
    '"We tested the S-400 in Ankara last week," Cavusoglu told reporters.\n'
)
HOSTILE = (
    "Secretary of State Mike Pompeo warned that <script>alert(1)</script> sanctions would follow.\n\n"
    "<img src=x onerror=alert(1)> was posted on the embassy's page.\n"
)
# 23 statements by one speaker, for paging (20 a page).
BRIEFING = "\n\n".join(f'"Point {n} stands," Ana Lopez said.' for n in range(1, 24)) + "\n"

ARTICLES = [
    {"id": "talks", "title": "Talks end", "published": "2019-11-20", "text": LOPEZ},
    {"id": "s400", "title": "Turkey tests the S-400", "published": "2019-11-28", "text": CAVUSOGLU},
    {"id": "hostile", "title": "<script>alert('title')</script>", "published": "2019-12-02", "text": HOSTILE},
    {"id": "briefing", "title": "Briefing", "published": "2019-12-05", "text": BRIEFING},
]
KEYS = {a["id"]: article_key(a["text"]) for a in ARTICLES}


def form_token(client) -> str:
    """The ingest form's token, as its page gives it to a browser."""
    page = client.get("/ingest")
    return re.search(r'<input type="hidden" name="token" value="([^"]+)">', page.text).group(1)


@pytest.fixture(scope="session")
def built_ledger(tmp_path_factory, nlp) -> Path:
    folder = tmp_path_factory.mktemp("web-ledger")
    source = folder / "articles.jsonl"
    source.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    db = folder / "built.db"
    result = commands.ingest([str(source)], db=str(db))
    assert (result.added, result.problems) == (len(ARTICLES), [])
    return db


@pytest.fixture(scope="module")
def ledger_copy(built_ledger, tmp_path_factory) -> Path:
    """A copy of the built ledger for one module, so what one module writes no other sees."""
    db = tmp_path_factory.mktemp("web") / "ledger.db"
    shutil.copyfile(built_ledger, db)
    return db


@contextmanager
def served(app) -> Iterator[int]:
    """Serve ``app`` with uvicorn on a free loopback port, in a thread; yield the port."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start in 10 s"
        time.sleep(0.02)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(timeout=10)
