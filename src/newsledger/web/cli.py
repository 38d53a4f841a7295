"""``newsledger serve``: the web app over a ledger, on this machine only unless told otherwise."""

from __future__ import annotations

import json
import os
import re
import secrets
from pathlib import Path

import click

from newsledger.settings import DEFAULT_DB


def _host_names(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    from newsledger.web.guards import split_host

    for value in values:
        name = split_host(value.strip().lower())[0]
        if not name or not _HOST_NAME.match(name):
            raise click.BadParameter(f"{value!r} is not a host name; give a name such as news.example.org or news.example.org:8080")
    return values


_HOST_NAME = re.compile(r"^(\[[0-9a-f:.]+\]|[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?)$")  # a DNS name, an IPv4 or a bracketed IPv6 address


@click.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite ledger file (read-only, except what the ingest page adds).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on; 0.0.0.0 lets other machines reach it.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="Server processes (each page is CPU work; use up to one per core).")
@click.option(
    "--allow-host", "allow_hosts", multiple=True, callback=_host_names, metavar="NAME",
    help="Also answer to this host name (repeatable), e.g. the machine's name on the network; "
    "requests naming any other host than the address served on are refused.",
)
def serve(db: str, host: str, port: int, workers: int, allow_hosts: tuple[str, ...]) -> None:
    """Browse the ledger in a web browser: search statements, speakers' timelines, highlighted articles."""
    from newsledger.commands import check_output_file
    from newsledger.errors import NewsledgerError

    if not Path(db).is_file():
        try:
            check_output_file(db, "--db")  # the ingest page makes the ledger there
        except NewsledgerError as err:
            click.echo(f"error: {err}", err=True)
            raise SystemExit(2) from None

    import uvicorn

    from newsledger.web import create_app

    if not Path(db).exists():
        click.echo(f"note: no ledger at {db} yet; add articles on the ingest page or with: newsledger ingest PATH --db {db}", err=True)
    click.echo(f"Serving {db} at http://{host}:{port}/ (Ctrl+C to stop)", err=True)
    if workers == 1:
        uvicorn.run(create_app(db, allowed_hosts=allow_hosts), host=host, port=port, log_level="warning")
        return
    # Several processes need the app by import path; each builds it for the ledger named here, and
    # all sign the ingest form with one key, so a form from one is taken by another.
    os.environ[DB_VARIABLE] = str(Path(db).resolve())
    os.environ[HOSTS_VARIABLE] = json.dumps(list(allow_hosts))
    os.environ[KEY_VARIABLE] = secrets.token_hex(32)
    uvicorn.run(f"{__name__}:app_from_environment", factory=True, workers=workers, host=host, port=port, log_level="warning")


DB_VARIABLE = "NEWSLEDGER_SERVE_DB"
HOSTS_VARIABLE = "NEWSLEDGER_SERVE_ALLOW_HOSTS"
KEY_VARIABLE = "NEWSLEDGER_SERVE_FORM_KEY"


def app_from_environment():
    """The app for one of several server processes (``serve --workers N``)."""
    from newsledger.web import create_app

    return create_app(
        os.environ[DB_VARIABLE],
        allowed_hosts=json.loads(os.environ.get(HOSTS_VARIABLE, "[]")),
        form_key=bytes.fromhex(os.environ[KEY_VARIABLE]) if KEY_VARIABLE in os.environ else None,
    )
