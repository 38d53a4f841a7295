"""What lets an index serve every list query: each statement's and event's place in list order as
one byte string (its order key), the distinct speaker strings a speaker filter reads, each
entity's statements in list order, each claim's first statement (among all and among each
entity's), and row counters. Written for an article in its own transaction
(``index_article``), and for a whole ledger by migration 5 (``rebuild``). The full-text index's
day-ordered rowids are set by the insert trigger m006 puts on statements.

Order keys compare bytewise (as SQLite compares BLOBs) exactly as the list orders compare their
columns, so ``ORDER BY order_key`` on an index is the order the lists always had:

- a statement: the article's date (undated last), the article's id, its key, then the
  statement's start in the text and its id;
- an event: its own date (undated last), then its article's date (undated last), id and key,
  then the event's rowid (the order it was stored in).

A text is its UTF-8 bytes with each NUL doubled as ``00 FF`` and ``00 00`` after it, so a text
sorts before every longer text it begins; an integer is 8 bytes, big-endian, offset to be
unsigned; an article key (sha256 hex) is its 32 bytes.
"""

from __future__ import annotations

import sqlite3
from datetime import date

# The indexes on what this module fills (made by m006); rebuild() makes them again after filling.
INDEXES = (
    "statements_order",
    "statements_speaker_key_order",
    "statements_speaker_id_order",
    "events_order",
    "event_entities_order",
    "claim_order_first",
)
COUNTED = ("articles", "statements", "entities", "events")  # kept in row_counts by triggers
_DATED = b"\x00"
_UNDATED = b"\x01"


def _text(value: str) -> bytes:
    return value.encode("utf-8", "surrogatepass").replace(b"\x00", b"\x00\xff") + b"\x00\x00"


def _integer(value: int) -> bytes:
    return (value + 2**63).to_bytes(8, "big")


def _date(value: str | None) -> bytes:
    return _UNDATED if value is None else _DATED + _text(value)


def _article(published: str | None, article_id: str, article_key: str) -> bytes:
    return _date(published) + _text(article_id) + bytes.fromhex(article_key)


def statement_key(published: str | None, article_id: str, article_key: str, start: int, statement_id: str) -> bytes:
    """A statement's order key (see the module docstring)."""
    return _article(published, article_id, article_key) + _integer(start) + _text(statement_id)


def event_key(sort_date: str | None, published: str | None, article_id: str, article_key: str, rowid: int) -> bytes:
    """An event's order key (see the module docstring)."""
    return _date(sort_date) + _article(published, article_id, article_key) + _integer(rowid)


def date_bounds(since: str | None, until: str | None) -> tuple[bytes | None, bytes | None]:
    """(low, high) such that ``low <= key < high`` holds for exactly the statements of articles
    published from ``since`` to ``until`` (inclusive; either may be None); (None, None) for no bound."""
    if since is None and until is None:
        return None, None
    low = _DATED + (since.encode("utf-8") if since is not None else b"")
    # A dated key goes on with the date's text, then 00 00: 00 01 is just past every key of that date.
    high = _DATED + until.encode("utf-8") + b"\x00\x01" if until is not None else _UNDATED
    return low, high


# The full-text index's rowids follow the article's day: rowid >> 32 is the day (the Julian day
# number, as SQLite's CAST(julianday(published) AS INTEGER) gives it; undated articles after every
# day), the low 32 bits count the day's statements. Set by the trigger m006 puts on statements.
FTS_UNDATED_DAY = 1 << 30
_JULIAN_DAY_OF_ORDINAL_0 = 1_721_424


def fts_day(published: str) -> int:
    return date.fromisoformat(published).toordinal() + _JULIAN_DAY_OF_ORDINAL_0


def fts_rowid_bounds(since: str | None, until: str | None) -> tuple[int, int]:
    """(first, after) such that ``first <= rowid < after`` holds for exactly the full-text rows of
    statements in articles published from ``since`` to ``until`` (inclusive; either may be None)."""
    first = fts_day(since) << 32 if since is not None else 0
    after = (fts_day(until) + 1) << 32 if until is not None else FTS_UNDATED_DAY << 32
    return first, after


def register(conn: sqlite3.Connection) -> None:
    """Make the order keys SQL functions on ``conn`` (every connection that writes needs them)."""
    conn.create_function("statement_order_key", 5, statement_key, deterministic=True)
    conn.create_function("event_order_key", 5, event_key, deterministic=True)


def index_article(conn: sqlite3.Connection, key: str) -> None:
    """Fill the order keys, speaker look-ups and entity order of one article's rows, just
    written and linked (inside the caller's transaction)."""
    _fill(conn, {"key": key}, "= :key")


def rebuild(conn: sqlite3.Connection) -> None:
    """Recompute everything this module keeps, for every article (inside the caller's
    transaction): what migration 5 runs on an existing ledger. Its indexes are dropped while
    the rows are filled and made again after, which is faster than keeping them up to date."""
    register(conn)
    indexes = conn.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN ({', '.join('?' for _ in INDEXES)})",
        INDEXES,
    ).fetchall()
    for name, _sql in indexes:
        conn.execute(f'DROP INDEX "{name}"')  # names from the fixed INDEXES
    conn.execute("DELETE FROM entity_statement_order")
    conn.execute("DELETE FROM claim_order")
    conn.execute("DELETE FROM speaker_searches")
    conn.execute("UPDATE statements SET speaker_key = NULL")
    _fill(conn, {}, "IS NOT NULL")
    for _name, sql in indexes:
        conn.execute(sql)
    conn.executemany(
        "INSERT OR REPLACE INTO row_counts (name, n) VALUES (?, ?)",
        # Table names come from the fixed COUNTED above.
        [(table, conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]) for table in COUNTED],
    )


def _fill(conn: sqlite3.Connection, params: dict[str, str], article: str) -> None:
    """``article`` picks the articles: ``= :key`` for one, ``IS NOT NULL`` for all."""
    for sql in (
        "UPDATE statements SET sort_key = statement_order_key(a.published, a.id, a.key, statements.content_start,"
        f" statements.id) FROM articles a WHERE a.key = statements.article_key AND statements.article_key {article}",
        "INSERT OR IGNORE INTO speaker_searches (search) SELECT DISTINCT speaker_search FROM statements"
        f" WHERE article_key {article} AND speaker_search IS NOT NULL",
        "UPDATE statements SET speaker_key = (SELECT id FROM speaker_searches WHERE search = statements.speaker_search)"
        f" WHERE article_key {article} AND speaker_search IS NOT NULL",
        "UPDATE speaker_searches SET statements = statements + c.n FROM (SELECT speaker_key AS k, count(*) AS n"
        f" FROM statements WHERE article_key {article} AND speaker_key IS NOT NULL GROUP BY speaker_key) AS c"
        " WHERE speaker_searches.id = c.k",
        "INSERT OR IGNORE INTO entity_statement_order (entity_id, sort_key) SELECT speaker_id, sort_key"
        f" FROM statements WHERE article_key {article} AND speaker_id IS NOT NULL",
        "INSERT OR IGNORE INTO entity_statement_order (entity_id, sort_key) SELECT m.entity_id, s.sort_key"
        " FROM statement_mentions m JOIN statements s ON s.article_key = m.article_key AND s.id = m.statement_id"
        f" WHERE m.article_key {article}",
        # A claim's first statement, among all and among each entity's: the earliest key wins.
        "INSERT INTO claim_order (scope, group_id, first_key) SELECT '', group_id, min(sort_key) FROM statements"
        f" WHERE article_key {article} AND group_id IS NOT NULL GROUP BY group_id"
        " ON CONFLICT (scope, group_id) DO UPDATE SET first_key = min(first_key, excluded.first_key)",
        "INSERT INTO claim_order (scope, group_id, first_key) SELECT e.entity_id, s.group_id, min(s.sort_key)"
        " FROM (SELECT speaker_id AS entity_id, article_key, id FROM statements WHERE article_key"
        f" {article} AND speaker_id IS NOT NULL UNION SELECT entity_id, article_key, statement_id"
        f" FROM statement_mentions WHERE article_key {article}) AS e"
        " JOIN statements s ON s.article_key = e.article_key AND s.id = e.id"
        " WHERE s.group_id IS NOT NULL GROUP BY e.entity_id, s.group_id"
        " ON CONFLICT (scope, group_id) DO UPDATE SET first_key = min(first_key, excluded.first_key)",
        "UPDATE events SET sort_key = event_order_key(events.sort_date, a.published, a.id, a.key, events.rowid)"
        f" FROM articles a WHERE a.key = events.article_key AND events.article_key {article}",
        "UPDATE event_entities SET sort_key = (SELECT sort_key FROM events e WHERE e.article_key ="
        f" event_entities.article_key AND e.id = event_entities.event_id) WHERE article_key {article}",
    ):
        conn.execute(sql, params)
