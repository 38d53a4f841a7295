"""Read queries for browsing the ledger: events, articles and entities filtered, faceted (values
with their counts), sorted and paged. Every function takes the ledger's sqlite3 connection
(``connection(ledger)``) and reads only; every value a caller gives is a bound parameter, and a
sort is chosen from a fixed table, never written into the SQL.
"""

from __future__ import annotations

import functools
import json
import sqlite3
import threading
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
#
# An event's type, modality, item, actors and recipients live only in its JSON (events.ledger_json),
# which SQLite would parse again for every row of every facet: seconds at 70,000 events. So the
# fields the filters and facets read are copied once into an in-memory SQLite database with its
# own indexes (EventIndex), rebuilt when the ledger's events or articles change; the rows of a page
# are then read from the ledger by their primary key. The ledger's schema is untouched.


@dataclass(frozen=True)
class EventFilter:
    """Which events: each field that is set must hold. Entity fields take ledger ids
    (``country:RUS``, ``weapon:s-400``); ``since``/``until`` (YYYY-MM-DD, inclusive) bound the
    event's date, which is its own when the text gives one, else its article's; a date given as a
    year or month is on the day the timeline places it (2 July, the 15th)."""

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


# Each order is ranked once when the index is built (a column rank_<n> with its own index), so a
# page of any order is read from an index, not sorted anew.
EVENT_SORTS = {
    "date": "sort_date IS NULL, sort_date, published IS NULL, published, article_id, article_key, n",
    "-date": "sort_date IS NULL, sort_date DESC, published IS NULL, published DESC, article_id, article_key, n",
    "type": "type, sort_date IS NULL, sort_date, article_key, n",
    "modality": "modality, sort_date IS NULL, sort_date, article_key, n",
    "article": "title IS NULL, title, article_id, article_key, n",
}
_RANK = {sort: f"rank_{number}" for number, sort in enumerate(EVENT_SORTS)}
EVENT_FACETS = ("type", "modality", "actor", "recipient", "item", "outlet", "year")
# The day an event is on: a date given as a year or a month is on the day the timeline places it
# (web.timeline.value_date), so a chart's bar and the list its link opens count the same events.
_EVENT_DAY = "CASE length(sort_date) WHEN 4 THEN sort_date || '-07-02' WHEN 7 THEN sort_date || '-15' ELSE sort_date END"
_INDEX_SCHEMA = (
    """CREATE TABLE ev (
        n INTEGER PRIMARY KEY, article_key TEXT, id TEXT, sort_date TEXT, day TEXT, year TEXT, published TEXT,
        article_id TEXT, title TEXT, type TEXT, modality TEXT, item TEXT, item_name TEXT, outlet TEXT,
        rank_0 INTEGER, rank_1 INTEGER, rank_2 INTEGER, rank_3 INTEGER, rank_4 INTEGER)""",
    "CREATE TABLE role (role TEXT, entity TEXT, name TEXT, n INTEGER, PRIMARY KEY (role, entity, n)) WITHOUT ROWID",
    "CREATE INDEX ev_type ON ev (type)",
    "CREATE INDEX ev_modality ON ev (modality)",
    "CREATE INDEX ev_item ON ev (item)",
    "CREATE INDEX ev_outlet ON ev (outlet)",
    "CREATE INDEX ev_day ON ev (day)",
    "CREATE INDEX ev_sort_date ON ev (sort_date)",
    "CREATE INDEX ev_year ON ev (year)",
    "CREATE INDEX role_n ON role (n, role)",
)


class EventIndex:
    """The filterable fields of every event of one ledger, in an in-memory database, and the stamp
    of the ledger they were read from (counts and last rowids of events and articles)."""

    def __init__(self, stamp: tuple[int, ...]):
        self.stamp = stamp
        self.db = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        self.lock = threading.Lock()  # one query at a time on the shared connection

    @classmethod
    def build(cls, conn: sqlite3.Connection, stamp: tuple[int, ...]) -> EventIndex:
        index = cls(stamp)
        db = index.db
        for sql in _INDEX_SCHEMA:
            db.execute(sql)
        rows = conn.execute(
            "SELECT e.article_key, e.id, e.sort_date, a.published, a.id, a.title, json_extract(e.ledger_json, '$.type'),"
            " json_extract(e.ledger_json, '$.modality'), json_extract(e.ledger_json, '$.item.id'),"
            " json_extract(e.ledger_json, '$.item.name'), newsledger_outlet(a.url, a.source),"
            " json_extract(e.ledger_json, '$.actors'), json_extract(e.ledger_json, '$.recipients')"
            " FROM events e JOIN articles a ON a.key = e.article_key ORDER BY e.rowid"
        )
        events, roles, number = [], [], {}
        for n, row in enumerate(rows):
            key, event_id, sort_date = row[0], row[1], row[2]
            number[(key, event_id)] = n
            events.append((n, key, event_id, sort_date, None, sort_date[:4] if sort_date else None, *row[3:11]))
            for role, args in (("actor", row[11]), ("recipient", row[12])):
                for arg in json.loads(args or "[]"):
                    roles.append((role, arg["id"], arg["name"], n))
        db.execute("BEGIN")
        db.executemany(
            "INSERT INTO ev (n, article_key, id, sort_date, day, year, published, article_id, title, type, modality, item, item_name,"
            " outlet) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            events,
        )
        db.execute(f"UPDATE ev SET day = {_EVENT_DAY}")
        for sort, rank in _RANK.items():  # names and orders from the fixed tables above
            db.execute(
                f"UPDATE ev SET {rank} = r.rank FROM (SELECT n, row_number() OVER (ORDER BY {EVENT_SORTS[sort]}) AS rank FROM ev) r"
                " WHERE ev.n = r.n"
            )
            db.execute(f"CREATE INDEX ev_{rank} ON ev ({rank})")
        db.executemany("INSERT OR IGNORE INTO role VALUES (?, ?, ?, ?)", roles)
        entities = conn.execute("SELECT entity_id, article_key, event_id FROM event_entities")
        db.executemany(
            "INSERT OR IGNORE INTO role VALUES ('any', ?, NULL, ?)",
            ((entity, number[(key, event_id)]) for entity, key, event_id in entities if (key, event_id) in number),
        )
        db.execute("COMMIT")
        db.execute("ANALYZE")
        return index

    def query(self, sql: str, params: dict[str, Any]) -> list[tuple]:
        with self.lock:
            return self.db.execute(sql, params).fetchall()


_indexes: dict[str, EventIndex] = {}
_building = threading.Lock()


def event_index(conn: sqlite3.Connection) -> EventIndex:
    """The EventIndex of the ledger on ``conn``: the one already built while the ledger is unchanged,
    else a new one (one full read of the events, under a second at 70,000 events)."""
    stamp = tuple(conn.execute(
        "SELECT (SELECT count(*) FROM events), (SELECT max(rowid) FROM events),"
        " (SELECT count(*) FROM articles), (SELECT max(rowid) FROM articles)"
    ).fetchone())
    path = _path_of(conn)
    with _building:
        index = _indexes.get(path)
        if index is None or index.stamp != stamp:
            index = _indexes[path] = EventIndex.build(conn, stamp)
    return index


def _event_where(f: EventFilter) -> tuple[str, dict[str, Any]]:
    """The WHERE clause over the index's ``ev`` table; every value is a parameter."""
    clauses: list[str] = []
    params: dict[str, Any] = {}
    for role in ("actor", "recipient", "entity"):
        value = getattr(f, role)
        if value:
            params[role] = canonical_id(value)
            params[f"{role}_role"] = "any" if role == "entity" else role
            clauses.append(f"ev.n IN (SELECT p.n FROM role p WHERE p.role = :{role}_role AND p.entity = :{role})")
    if f.item:
        params["item"] = canonical_id(f.item)
        clauses.append("item = :item")
    for name in ("type", "modality", "outlet", "year"):
        value = getattr(f, name)
        if value:
            params[name] = value
            clauses.append(f"{name} = :{name}")
    since, until = _dates(f.since, f.until)
    if since:
        params["since"] = since
        clauses.append("day >= :since")
    if until:
        params["until"] = until
        clauses.append("day <= :until")
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


@_reading
def count_events(conn: sqlite3.Connection, f: EventFilter) -> int:
    where, params = _event_where(f)
    return event_index(conn).query(f"SELECT count(*) FROM ev{where}", params)[0][0]


@_reading
def events(conn: sqlite3.Connection, f: EventFilter, sort: str = "date", limit: int | None = 50, offset: int = 0) -> list[StoredEvent]:
    """The events ``f`` lets through, in the order ``sort`` (a key of EVENT_SORTS) names."""
    where, params = _event_where(f)
    params.update(limit=-1 if limit is None else limit, offset=offset)
    keys = event_index(conn).query(f"SELECT article_key, id FROM ev{where} ORDER BY {_RANK[sort]} LIMIT :limit OFFSET :offset", params)
    found: dict[tuple[str, str], StoredEvent] = {}
    for start in range(0, len(keys), 400):  # by primary key, a few hundred at a time
        chunk = keys[start : start + 400]
        rows = conn.execute(
            f"WITH wanted (key, id) AS (VALUES {', '.join('(?, ?)' for _ in chunk)})"
            " SELECT a.key, a.id, a.title, a.published, e.ledger_json, e.record_json, e.id"
            " FROM wanted w JOIN events e ON e.article_key = w.key AND e.id = w.id JOIN articles a ON a.key = e.article_key",
            [value for key in chunk for value in key],
        )
        for row in rows:
            found[(row[0], row[6])] = StoredEvent(row[0], row[1], row[2], row[3], Event.from_dict(json.loads(row[4] or row[5])))
    return [found[tuple(key)] for key in keys if tuple(key) in found]


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int


@_reading
def event_facets(conn: sqlite3.Connection, f: EventFilter, size: int = FACET_SIZE) -> dict[str, list[FacetValue]]:
    """For each facet of EVENT_FACETS, its most frequent values among the events ``f`` lets through
    (years in order, all of them)."""
    index = event_index(conn)
    where, params = _event_where(f)
    params["size"] = size
    found: dict[str, list[FacetValue]] = {}
    for name, label in (("type", "type"), ("modality", "modality"), ("outlet", "outlet"), ("year", "year"), ("item", "max(item_name)")):
        order = "v" if name == "year" else "hits DESC, v LIMIT :size"
        rows = index.query(
            f"SELECT {name} AS v, {label}, count(*) AS hits FROM ev{where} GROUP BY v HAVING v IS NOT NULL AND v != '' ORDER BY {order}",
            params,
        )
        found[name] = [FacetValue(row[0], row[1], row[2]) for row in rows]
    for role in ("actor", "recipient"):  # a fixed name, not a caller's value
        # unfiltered, the role table alone; filtered, the events that pass and their roles by index
        source = "role r" if not where else f"ev JOIN role r ON r.n = ev.n AND r.role = '{role}'"
        rows = index.query(
            f"SELECT r.entity AS v, max(r.name), count(*) AS hits FROM {source}{where or ' WHERE'}{' AND' if where else ''}"
            f" r.role = '{role}' GROUP BY v ORDER BY hits DESC, v LIMIT :size",
            params,
        )
        found[role] = [FacetValue(row[0], row[1], row[2]) for row in rows]
    return {name: found[name] for name in EVENT_FACETS}


@_reading
def event_dates(conn: sqlite3.Connection, f: EventFilter) -> list[tuple[str | None, int]]:
    """How many of the events ``f`` lets through fall on each date (``sort_date``: a day, month or
    year as the text gives it), oldest first; None counts the undated."""
    where, params = _event_where(f)
    return [(row[0], row[1]) for row in event_index(conn).query(f"SELECT sort_date AS d, count(*) FROM ev{where} GROUP BY d ORDER BY d", params)]


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
