"""Read queries for browsing the ledger: events, articles and entities filtered, faceted (values
with their counts), sorted and paged. Every function takes the ledger's sqlite3 connection
(``connection(ledger)``) and reads only; every value a caller gives is a bound parameter, and a
sort is chosen from a fixed table, never written into the SQL.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any, TypeVar
from urllib.parse import urlsplit

from newsledger.dates import check_published
from newsledger.errors import StoreError
from newsledger.ledger.linking import canonical_id
from newsledger.ledger.store import Ledger, StoredEvent, _damaged
from newsledger.records import Event

FACET_SIZE = 12  # values shown per facet, the most frequent first

Read = TypeVar("Read")


def connection(ledger: Ledger) -> sqlite3.Connection:
    """The ledger's connection, with the ``outlet()`` SQL function these queries use."""
    conn = ledger._conn
    conn.create_function("newsledger_outlet", 2, outlet, deterministic=True)
    return conn


def outlet(url: str | None, source: str | None) -> str:
    """Who published an article: the host of its URL without ``www.``; '' when it has no URL (a
    file's path names no outlet). ``source`` is taken for the SQL function's sake and not used."""
    if url:
        try:
            host = urlsplit(url).hostname
        except ValueError:
            host = None
        if host:
            return host.removeprefix("www.")
    return ""


def _reading(query: Callable[..., Read]) -> Callable[..., Read]:
    """A damaged file is a StoreError (as in ``Ledger``'s reads), not sqlite3's own error."""

    @functools.wraps(query)
    def read(conn: sqlite3.Connection, *args: Any, **kwargs: Any) -> Read:
        try:
            return query(conn, *args, **kwargs)
        except sqlite3.OperationalError:
            raise
        except sqlite3.DatabaseError as err:
            raise StoreError(_damaged(_path_of(conn), err)) from err

    return read


def _path_of(conn: sqlite3.Connection) -> str:
    try:
        return next(row[2] for row in conn.execute("PRAGMA database_list") if row[1] == "main")
    except (sqlite3.DatabaseError, StopIteration):
        return "the ledger"


def _dates(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    return (check_published(since, "since") if since else None, check_published(until, "until") if until else None)


# Events


@dataclass(frozen=True)
class EventFilter:
    """Which events: each field that is set must hold. Entity fields take ledger ids
    (``country:RUS``, ``weapon:s-400``); ``since``/``until`` (YYYY-MM-DD, inclusive) bound the
    event's date, which is its own when the text gives one, else its article's."""

    type: str | None = None
    actor: str | None = None
    recipient: str | None = None
    item: str | None = None
    entity: str | None = None  # in any role
    modality: str | None = None
    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    year: str | None = None  # the year the event's date is in

    def params(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


EVENT_SORTS = {
    "date": "e.sort_date IS NULL, e.sort_date, a.published IS NULL, a.published, a.id, a.key, e.rowid",
    "-date": "e.sort_date IS NULL, e.sort_date DESC, a.published IS NULL, a.published DESC, a.id, a.key, e.rowid",
    "type": "json_extract(e.ledger_json, '$.type'), e.sort_date IS NULL, e.sort_date, a.key, e.rowid",
    "modality": "json_extract(e.ledger_json, '$.modality'), e.sort_date IS NULL, e.sort_date, a.key, e.rowid",
    "article": "a.title IS NULL, a.title, a.id, a.key, e.rowid",
}
EVENT_FACETS = ("type", "modality", "actor", "recipient", "item", "outlet", "year")
_FROM_EVENTS = " FROM events e JOIN articles a ON a.key = e.article_key"
# The day an event is on, for since/until: a date given as a year or a month is on the day the
# timeline places it (web.timeline.value_date: 2 July, the 15th), so a chart's bar and the list
# its link opens count the same events.
_EVENT_DAY = (
    "CASE length(e.sort_date) WHEN 4 THEN e.sort_date || '-07-02' WHEN 7 THEN e.sort_date || '-15' ELSE e.sort_date END"
)


def _event_where(f: EventFilter) -> tuple[str, dict[str, Any]]:
    clauses: list[str] = []
    params: dict[str, Any] = {}
    # An entity in a role is found through event_entities' primary key first (the index), then
    # its role is checked in the event's JSON.
    for role, path in (("actor", "$.actors"), ("recipient", "$.recipients")):
        value = getattr(f, role)
        if value:
            params[role] = canonical_id(value)
            clauses.append(
                f"(e.article_key, e.id) IN (SELECT article_key, event_id FROM event_entities WHERE entity_id = :{role})"
                f" AND EXISTS (SELECT 1 FROM json_each(e.ledger_json, '{path}') j WHERE json_extract(j.value, '$.id') = :{role})"
            )
    if f.item:
        params["item"] = canonical_id(f.item)
        clauses.append(
            "(e.article_key, e.id) IN (SELECT article_key, event_id FROM event_entities WHERE entity_id = :item)"
            " AND json_extract(e.ledger_json, '$.item.id') = :item"
        )
    if f.entity:
        params["entity"] = canonical_id(f.entity)
        clauses.append("(e.article_key, e.id) IN (SELECT article_key, event_id FROM event_entities WHERE entity_id = :entity)")
    if f.type:
        params["type"] = f.type
        clauses.append("json_extract(e.ledger_json, '$.type') = :type")
    if f.modality:
        params["modality"] = f.modality
        clauses.append("json_extract(e.ledger_json, '$.modality') = :modality")
    if f.outlet:
        params["outlet"] = f.outlet
        clauses.append("newsledger_outlet(a.url, a.source) = :outlet")
    since, until = _dates(f.since, f.until)
    if since:
        params["since"] = since
        clauses.append(f"{_EVENT_DAY} >= :since")
    if until:
        params["until"] = until
        clauses.append(f"{_EVENT_DAY} <= :until")
    if f.year:
        params["year"] = f.year
        clauses.append("substr(e.sort_date, 1, 4) = :year")
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


@_reading
def count_events(conn: sqlite3.Connection, f: EventFilter) -> int:
    where, params = _event_where(f)
    return conn.execute(f"SELECT count(*){_FROM_EVENTS}{where}", params).fetchone()[0]


@_reading
def events(conn: sqlite3.Connection, f: EventFilter, sort: str = "date", limit: int | None = 50, offset: int = 0) -> list[StoredEvent]:
    """The events ``f`` lets through, in the order ``sort`` (a key of EVENT_SORTS) names."""
    where, params = _event_where(f)
    params.update(limit=-1 if limit is None else limit, offset=offset)
    rows = conn.execute(
        f"SELECT a.key, a.id, a.title, a.published, e.ledger_json, e.record_json, newsledger_outlet(a.url, a.source)"
        f"{_FROM_EVENTS}{where} ORDER BY {EVENT_SORTS[sort]} LIMIT :limit OFFSET :offset",
        params,
    )
    return [
        StoredEvent(row[0], row[1], row[2], row[3], Event.from_dict(json.loads(row[4] or row[5])))
        for row in rows
    ]


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int


@_reading
def event_facets(conn: sqlite3.Connection, f: EventFilter, size: int = FACET_SIZE) -> dict[str, list[FacetValue]]:
    """For each facet of EVENT_FACETS, its most frequent values among the events ``f`` lets through."""
    where, params = _event_where(f)
    params["size"] = size
    scalar = {
        "type": "json_extract(e.ledger_json, '$.type')",
        "modality": "json_extract(e.ledger_json, '$.modality')",
        "outlet": "newsledger_outlet(a.url, a.source)",
        "year": "substr(e.sort_date, 1, 4)",
    }
    found: dict[str, list[FacetValue]] = {}
    for name, expression in scalar.items():
        rows = conn.execute(
            f"SELECT {expression} AS v, count(*) AS n{_FROM_EVENTS}{where} GROUP BY v HAVING v IS NOT NULL AND v != ''"
            f" ORDER BY {'v' if name == 'year' else 'n DESC, v LIMIT :size'}",
            params,
        )
        found[name] = [FacetValue(row[0], row[0], row[1]) for row in rows]
    arrays = {"actor": "$.actors", "recipient": "$.recipients"}
    for name, path in arrays.items():
        rows = conn.execute(
            f"SELECT json_extract(j.value, '$.id') AS v, max(json_extract(j.value, '$.name')), count(DISTINCT e.rowid) AS n"
            f"{_FROM_EVENTS}, json_each(e.ledger_json, '{path}') j{where} GROUP BY v HAVING v IS NOT NULL ORDER BY n DESC, v LIMIT :size",
            params,
        )
        found[name] = [FacetValue(row[0], row[1], row[2]) for row in rows]
    rows = conn.execute(
        "SELECT json_extract(e.ledger_json, '$.item.id') AS v, max(json_extract(e.ledger_json, '$.item.name')), count(*) AS n"
        f"{_FROM_EVENTS}{where} GROUP BY v HAVING v IS NOT NULL ORDER BY n DESC, v LIMIT :size",
        params,
    )
    found["item"] = [FacetValue(row[0], row[1], row[2]) for row in rows]
    return {name: found[name] for name in EVENT_FACETS}


@_reading
def event_dates(conn: sqlite3.Connection, f: EventFilter) -> list[tuple[str | None, int]]:
    """How many of the events ``f`` lets through fall on each date (``sort_date``: a day, month or
    year as the text gives it), oldest first; None counts the undated."""
    where, params = _event_where(f)
    rows = conn.execute(f"SELECT e.sort_date AS d, count(*){_FROM_EVENTS}{where} GROUP BY d ORDER BY d", params)
    return [(row[0], row[1]) for row in rows]


# Articles


@dataclass(frozen=True)
class ArticleRow:
    key: str
    id: str
    title: str | None
    published: str | None
    url: str | None
    outlet: str
    statements: int
    events: int


ARTICLE_SORTS = {
    "date": "a.published IS NULL, a.published, a.id, a.key",
    "-date": "a.published IS NULL, a.published DESC, a.id, a.key",
    "title": "a.title IS NULL, a.title, a.id, a.key",
    "outlet": "newsledger_outlet(a.url, a.source), a.published IS NULL, a.published, a.key",
    "-statements": "statements DESC, a.published IS NULL, a.published, a.key",
    "-events": "events DESC, a.published IS NULL, a.published, a.key",
}
# Counting per row is a primary-key prefix look-up (statements and events are keyed by article first).
_ARTICLE_COUNTS = (
    "(SELECT count(*) FROM statements s WHERE s.article_key = a.key) AS statements,"
    " (SELECT count(*) FROM events e WHERE e.article_key = a.key) AS events"
)


def _article_where(outlet_name: str | None, since: str | None, until: str | None, year: str | None = None) -> tuple[str, dict[str, Any]]:
    clauses: list[str] = []
    params: dict[str, Any] = {}
    if outlet_name:
        params["outlet"] = outlet_name
        clauses.append("newsledger_outlet(a.url, a.source) = :outlet")
    since, until = _dates(since, until)
    if since:
        params["since"] = since
        clauses.append("a.published >= :since")
    if until:
        params["until"] = until
        clauses.append("a.published <= :until")
    if year:
        # a range, not substr(), so that the index on published serves it
        params["year"], params["next_year"] = year, _next_year(year)
        clauses.append("a.published >= :year AND a.published < :next_year")
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _next_year(year: str) -> str:
    return str(int(year) + 1) if year.isdigit() else year + "~"


@_reading
def count_articles(
    conn: sqlite3.Connection, outlet: str | None = None, since: str | None = None, until: str | None = None, year: str | None = None
) -> int:
    where, params = _article_where(outlet, since, until, year)
    return conn.execute(f"SELECT count(*) FROM articles a{where}", params).fetchone()[0]


@_reading
def articles(
    conn: sqlite3.Connection, outlet: str | None = None, since: str | None = None, until: str | None = None,
    year: str | None = None, sort: str = "date", limit: int | None = 50, offset: int = 0,
) -> list[ArticleRow]:
    where, params = _article_where(outlet, since, until, year)
    params.update(limit=-1 if limit is None else limit, offset=offset)
    rows = conn.execute(
        f"SELECT a.key, a.id, a.title, a.published, a.url, newsledger_outlet(a.url, a.source), {_ARTICLE_COUNTS}"
        f" FROM articles a{where} ORDER BY {ARTICLE_SORTS[sort]} LIMIT :limit OFFSET :offset",
        params,
    )
    return [ArticleRow(*row) for row in rows]


@_reading
def article_facets(
    conn: sqlite3.Connection, outlet: str | None = None, since: str | None = None, until: str | None = None,
    year: str | None = None, size: int = FACET_SIZE,
) -> dict[str, list[FacetValue]]:
    """Outlets (the most frequent first) and years (in order), with how many articles each."""
    where, params = _article_where(outlet, since, until, year)
    params["size"] = size
    outlets = conn.execute(
        f"SELECT newsledger_outlet(a.url, a.source) AS v, count(*) AS n FROM articles a{where} GROUP BY v ORDER BY n DESC, v LIMIT :size",
        params,
    )
    years = conn.execute(
        f"SELECT substr(a.published, 1, 4) AS v, count(*) FROM articles a{where} GROUP BY v HAVING v IS NOT NULL ORDER BY v", params
    )
    return {
        "outlet": [FacetValue(row[0], row[0], row[1]) for row in outlets],
        "year": [FacetValue(row[0], row[0], row[1]) for row in years],
    }


@_reading
def count_undated_articles(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM articles WHERE published IS NULL").fetchone()[0]


# Entities


@dataclass(frozen=True)
class EntityRow:
    id: str
    name: str
    type: str
    articles: int
    statements: int


ENTITY_SORTS = {
    "statements": "statements DESC, articles DESC, name, id",
    "articles": "articles DESC, statements DESC, name, id",
    "name": "name, id",
    "type": "type, statements DESC, articles DESC, name, id",
}


def _entity_where(query: str | None, type: str | None) -> tuple[str, dict[str, Any]]:
    clauses: list[str] = []
    params: dict[str, Any] = {}
    if query:
        params["query"] = query.strip().casefold()
        clauses.append("instr(search, :query) > 0")
    if type:
        params["type"] = type
        clauses.append("type = :type")
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


@_reading
def count_entities(conn: sqlite3.Connection, query: str | None = None, type: str | None = None) -> int:
    where, params = _entity_where(query, type)
    return conn.execute(f"SELECT count(*) FROM ledger_entities{where}", params).fetchone()[0]


@_reading
def entities(
    conn: sqlite3.Connection, query: str | None = None, type: str | None = None, sort: str = "statements",
    limit: int | None = 50, offset: int = 0,
) -> list[EntityRow]:
    """Ledger entities whose name or an alias contains ``query`` (case-insensitive), of ``type`` if given."""
    where, params = _entity_where(query, type)
    params.update(limit=-1 if limit is None else limit, offset=offset)
    rows = conn.execute(
        f"SELECT id, name, type, articles, statements FROM ledger_entities{where}"
        f" ORDER BY {ENTITY_SORTS[sort]} LIMIT :limit OFFSET :offset",
        params,
    )
    return [EntityRow(*row) for row in rows]


@_reading
def entity_types(conn: sqlite3.Connection, query: str | None = None) -> list[FacetValue]:
    """Entity types with how many entities of each match ``query``, the most frequent first."""
    where, params = _entity_where(query, None)
    rows = conn.execute(f"SELECT type, count(*) AS n FROM ledger_entities{where} GROUP BY type ORDER BY n DESC, type", params)
    return [FacetValue(row[0], row[0], row[1]) for row in rows]
