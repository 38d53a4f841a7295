"""The web app's pages. Each opens the ledger read-only for the request, except the ingest form's
POST, which opens it for writing while it stores what was submitted."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import anyio
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.types import Message, Receive

from newsledger.errors import InputError, NewsledgerError, StoreError
from newsledger.dates import check_published
from newsledger.ledger import Ledger, StoredEvent, browse
from newsledger.records import MODALITIES
from newsledger.web import timeline, upload
from newsledger.web.markup import highlight, record_layers

PAGE_SIZE = 20
ENTITY_STATEMENTS = 500  # the most statements an entity page lists; the search page pages through the rest
ENTITY_EVENTS = 500  # the most events an entity page charts and lists, oldest first; the CLI's timeline gives all
# Matches counted for the search page: beyond it the page says "10,000+" and pages through the first
# 10,000, so that a page costs the same in any ledger (narrow the search to reach the rest).
COUNTED = 10_000
FORM_ROOM = 64 * 1024  # what a form's fields and multipart framing may add to an upload
DRAIN_FACTOR = 8  # read and drop up to this many times the limit, so the browser sees the 413 page
_KEY = re.compile(r"[0-9a-f]{64}")
INGESTED = {"new": "Added to the ledger.", "duplicate": "This article was already in the ledger; nothing was added."}
BAD_TOKEN = (
    "This form is out of date or did not come from this app's page (its security token is missing or wrong, "
    "as after the server restarts); send it again from this page."
)


class LedgerUnavailable(Exception):
    """The ledger cannot be opened for reading: missing, empty, or not a newsledger database."""

    def __init__(self, db: str, message: str, missing: bool):
        super().__init__(message)
        self.db = db
        self.missing = missing


@contextmanager
def read_ledger(request: Request) -> Iterator[Ledger]:
    """The ledger, open read-only for one request. A ledger that cannot be opened, or that turns out
    to be damaged while a page reads it, is LedgerUnavailable: the page says so (503), never a 500."""
    db = request.app.state.db
    try:
        ledger = Ledger.open(db, readonly=True)
    except StoreError as err:
        missing = not Path(db).exists() or Path(db).stat().st_size == 0 or "is empty" in str(err)
        raise LedgerUnavailable(db, str(err), missing) from err
    with ledger:
        try:
            yield ledger
        except StoreError as err:
            raise LedgerUnavailable(db, str(err), missing=False) from err


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    template = request.app.state.templates.get_template(name)
    context.setdefault("db", request.app.state.db)
    return HTMLResponse(template.render(request=request, **context), status_code=status_code)


def unavailable(request: Request, err: LedgerUnavailable) -> HTMLResponse:
    return render(request, "no_ledger.html", 503, title="No ledger", error=str(err), missing=err.missing)


# Search


def search(request: Request) -> Response:
    params = request.query_params
    filters = {name: params.get(name, "").strip() for name in ("q", "speaker", "entity", "since", "until")}
    errors = [message for message in (_date_problem(filters["since"], "since"), _date_problem(filters["until"], "until")) if message]
    page = _page_number(params.get("page"))
    rows: list = []
    total = 0
    try:
        with read_ledger(request) as ledger:
            counts = ledger.counts()
            undated_ledger = counts["articles"] > 0 and browse.count_undated_articles(browse.connection(ledger)) == counts["articles"]
            if not errors:
                query = {
                    "speaker": filters["speaker"] or None,
                    "text": filters["q"] or None,
                    "entity": filters["entity"] or None,
                    "since": filters["since"] or None,
                    "until": filters["until"] or None,
                }
                try:
                    total = ledger.count_statements(**query, at_most=COUNTED + 1)
                    # A page past the last shows the last: a page number too large for SQLite's OFFSET was a 500.
                    page = min(page, max(1, -(-min(total, COUNTED) // PAGE_SIZE)))
                    rows = ledger.statements(**query, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
                except NewsledgerError as err:  # a bad full-text query or date, or a damaged ledger
                    errors.append(str(err))
    except LedgerUnavailable as err:
        return unavailable(request, err)
    pages = max(1, -(-min(total, COUNTED) // PAGE_SIZE))
    return render(
        request,
        "search.html",
        400 if errors else 200,
        title="Statements",
        filters=filters,
        errors=errors,
        rows=rows,
        total=total,
        total_text=f"{COUNTED:,}+" if total > COUNTED else f"{total:,}",
        page=page,
        pages=pages,
        first=(page - 1) * PAGE_SIZE + 1,
        counts=counts,
        undated_ledger=undated_ledger,
    )


def _page_number(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


def _date_problem(value: str, name: str) -> str | None:
    """The ledger's own check: date.fromisoformat alone would pass 20191128 or 2019-W47-1, which the query refuses."""
    if not value:
        return None
    try:
        check_published(value, name)
    except InputError as err:
        return str(err)
    return None


# Entities


def entity(request: Request) -> Response:
    entity_id = request.path_params["entity_id"]
    try:
        with read_ledger(request) as ledger:
            found = ledger.entity(entity_id)
            if found is None:
                return render(
                    request, "not_found.html", 404, title="Not found",
                    message=f"No entity with id {entity_id!r} in the ledger.", entity_search=entity_id,
                )
            if found.id != entity_id:
                # An alias (`/entity/gov:USA`, an older government id): one page per entity, at its own id.
                return RedirectResponse("/entity/" + quote(found.id, safe=":"), status_code=301)
            said = ledger.entity_statements(found.id, limit=ENTITY_STATEMENTS + 1)
            events = ledger.timeline(found.id, limit=ENTITY_EVENTS + 1)
    except LedgerUnavailable as err:
        return unavailable(request, err)
    rows = [_event_row(stored) for stored in events[:ENTITY_EVENTS]]
    return render(
        request,
        "entity.html",
        title=found.name,
        entity=found,
        said=said[:ENTITY_STATEMENTS],
        more_said=len(said) > ENTITY_STATEMENTS,
        events=rows,
        more_events=len(events) > ENTITY_EVENTS,
        chart=timeline.place(rows),
        modalities=MODALITIES,
        roles=entity_roles(found.type, found.titles),
        undated=bool(rows) and all(row["when"] is None for row in rows),
    )


def entity_roles(kind: str, titles: tuple[tuple[str | None, str | None, str | None], ...]) -> tuple[str, list[tuple[str, list[str]]]]:
    """The heading and the lines under it for what the ledger knows an entity to be: a person's
    titles, each once (``spokesman, Kremlin`` seen on two dates is one line with both dates; a bare
    ``President`` is dropped beside ``President, Ukraine``); a weapon's country of origin (stored
    where a person's affiliation is), never under "Titles"; an organisation's country or parent."""
    heading = "Origin" if kind == "weapon_system" else "Titles" if any(title for title, _, _ in titles) else "Part of"
    dates: dict[tuple[str, str], list[str]] = {}
    for title, affiliation, as_of in titles:
        if kind == "weapon_system":
            title = None  # a system has no title; what it carries is where it comes from
        key = (title or "", affiliation or "")
        if key == ("", ""):
            continue
        found = dates.setdefault(key, [])
        if as_of and as_of not in found:
            found.append(as_of)
    lines = []
    for (title, affiliation), seen in dates.items():
        if not affiliation and any(t == title and a for t, a in dates):
            continue  # the same title with its affiliation is listed
        if title and affiliation and not seen and any(t == title and a == affiliation and s for (t, a), s in dates.items()):
            continue
        text = ", ".join(part for part in (title, affiliation) if part)
        lines.append((text, sorted(seen)))
    return heading, lines


def _event_row(stored: StoredEvent) -> dict[str, Any]:
    """One event for the chart and the table under it: when, what, and where its evidence is."""
    event = stored.event
    value = event.time.value if event.time else None
    when = timeline.value_date(value)
    if when is not None:
        when_text = value
    else:
        when = timeline.published_date(stored.article_published)
        when_text = f"published {stored.article_published}" if when else "undated"
    return {
        "when": when,
        "when_text": when_text,
        "time_text": event.time.text if event.time else None,
        "modality": event.modality,
        "summary": event.summary(),
        "type": event.type,
        "subtype": event.subtype,
        "evidence": event.evidence.text,
        "article_key": stored.article_key,
        "article_title": stored.article_title or stored.article_id,
        "event_id": event.id,
    }


# Articles


def article(request: Request) -> Response:
    key = request.path_params["key"]
    try:
        with read_ledger(request) as ledger:
            # None when no article has this key; a stored record that cannot be read is damage (503)
            record = ledger.article_record(key) if _KEY.fullmatch(key) else None
    except LedgerUnavailable as err:
        return unavailable(request, err)
    if record is None:
        return render(request, "not_found.html", 404, title="Not found", message="No article with this key in the ledger.", entity_search=None)
    notice = INGESTED.get(request.query_params.get("ingested", ""))
    return render(
        request,
        "article.html",
        title=record.article.title or record.article.id,
        record=record,
        key=key,
        text=highlight(record.article.text, record_layers(record)),
        notice=notice,
    )


# Ingest


def ingest_form(request: Request) -> Response:
    return _ingest_page(request)


def _ingest_page(request: Request, status_code: int = 200, headers: dict[str, str] | None = None, **context: Any) -> HTMLResponse:
    context.setdefault("errors", [])
    context.setdefault("values", {"title": "", "published": "", "text": ""})
    context.setdefault("stored", [])
    limit = request.app.state.max_upload_bytes
    token = request.app.state.form_tokens.issue()
    response = render(
        request, "ingest.html", status_code, title="Add articles", limit=limit, limit_text=_size(limit), token=token,
        max_articles=request.app.state.max_upload_articles, **context,
    )
    response.headers.update(headers or {})
    return response


async def ingest_submit(request: Request) -> Response:
    limit = request.app.state.max_upload_bytes
    try:
        with anyio.fail_after(request.app.state.body_seconds):
            body = await _read_body(request, limit + FORM_ROOM)
    except TimeoutError:
        return _too_slow(request)
    except ClientDisconnect:
        return Response(status_code=400)  # no one is left to read it
    if body is None:
        return _too_large(request)
    replayed = Request(request.scope, _replay(body))
    async with replayed.form(max_files=1, max_fields=10, max_part_size=limit + FORM_ROOM) as form:
        token = str(form.get("token") or "")
        text = str(form.get("text") or "")
        title = str(form.get("title") or "").strip()
        published = str(form.get("published") or "").strip()
        uploaded = form.get("file")
        has_file = uploaded is not None and not isinstance(uploaded, str) and bool(uploaded.filename)
        data = await uploaded.read() if has_file else b""
        name = uploaded.filename if has_file else ""
    values = {"title": title, "published": published, "text": text}
    if not request.app.state.form_tokens.valid(token):
        return _ingest_page(request, 403, errors=[BAD_TOKEN], values=values)
    if len(data) > limit or len(text.encode("utf-8")) > limit:
        return _too_large(request)
    if not has_file and not text.strip():
        return _ingest_page(request, 400, errors=["Paste an article's text or choose a file to upload."], values=values)
    try:
        # Reading (trafilatura for HTML) and extraction are CPU work: off the event loop, and
        # stopped between articles if the client goes away.
        stored = await _in_thread_until_disconnected(
            request.receive, upload.add_submission, request.app.state.db, text=text, title=title, published=published,
            file_name=name if has_file else None, file_data=data, max_articles=request.app.state.max_upload_articles,
        )
    except NewsledgerError as err:
        return _ingest_page(request, 400, errors=[str(err)], values=values)
    errors = [problem.message for problem in stored.problems]
    if len(stored.keys) == 1 and not errors:
        how = "new" if stored.added else "duplicate"
        return RedirectResponse(f"/article/{stored.keys[0]}?ingested={how}", status_code=303)
    if not stored.keys:
        return _ingest_page(request, 400, errors=errors, values=values)
    return _ingest_page(request, errors=errors, stored=_stored_list(request, stored))


async def _in_thread_until_disconnected(receive: Receive, work: Callable[..., upload.Added], *args: Any, **kwargs: Any) -> upload.Added:
    """``work(*args, stop=event, **kwargs)`` in a worker thread; the event is set if the client
    disconnects meanwhile (the body has been read, so the next message is the disconnect)."""
    stop = threading.Event()

    async def watch() -> None:
        while (await receive())["type"] != "http.disconnect":
            pass
        stop.set()

    failure: Exception | None = None
    async with anyio.create_task_group() as group:
        group.start_soon(watch)
        try:
            result = await run_in_threadpool(work, *args, stop=stop, **kwargs)
        except Exception as err:  # raised as itself below, not wrapped in the task group's ExceptionGroup
            failure = err
        group.cancel_scope.cancel()
    if failure is not None:
        raise failure
    return result


def _stored_list(request: Request, stored: upload.Added) -> list[dict[str, Any]]:
    listed = []
    with read_ledger(request) as ledger:
        for key in stored.keys:
            record = ledger.get_record(key)
            title = record.article.title or record.article.id
            listed.append({"key": key, "title": title, "new": key in stored.added, "statements": len(record.statements)})
    return listed


def _too_large(request: Request) -> HTMLResponse:
    limit = request.app.state.max_upload_bytes
    message = (
        f"The upload is too large: the limit is {_size(limit)} ({limit:,} bytes). "
        f"Split it into smaller files, or add it from the command line: newsledger ingest FILE --db {request.app.state.db}"
    )
    return _ingest_page(request, 413, errors=[message])


def _too_slow(request: Request) -> HTMLResponse:
    seconds = request.app.state.body_seconds
    message = (
        f"The upload did not arrive within {seconds:g} seconds, so it was dropped. "
        f"Send it again, or add it from the command line: newsledger ingest FILE --db {request.app.state.db}"
    )
    # The rest of the body may still be coming: the connection is closed rather than read on.
    return _ingest_page(request, 408, headers={"connection": "close"}, errors=[message])


async def _read_body(request: Request, limit: int) -> bytes | None:
    """The request body, or None once it passes ``limit`` bytes (the rest is read and dropped, up to a point)."""
    chunks: list[bytes] = []
    size = 0
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit * DRAIN_FACTOR:
        return None
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            chunks = []
            if size > limit * DRAIN_FACTOR:
                return None
            continue
        chunks.append(chunk)
    return None if size > limit else b"".join(chunks)


def _replay(body: bytes):
    """A receive() that hands the form parser the body already read."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


def _size(n: int) -> str:
    for unit, factor in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if n >= factor:
            return f"{n / factor:g} {unit}"
    return f"{n} bytes"
