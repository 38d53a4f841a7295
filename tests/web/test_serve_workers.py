"""`newsledger serve --workers N`: several server processes over one ledger, all answering."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

pytestmark = pytest.mark.slow  # server processes, each loading the pipeline


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("workers", [1, 2])
def test_serve_answers_from_each_of_its_workers(built_ledger, workers):
    port = free_port()
    command = [str(Path(sys.executable).with_name("newsledger")), "serve", "--db", str(built_ledger), "--port", str(port), "--workers", str(workers)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline, pages = time.monotonic() + 60, []
        while not pages:
            assert server.poll() is None, server.stderr.read().decode()
            assert time.monotonic() < deadline, "newsledger serve did not answer in 60 s"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/?q=sanctions", timeout=5) as page:
                    pages.append(page.read().decode())
            except OSError:
                time.sleep(0.2)
        for _ in range(10):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/entities", timeout=10) as page:
                assert page.status == 200 and "<html" in page.read().decode().lower()
        serving = [p for p in psutil.Process(server.pid).children(recursive=True) if "spawn_main" in " ".join(p.cmdline())]
        assert len(serving) == (workers if workers > 1 else 0)
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.communicate()
