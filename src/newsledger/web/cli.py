"""``newsledger serve``: the web app over a ledger, on this machine only unless told otherwise."""

from __future__ import annotations

import os
from pathlib import Path

import click

from newsledger.commands import DEFAULT_DB


@click.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite ledger file (read-only, except what the ingest page adds).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on; 0.0.0.0 lets other machines reach it.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="Server processes (each page is CPU work; use up to one per core).")
def serve(db: str, host: str, port: int, workers: int) -> None:
    """Browse the ledger in a web browser: search statements, speakers' timelines, highlighted articles."""
    import uvicorn

    from newsledger.web import create_app

    if not Path(db).exists():
        click.echo(f"note: no ledger at {db} yet; add articles on the ingest page or with: newsledger ingest PATH --db {db}", err=True)
    click.echo(f"Serving {db} at http://{host}:{port}/ (Ctrl+C to stop)", err=True)
    if workers == 1:
        uvicorn.run(create_app(db), host=host, port=port, log_level="warning")
        return
    # Several processes need the app by import path; each builds it for the ledger named here.
    os.environ[DB_VARIABLE] = str(Path(db).resolve())
    uvicorn.run(f"{__name__}:app_from_environment", factory=True, workers=workers, host=host, port=port, log_level="warning")


DB_VARIABLE = "NEWSLEDGER_SERVE_DB"


def app_from_environment():
    """The app for one of several server processes (``serve --workers N``)."""
    from newsledger.web import create_app

    return create_app(os.environ[DB_VARIABLE])
