"""The list pages: events, arms transfers, articles and entities, each with facets (values and their
counts), sorting, paging, and a CSV or JSON download of exactly the filtered view
(``/events.csv?...`` takes the page's own parameters)."""

from __future__ import annotations

import csv
import io
import json
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from newsledger.errors import InputError, NewsledgerError
from newsledger.events.transfers import STATUS_ORDER, build_transfers
from newsledger.ledger import Ledger, article_key
from newsledger.ledger import browse
from newsledger.records import MODALITIES, Transfer
from newsledger.rows import event_row, transfer_row
from newsledger.web import timeline
from newsledger.web.routes import LedgerUnavailable, _event_row, _page_number, read_ledger, render, unavailable

PAGE_SIZE = 50
FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


@dataclass(frozen=True)
class Paging:
    page: int
    pages: int
    total: int
    first: int  # 1-based number of the first row shown
    shown: int

    @classmethod
    def of(cls, request: Request, total: int, size: int = PAGE_SIZE) -> Paging:
        pages = max(1, -(-total // size))
        page = min(_page_number(request.query_params.get("page")), pages)  # past the last page: the last
        return cls(page, pages, total, (page - 1) * size + 1, 0)

    @property
    def offset(self) -> int:
        return (self.page - 1) * PAGE_SIZE

    def showing(self, shown: int) -> Paging:
        return Paging(self.page, self.pages, self.total, self.first, shown)


def _params(request: Request, names: Iterable[str]) -> dict[str, str]:
    return {name: request.query_params.get(name, "").strip() for name in names}


def _sort(request: Request, sorts: dict[str, str], default: str) -> str:
    sort = request.query_params.get("sort", "")
    return sort if sort in sorts else default


def _download(rows: list[dict[str, Any]], columns: list[str], fmt: str, name: str) -> Response:
    """The rows as a CSV file (one column per name; lists joined with '; ') or as a JSON array."""
    headers = {"content-disposition": f'attachment; filename="{name}.{fmt}"'}
    if fmt == "json":
        return Response(json.dumps(rows, ensure_ascii=False, indent=1), media_type=FORMATS["json"], headers=headers)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])
    return Response(out.getvalue(), media_type=FORMATS["csv"], headers=headers)


def _cell(value: Any) -> str:
    """One CSV cell. Article text is hostile: a cell a spreadsheet would run as a formula
    (``=``, ``+``, ``-``, ``@``, a tab or a carriage return first) is quoted with a leading ``'``."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    text = str(value)
    if text and text[0] in "=+-@\t\r" and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _format(request: Request) -> str | None:
    fmt = request.path_params.get("fmt")
    return fmt if fmt in FORMATS else None


# Events

EVENT_FIELDS = ("type", "actor", "recipient", "item", "entity", "modality", "outlet", "since", "until", "year")
EVENT_COLUMNS = [
    "date", "type", "subtype", "modality", "actors", "recipients", "item", "quantity", "location", "time_text",
    "evidence", "article", "article_title", "article_published", "article_url", "event_id",
]
# The download's columns that are the events table's under another name (the rest keep theirs).
EVENT_DOWNLOAD_NAMES = {
    "actors": "actor_names", "recipients": "recipient_names", "item": "item_name", "quantity": "item_quantity",
    "location": "location_name", "evidence": "evidence_text", "article": "article_id",
}



def events(request: Request) -> Response:
    fmt = request.path_params.get("fmt")
    filters = _params(request, EVENT_FIELDS)
    sort = _sort(request, browse.EVENT_SORTS, "date")
    query = browse.EventFilter(**{name: value or None for name, value in filters.items()})
    context: dict[str, Any] = dict(
        title="Events", filters=filters, sort=sort, sorts=list(browse.EVENT_SORTS), modalities=MODALITIES,
        rows=[], facets={}, chart=None, paging=Paging(1, 1, 0, 1, 0), errors=[], undated=0, undated_ledger=False,
        facet_names={"type": "Type", "modality": "Modality", "actor": "Actor", "recipient": "Recipient",
                     "item": "Weapon or item", "outlet": "Outlet", "year": "Year"},
    )
    try:
        with read_ledger(request) as ledger:
            conn = browse.connection(ledger)
            try:
                if fmt is not None:
                    if fmt not in FORMATS:
                        return Response(status_code=404)
                    keys = browse.event_keys(conn, query, sort)
                    return _stream_events(request.app.state.db, keys, fmt, str(request.base_url))
                total = browse.count_events(conn, query)
                paging = Paging.of(request, total)
                found = browse.events(conn, query, sort, limit=PAGE_SIZE, offset=paging.offset)
                facets = browse.event_facets(conn, query)
                dates = browse.event_dates(conn, query)
                undated_ledger = browse.count_undated_articles(conn) == browse.count_articles(conn)
            except InputError as err:  # a bad date
                return render(request, "events.html", 400, **{**context, "errors": [str(err)]})
    except LedgerUnavailable as err:
        return unavailable(request, err)
    chart = timeline.overview(dates)
    context.update(
        rows=[_event_row(stored) for stored in found], facets=facets, chart=chart, paging=paging.showing(len(found)),
        undated=sum(count for value, count in dates if timeline.value_date(value) is None), undated_ledger=undated_ledger,
    )
    return render(request, "events.html", **context)


DOWNLOAD_CHUNK = 500  # events read, and written out, at a time


def _stream_events(db: str, keys: list[tuple[str, str]], fmt: str, base: str) -> StreamingResponse:
    """The events under ``keys`` as a CSV or JSON file, read from the ledger and sent a few hundred
    at a time, so that a download of every event neither waits for all of them nor holds them all."""

    def chunks() -> Iterator[list[dict[str, Any]]]:
        with Ledger.open(db, readonly=True) as ledger:
            conn = browse.connection(ledger)
            for start in range(0, len(keys), DOWNLOAD_CHUNK):
                yield [_event_export(stored, base) for stored in browse.events_by_key(conn, keys[start : start + DOWNLOAD_CHUNK])]

    def body() -> Iterator[str]:
        if fmt == "json":
            yield "["
            first = True
            for rows in chunks():
                for row in rows:
                    yield ("\n" if first else ",\n") + json.dumps(row, ensure_ascii=False)
                    first = False
            yield "\n]\n"
            return
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(EVENT_COLUMNS)
        for rows in chunks():
            for row in rows:
                writer.writerow([_cell(row.get(column)) for column in EVENT_COLUMNS])
            yield out.getvalue()
            out.seek(0)
            out.truncate()
        yield out.getvalue()

    headers = {"content-disposition": f'attachment; filename="events.{fmt}"'}
    return StreamingResponse(body(), media_type=FORMATS[fmt], headers=headers)


def _event_export(stored, base: str) -> dict[str, Any]:
    """One row of the events download: the events table's row (``rows.event_row``), with the date
    the page places the event at, the article's title and a link to the event in its article."""
    row = {
        **event_row(stored.article_key, stored.article_id, stored.article_published, stored.event),
        "date": _event_row(stored)["when"],
        "article_title": stored.article_title,
        "article_url": f"{base}article/{stored.article_key}#{stored.event.id}",
    }
    row["date"] = row["date"].isoformat() if row["date"] else None
    return {column: row[EVENT_DOWNLOAD_NAMES.get(column, column)] for column in EVENT_COLUMNS}


# Transfers

TRANSFER_FIELDS = ("supplier", "recipient", "system", "status", "year")
TRANSFER_SORTS: dict[str, Callable[[Transfer], Any]] = {
    "recipient": lambda t: (t.recipient.name, t.item.name, t.supplier.name if t.supplier else ""),
    "supplier": lambda t: (t.supplier is None, t.supplier.name if t.supplier else "", t.recipient.name, t.item.name),
    "system": lambda t: (t.item.name, t.recipient.name),
    "quantity": lambda t: (t.quantity is None, -(t.quantity or 0), t.recipient.name),
    "status": lambda t: (STATUS_ORDER.index(t.status) if t.status in STATUS_ORDER else len(STATUS_ORDER), t.recipient.name),
    "year": lambda t: (_first_year(t) is None, _first_year(t) or 0, t.recipient.name),
    "evidence": lambda t: (-len(t.evidence), t.recipient.name),
}
TRANSFER_COLUMNS = [
    "supplier", "recipient", "designation", "category", "status", "follow_on", "order_year", "delivery_years",
    "quantity", "evidence_count", "evidence",
]

# The download's columns that are the transfers table's under another name (the rest keep theirs).
TRANSFER_DOWNLOAD_NAMES = {"supplier": "supplier_name", "recipient": "recipient_name"}


def _first_year(t: Transfer) -> int | None:
    years = [y for y in (t.order_year, *t.delivery_years) if y]
    return min(years) if years else None


@dataclass(frozen=True)
class _Built:
    stamp: tuple[int, ...]
    transfers: list[Transfer]
    keys: dict[str, str]  # article id -> key, for the evidence links


_built: dict[str, _Built] = {}
_building = threading.Lock()


def ledger_transfers(ledger: Ledger, db: str) -> _Built:
    """The ledger's transfer register, rebuilt from its records (near-duplicates once, as
    ``newsledger transfers`` does) only when the file has changed since the last time."""
    stamp = browse.ledger_stamp(browse.connection(ledger))
    with _building:
        cached = _built.get(db)
        if cached is not None and cached.stamp == stamp:
            return cached
        records = ledger.distinct_records()
        built = _Built(stamp, build_transfers(records), {r.article.id: article_key(r.article.text) for r in records})
        _built[db] = built
        return built


def transfers(request: Request) -> Response:
    fmt = request.path_params.get("fmt")
    filters = _params(request, TRANSFER_FIELDS)
    sort = _sort(request, TRANSFER_SORTS, "recipient")
    descending = request.query_params.get("order") == "desc"
    try:
        with read_ledger(request) as ledger:
            built = ledger_transfers(ledger, request.app.state.db)
    except LedgerUnavailable as err:
        return unavailable(request, err)
    everything = built.transfers
    chosen = [t for t in everything if _transfer_matches(t, filters)]
    chosen.sort(key=TRANSFER_SORTS[sort], reverse=descending)
    if fmt is not None:
        if fmt not in FORMATS:
            return Response(status_code=404)
        return _download([_transfer_export(t, built.keys, request) for t in chosen], TRANSFER_COLUMNS, fmt, "transfers")
    paging = Paging.of(request, len(chosen))
    shown = chosen[paging.offset : paging.offset + PAGE_SIZE]
    facets = _transfer_facets(chosen)
    return render(
        request, "transfers.html", title="Arms transfers", filters=filters, sort=sort, descending=descending,
        sorts=list(TRANSFER_SORTS), rows=[_transfer_row(t, built.keys) for t in shown], facets=facets,
        paging=paging.showing(len(shown)), register_size=len(everything), errors=[],
        facet_names={"supplier": "Supplier", "recipient": "Recipient", "system": "System", "status": "Status", "year": "Year"},
    )


def _transfer_matches(t: Transfer, f: dict[str, str]) -> bool:
    if f["supplier"] and (t.supplier is None or f["supplier"] not in (t.supplier.id, t.supplier.name)):
        return False
    if f["recipient"] and f["recipient"] not in (t.recipient.id, t.recipient.name):
        return False
    if f["system"] and f["system"] not in (t.item.id, t.item.name):
        return False
    if f["status"] and f["status"] != t.status:
        return False
    if f["year"] and f["year"] not in {str(y) for y in (t.order_year, *t.delivery_years) if y}:
        return False
    return True


def _transfer_facets(chosen: list[Transfer]) -> dict[str, list[browse.FacetValue]]:
    counts: dict[str, dict[tuple[str, str], int]] = {name: {} for name in TRANSFER_FIELDS}

    def add(name: str, value: str, label: str) -> None:
        counts[name][(value, label)] = counts[name].get((value, label), 0) + 1

    for t in chosen:
        if t.supplier:
            add("supplier", t.supplier.id, t.supplier.name)
        add("recipient", t.recipient.id, t.recipient.name)
        add("system", t.item.id, t.item.name)
        add("status", t.status, t.status)
        for year in sorted({y for y in (t.order_year, *t.delivery_years) if y}):
            add("year", str(year), str(year))
    facets = {}
    for name, found in counts.items():
        order = sorted(found.items(), key=lambda kv: kv[0][0] if name == "year" else (-kv[1], kv[0][1]))
        facets[name] = [browse.FacetValue(v, label, n) for (v, label), n in order[: None if name == "year" else browse.FACET_SIZE]]
    return facets


def _transfer_row(t: Transfer, keys: dict[str, str]) -> dict[str, Any]:
    return {
        "transfer": t,
        "evidence": [
            {**e, "key": keys.get(e["article"]), "anchor": e["event"]} for e in t.evidence
        ],
    }


def _transfer_export(t: Transfer, keys: dict[str, str], request: Request) -> dict[str, Any]:
    """One row of the transfers download: the transfers table's row (``rows.transfer_row``) by
    name, its evidence as links to the events in their articles."""
    row = {
        **transfer_row(t),
        "evidence": [
            f"{request.base_url}article/{keys[e['article']]}#{e['event']}" if e["article"] in keys else e["article"]
            for e in t.evidence
        ],
    }
    return {column: row[TRANSFER_DOWNLOAD_NAMES.get(column, column)] for column in TRANSFER_COLUMNS}


# Articles

ARTICLE_FIELDS = ("outlet", "since", "until", "year")
ARTICLE_COLUMNS = ["id", "title", "published", "outlet", "url", "statements", "events", "link"]


def articles(request: Request) -> Response:
    fmt = request.path_params.get("fmt")
    filters = _params(request, ARTICLE_FIELDS)
    sort = _sort(request, browse.ARTICLE_SORTS, "date")
    args = {name: value or None for name, value in filters.items()}
    context: dict[str, Any] = dict(
        title="Articles", filters=filters, sort=sort, sorts=list(browse.ARTICLE_SORTS), rows=[], facets={},
        paging=Paging(1, 1, 0, 1, 0), errors=[], undated=0, undated_ledger=False,
        facet_names={"outlet": "Outlet", "year": "Year"},
    )
    try:
        with read_ledger(request) as ledger:
            conn = browse.connection(ledger)
            try:
                if fmt is not None:
                    if fmt not in FORMATS:
                        return Response(status_code=404)
                    found = browse.articles(conn, **args, sort=sort, limit=None)
                    rows = [{**row.__dict__, "link": f"{request.base_url}article/{row.key}"} for row in found]
                    return _download(rows, ARTICLE_COLUMNS, fmt, "articles")
                total = browse.count_articles(conn, **args)
                paging = Paging.of(request, total)
                found = browse.articles(conn, **args, sort=sort, limit=PAGE_SIZE, offset=paging.offset)
                facets = browse.article_facets(conn, **args)
                undated = browse.count_undated_articles(conn)
                everything = browse.count_articles(conn)
            except InputError as err:
                return render(request, "articles.html", 400, **{**context, "errors": [str(err)]})
    except LedgerUnavailable as err:
        return unavailable(request, err)
    context.update(rows=found, facets=facets, paging=paging.showing(len(found)), undated=undated,
                   undated_ledger=everything > 0 and undated == everything)
    return render(request, "articles.html", **context)


# Entities

ENTITY_COLUMNS = ["id", "name", "type", "articles", "statements", "link"]


def entities(request: Request) -> Response:
    fmt = request.path_params.get("fmt")
    filters = _params(request, ("q", "type"))
    sort = _sort(request, browse.ENTITY_SORTS, "statements")
    try:
        with read_ledger(request) as ledger:
            conn = browse.connection(ledger)
            if fmt is not None:
                if fmt not in FORMATS:
                    return Response(status_code=404)
                found = browse.entities(conn, filters["q"] or None, filters["type"] or None, sort, limit=None)
                rows = [{**row.__dict__, "link": f"{request.base_url}entity/{row.id}"} for row in found]
                return _download(rows, ENTITY_COLUMNS, fmt, "entities")
            total = browse.count_entities(conn, filters["q"] or None, filters["type"] or None)
            paging = Paging.of(request, total)
            found = browse.entities(conn, filters["q"] or None, filters["type"] or None, sort, limit=PAGE_SIZE, offset=paging.offset)
            types = browse.entity_types(conn, filters["q"] or None)
    except LedgerUnavailable as err:
        return unavailable(request, err)
    except NewsledgerError as err:
        return render(request, "entities.html", 400, title="People and things", filters=filters, sort=sort, sorts=list(browse.ENTITY_SORTS),
                      found=[], types=[], paging=Paging(1, 1, 0, 1, 0), errors=[str(err)])
    return render(
        request, "entities.html", title="People and things", filters=filters, sort=sort, sorts=list(browse.ENTITY_SORTS),
        found=found, types=types, paging=paging.showing(len(found)), errors=[],
    )
