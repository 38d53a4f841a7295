"""Read queries for browsing the ledger: events, articles and entities filtered, faceted (values
with their counts), sorted and paged. Every function takes the ledger's sqlite3 connection
(``connection(ledger)``) and reads only; every value a caller gives is a bound parameter, and a
sort is chosen from a fixed table, never written into the SQL.
"""

from __future__ import annotations

import bisect
import functools
import heapq
import itertools
import json
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
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
# fields the filters, facets and sorts read are copied once into memory as columns (EventIndex),
# rebuilt when the ledger's events or articles change; the rows of a page are then read from the
# ledger by their primary key. The ledger's schema is untouched.


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


# The orders a list of events can take (each ranked once when the index is built).
EVENT_SORTS = {
    "date": "oldest first (by the event's date, else its article's; the undated last)",
    "-date": "newest first (the undated last)",
    "type": "by PLOVER type, then date",
    "modality": "by modality, then date",
    "article": "by article title",
}
EVENT_FACETS = ("type", "modality", "actor", "recipient", "item", "outlet", "year")
_STAMP = (
    "SELECT (SELECT count(*) FROM events), (SELECT max(rowid) FROM events),"
    " (SELECT count(*) FROM articles), (SELECT max(rowid) FROM articles)"
)


class EventIndex:
    """What the event filters, facets and sorts read, for every event of one ledger, held in
    memory as columns (one list per field, an event's number indexing each), with the events of
    each field value listed (``postings``) and each order ranked; and the stamp of the ledger it
    was read from (counts and last rowids of events and articles)."""

    FIELDS = ("type", "modality", "item", "outlet", "year")

    def __init__(self, conn: sqlite3.Connection, stamp: tuple[int, ...]):
        self.stamp = stamp
        rows = conn.execute(
            "SELECT e.article_key, e.id, e.sort_date, a.published, a.id, a.title, json_extract(e.ledger_json, '$.type'),"
            " json_extract(e.ledger_json, '$.modality'), json_extract(e.ledger_json, '$.item.id'),"
            " json_extract(e.ledger_json, '$.item.name'), newsledger_outlet(a.url, a.source),"
            " json_extract(e.ledger_json, '$.actors'), json_extract(e.ledger_json, '$.recipients')"
            " FROM events e JOIN articles a ON a.key = e.article_key ORDER BY e.rowid"
        ).fetchall()
        self.size = len(rows)
        self.keys = [(row[0], row[1]) for row in rows]
        self.sort_date: list[str | None] = [row[2] for row in rows]
        self.columns: dict[str, list[Any]] = {
            "type": [row[6] for row in rows],
            "modality": [row[7] for row in rows],
            "item": [row[8] for row in rows],
            "outlet": [row[10] or None for row in rows],
            "year": [row[2][:4] if row[2] else None for row in rows],
        }
        self.names: dict[str, str] = {}
        self.roles: dict[str, list[tuple[str, ...]]] = {"actor": [], "recipient": []}
        for row in rows:
            if row[8]:
                self.names.setdefault(row[8], row[9])
            for role, args in (("actor", row[11]), ("recipient", row[12])):
                parsed = json.loads(args or "[]")
                for arg in parsed:
                    self.names.setdefault(arg["id"], arg["name"])
                self.roles[role].append(tuple(dict.fromkeys(arg["id"] for arg in parsed)))
        self.postings: dict[tuple[str, str], list[int]] = {}
        for name, column in self.columns.items():
            for n, value in enumerate(column):
                if value is not None:
                    self.postings.setdefault((name, value), []).append(n)
        for role, column in self.roles.items():
            for n, ids in enumerate(column):
                for entity in ids:
                    self.postings.setdefault((role, entity), []).append(n)
        number = {key: n for n, key in enumerate(self.keys)}
        for entity, key, event_id in conn.execute("SELECT entity_id, article_key, event_id FROM event_entities ORDER BY 1, 2, 3"):
            n = number.get((key, event_id))
            if n is not None:
                self.postings.setdefault(("entity", entity), []).append(n)
        # The day each event is on, in order, for since/until.
        days = sorted((day, n) for n, day in enumerate(_event_day(value) for value in self.sort_date) if day is not None)
        self.days = [day for day, _ in days]
        self.by_day = [n for _, n in days]
        published, article_id, title = [row[3] for row in rows], [row[4] for row in rows], [row[5] for row in rows]
        keys = {
            "date": lambda n: (self.sort_date[n] is None, self.sort_date[n] or "", published[n] is None, published[n] or "", article_id[n], self.keys[n][0], n),
            "type": lambda n: (self.columns["type"][n] or "", self.sort_date[n] is None, self.sort_date[n] or "", self.keys[n][0], n),
            "modality": lambda n: (self.columns["modality"][n] or "", self.sort_date[n] is None, self.sort_date[n] or "", self.keys[n][0], n),
            "article": lambda n: (title[n] is None, title[n] or "", article_id[n], self.keys[n][0], n),
        }
        self.orders: dict[str, list[int]] = {sort: sorted(range(self.size), key=key) for sort, key in keys.items()}
        # newest first: dated events by date descending (then published descending), the undated last
        newest = sorted(range(self.size), key=lambda n: (published[n] is not None, published[n] or ""), reverse=True)
        newest = sorted(newest, key=lambda n: (self.sort_date[n] is not None, self.sort_date[n] or ""), reverse=True)
        self.orders["-date"] = newest
        self.rank: dict[str, list[int]] = {}
        for sort, order in self.orders.items():
            rank = [0] * self.size
            for position, n in enumerate(order):
                rank[n] = position
            self.rank[sort] = rank
        self._all_facets: dict[str, list[FacetValue]] | None = None
        self._all_dates: list[tuple[str | None, int]] | None = None
        self._matches: dict[EventFilter, list[int] | None] = {}
        self._lock = threading.Lock()

    def match(self, f: EventFilter) -> list[int] | None:
        """The numbers of the events ``f`` lets through, or None for all of them (the last few
        answers are kept: a page asks for its count, rows, facets and dates by the same filter)."""
        with self._lock:
            if f in self._matches:
                return self._matches[f]
        found = self._match(f)
        with self._lock:
            self._matches[f] = found
            while len(self._matches) > 32:
                del self._matches[next(iter(self._matches))]
        return found

    def _match(self, f: EventFilter) -> list[int] | None:
        wanted: list[set[int] | list[int]] = []
        for name in ("actor", "recipient", "entity"):
            value = getattr(f, name)
            if value:
                wanted.append(self.postings.get((name, canonical_id(value)), []))
        for name in self.FIELDS:
            value = getattr(f, name)
            if value:
                wanted.append(self.postings.get((name, canonical_id(value) if name == "item" else value), []))
        since, until = _dates(f.since, f.until)
        if since or until:
            low = bisect.bisect_left(self.days, since) if since else 0
            high = bisect.bisect_right(self.days, until) if until else len(self.days)
            wanted.append(self.by_day[low:high])
        if not wanted:
            return None
        wanted.sort(key=len)
        found = set(wanted[0])
        for other in wanted[1:]:
            if not found:
                break
            found.intersection_update(other)
        return sorted(found)

    def page(self, f: EventFilter, sort: str, limit: int | None, offset: int) -> list[tuple[str, str]]:
        matched = self.match(f)
        end = None if limit is None else offset + limit
        if matched is None:
            chosen = self.orders[sort][offset:end]
        elif end is not None and end < len(matched) // 8:
            chosen = heapq.nsmallest(end, matched, key=self.rank[sort].__getitem__)[offset:]
        else:
            chosen = sorted(matched, key=self.rank[sort].__getitem__)[offset:end]
        return [self.keys[n] for n in chosen]

    def count(self, f: EventFilter) -> int:
        matched = self.match(f)
        return self.size if matched is None else len(matched)

    def facets(self, f: EventFilter, size: int) -> dict[str, list[FacetValue]]:
        matched = self.match(f)
        if matched is None and self._all_facets is not None and size == FACET_SIZE:
            return self._all_facets
        numbers: range | list[int] = range(self.size) if matched is None else matched
        found: dict[str, list[FacetValue]] = {}
        for name, column in self.columns.items():
            counts = Counter(map(column.__getitem__, numbers))
            counts.pop(None, None)
            if name == "year":
                found[name] = [FacetValue(v, v, counts[v]) for v in sorted(counts)]
            else:
                top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:size]
                found[name] = [FacetValue(v, self.names.get(v, v) if name == "item" else v, n) for v, n in top]
        for role, column in self.roles.items():
            counts = Counter(itertools.chain.from_iterable(map(column.__getitem__, numbers)))
            top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:size]
            found[role] = [FacetValue(v, self.names.get(v, v), n) for v, n in top]
        facets = {name: found[name] for name in EVENT_FACETS}
        if matched is None and size == FACET_SIZE:
            self._all_facets = facets
        return facets

    def dates(self, f: EventFilter) -> list[tuple[str | None, int]]:
        matched = self.match(f)
        if matched is None and self._all_dates is not None:
            return self._all_dates
        numbers: range | list[int] = range(self.size) if matched is None else matched
        counts = Counter(map(self.sort_date.__getitem__, numbers))
        found = sorted(counts.items(), key=lambda kv: (kv[0] is not None, kv[0] or ""))
        if matched is None:
            self._all_dates = found
        return found


def _event_day(sort_date: str | None) -> str | None:
    """The day an event is on, for since/until: a date given as a year or a month is on the day the
    timeline places it (web.timeline.value_date: 2 July, the 15th), so a chart's bar and the list
    its link opens count the same events."""
    if not sort_date:
        return None
    if len(sort_date) == 4:
        return sort_date + "-07-02"
    if len(sort_date) == 7:
        return sort_date + "-15"
    return sort_date


_indexes: dict[str, EventIndex] = {}
_building = threading.Lock()


def ledger_stamp(conn: sqlite3.Connection) -> tuple[int, ...]:
    """What changes whenever an article or event is added or removed (the file's modification time
    does not while a write waits in the WAL file): counts and last rowids of both tables."""
    return tuple(conn.execute(_STAMP).fetchone())


def event_index(conn: sqlite3.Connection) -> EventIndex:
    """The EventIndex of the ledger on ``conn``: the one already built while the ledger is unchanged,
    else a new one (one full read of the events: about a second at 70,000 events)."""
    stamp = ledger_stamp(conn)
    path = _path_of(conn)
    with _building:
        index = _indexes.get(path)
        if index is None or index.stamp != stamp:
            index = _indexes[path] = EventIndex(conn, stamp)
    return index


@_reading
def count_events(conn: sqlite3.Connection, f: EventFilter) -> int:
    return event_index(conn).count(f)


@_reading
def events(conn: sqlite3.Connection, f: EventFilter, sort: str = "date", limit: int | None = 50, offset: int = 0) -> list[StoredEvent]:
    """The events ``f`` lets through, in the order ``sort`` (a key of EVENT_SORTS) names."""
    return events_by_key(conn, event_keys(conn, f, sort, limit, offset))


@_reading
def event_keys(conn: sqlite3.Connection, f: EventFilter, sort: str = "date", limit: int | None = None, offset: int = 0) -> list[tuple[str, str]]:
    """(article key, event id) of the events ``events()`` gives, without reading them: for a
    download that reads them a few hundred at a time."""
    return event_index(conn).page(f, sort, limit, offset)


@_reading
def events_by_key(conn: sqlite3.Connection, keys: list[tuple[str, str]]) -> list[StoredEvent]:
    """The events under these (article key, event id) keys, in the same order."""
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
    return [found[key] for key in keys if key in found]


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int


@_reading
def event_facets(conn: sqlite3.Connection, f: EventFilter, size: int = FACET_SIZE) -> dict[str, list[FacetValue]]:
    """For each facet of EVENT_FACETS, its most frequent values among the events ``f`` lets through
    (years in order, all of them)."""
    return event_index(conn).facets(f, size)


@_reading
def event_dates(conn: sqlite3.Connection, f: EventFilter) -> list[tuple[str | None, int]]:
    """How many of the events ``f`` lets through fall on each date (``sort_date``: a day, month or
    year as the text gives it); None, first, counts the undated."""
    return event_index(conn).dates(f)


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
    """Outlets (the most frequent first; articles without a URL have none) and years (in order),
    with how many articles each. The outlets need every matching article's URL (a scan), so the
    answer is kept while the ledger is unchanged."""
    where, params = _article_where(outlet, since, until, year)
    params["size"] = size
    memo_key = (_path_of(conn), ledger_stamp(conn), where, tuple(sorted(params.items())))
    with _building:
        if memo_key in _article_facets:
            return _article_facets[memo_key]
    outlets = conn.execute(
        f"SELECT newsledger_outlet(a.url, a.source) AS v, count(*) AS n FROM articles a{where} GROUP BY v HAVING v != ''"
        " ORDER BY n DESC, v LIMIT :size",
        params,
    )
    years = conn.execute(
        f"SELECT substr(a.published, 1, 4) AS v, count(*) FROM articles a{where} GROUP BY v HAVING v IS NOT NULL ORDER BY v", params
    )
    found = {
        "outlet": [FacetValue(row[0], row[0], row[1]) for row in outlets],
        "year": [FacetValue(row[0], row[0], row[1]) for row in years],
    }
    with _building:
        _article_facets[memo_key] = found
        while len(_article_facets) > 64:
            del _article_facets[next(iter(_article_facets))]
    return found


_article_facets: dict[tuple, dict[str, list[FacetValue]]] = {}


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
