"""``newsledger serve``: the web app over a ledger, on this machine only unless told otherwise."""

from __future__ import annotations

from pathlib import Path

import click

from newsledger.commands import DEFAULT_DB


@click.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite ledger file (read-only, except what the ingest page adds).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on; 0.0.0.0 lets other machines reach it.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
def serve(db: str, host: str, port: int) -> None:
    """Browse the ledger in a web browser: search statements, speakers' timelines, highlighted articles."""
    import uvicorn

    from newsledger.web import create_app

    if not Path(db).exists():
        click.echo(f"note: no ledger at {db} yet; add articles on the ingest page or with: newsledger ingest PATH --db {db}", err=True)
    click.echo(f"Serving {db} at http://{host}:{port}/ (Ctrl+C to stop)", err=True)
    uvicorn.run(create_app(db), host=host, port=port, log_level="warning")
