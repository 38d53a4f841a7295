"""The web app's assembly: routes, templates (autoescaped), static files, and the security headers."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote, urlencode

import jinja2
from starlette.applications import Starlette
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsledger.ledger import StoredStatement
from newsledger.web import lists, routes
from newsledger.web.guards import CrossSiteGuard, FormTokens, HostGuard

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

# Article text is hostile: even if something slipped through escaping, the browser runs no inline
# script, loads nothing from elsewhere and submits forms only here. No page address leaves for
# another site; within the app the referrer policy is "same-origin", not "no-referrer", because
# under "no-referrer" browsers send the app's own form with `Origin: null`, which is what a
# sandboxed page of another site sends too, and which the cross-site check refuses.
SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
]


MAX_UPLOAD_BYTES = 5_000_000
MAX_UPLOAD_ARTICLES = 1_000  # articles (good or bad) one upload may add; the rest is for `newsledger ingest`
BODY_SECONDS = 60.0  # the whole body of a form must arrive in this time


def create_app(
    db: str | os.PathLike[str],
    *,
    max_upload_bytes: int = MAX_UPLOAD_BYTES,
    max_upload_articles: int = MAX_UPLOAD_ARTICLES,
    body_seconds: float = BODY_SECONDS,
    allowed_hosts: tuple[str, ...] | list[str] = (),
    form_key: bytes | None = None,
) -> Starlette:
    """The web app over the ledger at ``db``, which it opens read-only for each page and for
    writing only while the ingest page stores an article.

    Uploads over ``max_upload_bytes``, or whose body takes longer than ``body_seconds`` to
    arrive, are refused; one upload adds at most ``max_upload_articles`` articles. The app answers
    only to the address it is served on and to ``allowed_hosts``; ``form_key`` signs the ingest
    form's tokens (a random key per process unless given).
    """
    app = SecuredStarlette(
        routes=[
            Route("/", routes.search, methods=["GET"], name="search"),
            Route("/entities", lists.entities, methods=["GET"], name="entities"),
            Route("/entities.{fmt}", lists.entities, methods=["GET"], name="entities_download"),
            Route("/events", lists.events, methods=["GET"], name="events"),
            Route("/events.{fmt}", lists.events, methods=["GET"], name="events_download"),
            Route("/transfers", lists.transfers, methods=["GET"], name="transfers"),
            Route("/transfers.{fmt}", lists.transfers, methods=["GET"], name="transfers_download"),
            Route("/articles", lists.articles, methods=["GET"], name="articles"),
            Route("/articles.{fmt}", lists.articles, methods=["GET"], name="articles_download"),
            Route("/entity/{entity_id:path}", routes.entity, methods=["GET"], name="entity"),
            Route("/article/{key}", routes.article, methods=["GET"], name="article"),
            Route("/ingest", routes.ingest_form, methods=["GET"], name="ingest"),
            Route("/ingest", routes.ingest_submit, methods=["POST"], name="ingest_submit"),
            Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
        ],
    )
    app.state.db = os.fspath(db)
    app.state.max_upload_bytes = max_upload_bytes
    app.state.max_upload_articles = max_upload_articles
    app.state.body_seconds = body_seconds
    app.state.form_tokens = FormTokens(form_key)
    app.state.templates = _templates()
    app.add_middleware(CrossSiteGuard)
    app.add_middleware(HostGuard, allowed_hosts=tuple(allowed_hosts))  # outermost: checked first
    return app


class SecuredStarlette(Starlette):
    """Starlette with ``SecurityHeaders`` around everything, its 500 page included (Starlette
    sends that from outside every middleware it is given)."""

    def build_middleware_stack(self) -> ASGIApp:
        return SecurityHeaders(super().build_middleware_stack())


def _templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # every template, whatever its extension
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(entity_url=entity_url, article_url=article_url, speaker_of=speaker_of, query_url=query_url)
    env.filters["thousands"] = lambda n: f"{n:,}"
    return env


def entity_url(entity_id: str) -> str:
    return "/entity/" + quote(entity_id, safe=":")


def article_url(key: str, anchor: str | None = None) -> str:
    return f"/article/{quote(key, safe='')}" + (f"#{quote(anchor, safe='')}" if anchor else "")


def query_url(path: str, **params: object) -> str:
    """``path`` with the non-empty ``params`` as its query string."""
    kept = {name: value for name, value in params.items() if value not in (None, "")}
    return path + ("?" + urlencode(kept) if kept else "")


def speaker_of(row: StoredStatement) -> tuple[str, str | None, str | None]:
    """(name, link, as written) for a statement's speaker: the entity page when the ledger
    resolved the speaker to an entity, else a search for the name."""
    s = row.statement
    written = s.speaker.text if s.speaker else None
    name = s.speaker_name
    if name is None:
        return "unknown speaker", None, None
    link = entity_url(row.speaker_id) if row.speaker_id else query_url("/", speaker=name)
    return name, link, written if written and written != name else None


class SecurityHeaders:
    """Adds ``SECURITY_HEADERS`` to every response."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)
