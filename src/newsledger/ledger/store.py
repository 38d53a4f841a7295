"""The ledger: ArticleRecords stored in one SQLite file, one transaction per article, and queried back."""

from __future__ import annotations

import functools
import hashlib
import json
import re
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from newsledger.errors import StoreError
from newsledger.dates import check_published
from newsledger.ledger.linking import canonical_id, link_article, with_canonical_ids
from newsledger.ledger.migrations import (
    APPLICATION_ID,
    applied_migrations,
    migrate,
    pending_migrations,
    unknown_migrations,
)
from newsledger.records import (
    Article,
    ArticleRecord,
    Content,
    EntityRef,
    Event,
    Problem,
    Span,
    Statement,
)

SQLITE_HEADER = b"SQLite format 3\x00"


def article_key(text: str) -> str:
    """The key an article is stored under: sha256 of its text, so the same text is stored once."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class IngestSummary:
    added: int = 0
    skipped_duplicates: int = 0
    statements_added: int = 0
    failed: int = 0  # records the ledger refused; each one is in ingest_problems with its reason


@dataclass(frozen=True)
class StoredArticle:
    key: str
    article: Article
    ingested_at: str


@dataclass(frozen=True)
class StoredStatement:
    """A statement as queried from the ledger, with the article it comes from."""

    article_key: str
    article_id: str
    article_source: str
    article_title: str | None
    article_published: str | None
    article_url: str | None
    statement: Statement
    speaker_id: str | None = None  # the ledger entity id of the speaker (see LedgerEntity)
    group_id: str | None = None  # the claim group: the same claim by the same speaker, or in copies of one article
    group_size: int = 1  # how many articles report the claim (near-duplicate copies included)


@dataclass(frozen=True)
class LedgerEntity:
    """An entity merged across articles: a knowledge-base id as it is (``country:USA``), article-local
    entities of the same type and name as ``<type>:<slug>`` (``person:dmitry-shugaev``). A country
    and its government are one entity (see ``ledger.linking``)."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    titles: tuple[tuple[str | None, str | None, str | None], ...]  # (title, affiliation, as_of), oldest first
    articles: int  # articles that mention it
    statements: int  # statements it is the speaker of


@dataclass(frozen=True)
class StoredEvent:
    """An event as queried from the ledger: its actors, recipients, item and place carry ledger ids."""

    article_key: str
    article_id: str
    article_title: str | None
    article_published: str | None
    event: Event


_STATEMENT_SELECT = (
    "SELECT a.key AS a_key, a.id AS a_id, a.source AS a_source, a.title AS a_title,"
    " a.published AS a_published, a.url AS a_url, s.*, g.size AS g_size"
    " FROM statements s JOIN articles a ON a.key = s.article_key LEFT JOIN claim_groups g ON g.id = s.group_id"
)
_STATEMENT_ORDER = "a_published IS NULL, a_published, a_id, a_key, content_start, id"
_ARTICLE_COLUMNS = "a.key, a.id, a.source, a.title, a.published, a.url, a.text, a.ingested_at"
_ARTICLE_ORDER = "a.published IS NULL, a.published, a.id, a.key"


Read = TypeVar("Read")


def _reading(method: Callable[..., Read]) -> Callable[..., Read]:
    """A read that finds the file damaged (a page overwritten or cut short after the ledger was
    opened, or a stored record that is not JSON of a record) raises the same one-line StoreError as
    opening a damaged ledger, not sqlite3's or json's own error (the web app shows it with a 503)."""

    @functools.wraps(method)
    def read(self: Ledger, *args: Any, **kwargs: Any) -> Read:
        try:
            return method(self, *args, **kwargs)
        except (sqlite3.OperationalError, sqlite3.IntegrityError):
            raise
        except sqlite3.DatabaseError as err:
            raise StoreError(_damaged(self.path, err)) from err
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as err:  # a stored record that is no record
            raise StoreError(_damaged(self.path, f"a stored record cannot be read: {type(err).__name__}")) from err

    return read


class Ledger:
    """One ledger file. Open it with ``Ledger.open(path)``, preferably as a context manager."""

    def __init__(self, conn: sqlite3.Connection, path: str, readonly: bool):
        self._conn = conn
        self.path = path
        self.readonly = readonly

    @classmethod
    def open(cls, path: str | os.PathLike[str], readonly: bool = False) -> Ledger:
        """Open or create the ledger at ``path``, migrating it to the current schema.

        A file that is not a newsledger database is refused and left untouched.
        """
        shown = os.fspath(path)
        location = Path(path)
        if location.is_dir():
            raise StoreError(f"{shown}: is a directory; pass a file name with --db")
        if location.exists() and location.stat().st_size > 0:
            _check_is_ledger(location, shown)
        elif readonly and location.exists():
            raise StoreError(f"{shown}: the ledger is empty; add articles to it before opening it read-only")
        elif readonly:
            raise StoreError(f"{shown}: no such ledger database; check the file name given with --db")
        if not readonly:
            _check_writable(location, shown)
        try:
            if readonly:
                conn = sqlite3.connect(f"{location.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
            else:
                conn = sqlite3.connect(location, isolation_level=None)
        except sqlite3.Error as err:
            raise StoreError(
                f"{shown}: cannot open the ledger ({err}); check that its folder exists and is writable"
            ) from err
        try:
            _prepare_connection(conn, shown, readonly)
        except BaseException:
            conn.close()
            raise
        return cls(conn, shown, readonly)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Ledger({self.path!r}, readonly={self.readonly})"

    # Writing

    def add(self, record: ArticleRecord) -> bool:
        """Store one article with all its rows in one transaction. An older record's government id
        (``gov:USA``) is stored as its country's (``country:USA``): one actor, one id.

        Returns False and writes nothing when an article with the same text is already stored.
        """
        try:
            return self._write_record(record)
        except sqlite3.IntegrityError as err:
            raise StoreError(_rejection_message(record, err)) from err

    def add_many(self, records: Iterable[ArticleRecord]) -> IngestSummary:
        """Store each record in its own transaction, so an interrupted run leaves no partial article.

        A record the ledger refuses (say, two statements with one id) is recorded in
        ``ingest_problems`` and counted as failed; the run goes on.
        """
        added = skipped = statements_added = failed = 0
        for record in records:
            try:
                is_new = self._write_record(record)
            except sqlite3.IntegrityError as err:
                self.record_problem(record.article.source, _rejection_message(record, err))
                failed += 1
                continue
            if is_new:
                added += 1
                statements_added += len(record.statements)
            else:
                skipped += 1
        return IngestSummary(added, skipped, statements_added, failed)

    def record_problem(self, source: str, message: str) -> None:
        """Record an input that could not be processed, so it is reported rather than lost."""
        self.record_problems([Problem(source, message)])

    def record_problems(self, problems: Iterable[Problem]) -> None:
        """Record problems in one transaction (a file of 200,000 bad lines is one write, not
        200,000). A problem already recorded (the same source and message, as when a run is
        repeated or resumed after a kill) is not recorded twice."""
        at = _now()
        rows = [(problem.source, problem.message, at) for problem in problems]
        if not rows:
            return
        with self._transaction("record problems"):
            self._conn.executemany(
                "INSERT OR IGNORE INTO ingest_problems (source, message, at) VALUES (?, ?, ?)", rows
            )

    def _write_record(self, record: ArticleRecord) -> bool:
        record = with_canonical_ids(record)  # a record written before governments took their country's id
        data = record.to_dict()
        key = article_key(record.article.text)
        with self._transaction("write to the ledger"):
            if not _insert_article(self._conn, key, data):
                return False
            _insert_entities(self._conn, key, data["entities"])
            _insert_statements(self._conn, key, data["statements"])
            _insert_events(self._conn, key, data["events"])
            link_article(self._conn, key, record)
        return True

    @contextmanager
    def _transaction(self, action: str) -> Iterator[None]:
        """One write transaction: all of it is committed or none of it, whatever interrupts it.

        sqlite3 errors other than IntegrityError (a locked or full disk) become a StoreError
        naming ``action``; IntegrityError is left to the caller, which knows the record.
        """
        if self.readonly:
            raise StoreError(f"{self.path}: cannot {action}: it was opened read-only")
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield
                self._conn.execute("COMMIT")
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise
        except sqlite3.IntegrityError:
            raise
        except sqlite3.Error as err:
            raise StoreError(f"{self.path}: cannot {action} ({err})") from err

    # Reading

    @_reading
    def statements(
        self,
        speaker: str | None = None,
        text: str | None = None,
        limit: int | None = None,
        *,
        entity: str | None = None,
        since: str | None = None,
        until: str | None = None,
        offset: int = 0,
        distinct_claims: bool = False,
    ) -> list[StoredStatement]:
        """Statements, ordered by article date (undated last), article id and position in the text.

        ``speaker`` matches, case-insensitively and as a substring, the resolved speaker's name,
        any alias of that entity, or the speaker as written ("pompeo" finds "Mike Pompeo").
        ``text`` is an SQLite FTS5 query over the statement content: words are ANDed, and
        ``"exact phrase"``, ``OR``, ``NOT`` and ``prefix*`` work.
        ``entity`` is a ledger entity id: statements it speaks or that mention it in their content.
        Wherever an entity id is taken, the alias ``gov:USA`` is read as ``country:USA``.
        ``since`` and ``until`` (YYYY-MM-DD, inclusive) bound the article's publication date.
        ``distinct_claims`` keeps one statement per claim group, the earliest.
        """
        where, params = self._statement_filters(speaker, text, entity, since, until)
        if distinct_claims:
            # Rank only the keys of the matching rows, then read the whole rows of the first of each group.
            sql = (
                "WITH ranked AS (SELECT s.article_key AS k, s.id AS sid, row_number() OVER ("
                "PARTITION BY coalesce(s.group_id, s.article_key || ':' || s.id) ORDER BY a.published IS NULL,"
                " a.published, a.id, a.key, s.content_start, s.id) AS claim_rank"
                f" FROM statements s JOIN articles a ON a.key = s.article_key{where})"
                f" {_STATEMENT_SELECT} WHERE (s.article_key, s.id) IN (SELECT k, sid FROM ranked WHERE claim_rank = 1)"
                f" ORDER BY {_STATEMENT_ORDER}"
            )
        else:
            sql = f"{_STATEMENT_SELECT}{where} ORDER BY {_STATEMENT_ORDER}"
        sql += _paging(limit, offset, params)
        rows = self._read(sql, params, "statements", text)
        return [_stored_statement(row) for row in rows]

    @_reading
    def count_statements(
        self,
        speaker: str | None = None,
        text: str | None = None,
        *,
        entity: str | None = None,
        since: str | None = None,
        until: str | None = None,
        distinct_claims: bool = False,
    ) -> int:
        """How many statements ``statements()`` gives with the same filters (for paging)."""
        where, params = self._statement_filters(speaker, text, entity, since, until)
        counted = "count(DISTINCT coalesce(s.group_id, s.article_key || ':' || s.id))" if distinct_claims else "count(*)"
        sql = f"SELECT {counted} FROM statements s JOIN articles a ON a.key = s.article_key{where}"
        return self._read(sql, params, "statements", text)[0][0]

    def _statement_filters(
        self,
        speaker: str | None,
        text: str | None,
        entity: str | None,
        since: str | None,
        until: str | None,
        speaker_id: str | None = None,
    ) -> tuple[str, dict[str, Any]]:
        """The WHERE clause and its parameters; every value the caller gives is a parameter."""
        clauses = []
        params: dict[str, Any] = {}
        if speaker is not None:
            clauses.append("instr(s.speaker_search, :speaker) > 0")
            params["speaker"] = speaker.strip().casefold()
        if text is not None:
            clauses.append(
                "(s.article_key, s.id) IN "
                "(SELECT article_key, statement_id FROM statements_fts WHERE content_text MATCH :text)"
            )
            params["text"] = fts_query(text)
        if entity is not None:
            clauses.append(
                "(s.article_key, s.id) IN (SELECT article_key, id FROM statements WHERE speaker_id = :entity"
                " UNION ALL SELECT article_key, statement_id FROM statement_mentions WHERE entity_id = :entity)"
            )
            params["entity"] = canonical_id(entity)
        if speaker_id is not None:
            clauses.append("s.speaker_id = :speaker_id")
            params["speaker_id"] = canonical_id(speaker_id)
        if since is not None:
            clauses.append("a.published >= :since")
            params["since"] = check_published(since, "since")
        if until is not None:
            clauses.append("a.published <= :until")
            params["until"] = check_published(until, "until")
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    def _read(self, sql: str, params: dict[str, Any] | tuple[Any, ...], what: str, fts_query: str | None = None) -> list[sqlite3.Row]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError as err:
            if fts_query is not None and _is_fts_query_error(err):
                raise StoreError(
                    f"invalid full-text query {fts_query!r} ({err}); "
                    f'put words with punctuation in double quotes, e.g. \'"al-Qaeda"\''
                ) from err
            raise StoreError(f"{self.path}: cannot read {what} ({err})") from err

    @_reading
    def entity(self, entity_id: str) -> LedgerEntity | None:
        """The ledger entity with this id (or alias: ``gov:USA`` is ``country:USA``), or None."""
        row = self._conn.execute("SELECT * FROM ledger_entities WHERE id = ?", (canonical_id(entity_id),)).fetchone()
        return None if row is None else self._ledger_entity(row)

    @_reading
    def entities(self, query: str | None = None, type: str | None = None, limit: int | None = 50) -> list[LedgerEntity]:
        """Ledger entities whose name or an alias contains ``query`` (case-insensitive), of ``type``
        if given; the most quoted first, then the most mentioned, then by name. ``limit=None``: all."""
        if limit is None:
            limit = -1
        elif limit < 0:
            raise ValueError(f"limit must be 0 or more, not {limit}")
        rows = self._read(
            "SELECT * FROM ledger_entities WHERE (:query IS NULL OR instr(search, :query) > 0)"
            " AND (:type IS NULL OR type = :type) ORDER BY statements DESC, articles DESC, name, id LIMIT :limit",
            {"query": query.strip().casefold() if query is not None else None, "type": type, "limit": limit},
            "entities",
        )
        return [self._ledger_entity(row) for row in rows]

    def _ledger_entity(self, row: sqlite3.Row) -> LedgerEntity:
        titles = self._conn.execute(
            "SELECT title, affiliation, as_of FROM entity_titles WHERE ledger_id = ?"
            " ORDER BY as_of = '', as_of, title, affiliation",
            (row["id"],),
        )
        return LedgerEntity(
            id=row["id"],
            name=row["name"],
            type=row["type"],
            aliases=tuple(json.loads(row["aliases_json"])),
            titles=tuple(tuple(value or None for value in t) for t in titles),
            articles=row["articles"],
            statements=row["statements"],
        )

    @_reading
    def entity_statements(self, entity_id: str, limit: int | None = None) -> list[StoredStatement]:
        """The statements this ledger entity is the speaker of, oldest first."""
        where, params = self._statement_filters(None, None, None, None, None, speaker_id=entity_id)
        sql = f"{_STATEMENT_SELECT}{where} ORDER BY {_STATEMENT_ORDER}" + _paging(limit, 0, params)
        return [_stored_statement(row) for row in self._read(sql, params, "statements")]

    @_reading
    def timeline(self, entity_id: str) -> list[StoredEvent]:
        """Events whose actor, recipient, item or place is the entity, oldest first: by the event's
        own date when it has one, else by the article's."""
        rows = self._read(
            "SELECT a.key, a.id, a.title, a.published, e.ledger_json, e.record_json"
            " FROM event_entities x JOIN events e ON e.article_key = x.article_key AND e.id = x.event_id"
            " JOIN articles a ON a.key = e.article_key WHERE x.entity_id = ?"
            " ORDER BY e.sort_date IS NULL, e.sort_date, a.published IS NULL, a.published, a.id, a.key, e.rowid",
            (canonical_id(entity_id),),
            "events",
        )
        return _stored_events(rows)

    @_reading
    def events(self) -> list[StoredEvent]:
        """Every stored event with ledger ids, ordered like a timeline."""
        rows = self._read(
            "SELECT a.key, a.id, a.title, a.published, e.ledger_json, e.record_json"
            " FROM events e JOIN articles a ON a.key = e.article_key"
            " ORDER BY e.sort_date IS NULL, e.sort_date, a.published IS NULL, a.published, a.id, a.key, e.rowid",
            (),
            "events",
        )
        return _stored_events(rows)

    def positions(self, topic: str, limit: int = 200) -> list[StoredStatement]:
        """Statements matching the full-text query ``topic``, oldest first, to set speakers side by side."""
        return self.statements(text=topic, limit=limit)

    @_reading
    def search_articles(self, text: str, limit: int = 20, offset: int = 0) -> list[StoredArticle]:
        """Articles whose title or text match the FTS5 query ``text``, best match first."""
        params: dict[str, Any] = {"text": fts_query(text)}
        sql = (
            f"SELECT {_ARTICLE_COLUMNS} FROM articles_fts f JOIN articles a ON a.key = f.article_key"
            " WHERE articles_fts MATCH :text ORDER BY f.rank, a.key" + _paging(limit, offset, params)
        )
        return [_stored_article(row) for row in self._read(sql, params, "articles", text)]

    @_reading
    def article_record(self, article_key: str) -> ArticleRecord | None:
        """The ArticleRecord stored under ``article_key``, or None."""
        row = self._conn.execute("SELECT record_json FROM articles WHERE key = ?", (article_key,)).fetchone()
        return None if row is None else ArticleRecord.from_dict(json.loads(row["record_json"]))

    @_reading
    def distinct_records(self) -> list[ArticleRecord]:
        """One record per group of near-duplicate articles (the group's first), by date: what
        aggregates such as transfers read, so that a wire story copied by five outlets counts once."""
        rows = self._conn.execute(
            "SELECT record_json FROM articles WHERE dup_group IS NULL OR dup_group = key"
            " ORDER BY published IS NULL, published, id, key"
        )
        return [ArticleRecord.from_dict(json.loads(row["record_json"])) for row in rows]

    @_reading
    def duplicates_of(self, article_key: str) -> list[StoredArticle]:
        """The other articles in this article's near-duplicate group (wire copies, light rewrites)."""
        rows = self._conn.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles a"
            " WHERE a.dup_group = (SELECT dup_group FROM articles WHERE key = :key) AND a.key != :key"
            f" ORDER BY {_ARTICLE_ORDER}",
            {"key": article_key},
        )
        return [_stored_article(row) for row in rows]

    @_reading
    def articles(self) -> list[StoredArticle]:
        """Every stored article, ordered like statements(): by date (undated last), then id."""
        rows = self._conn.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles a ORDER BY {_ARTICLE_ORDER}")
        return [_stored_article(row) for row in rows]

    @_reading
    def get_record(self, key: str) -> ArticleRecord:
        """The ArticleRecord stored under ``key`` (see ``article_key``), as it was added (with the
        one id of each actor, as ``add`` stores it)."""
        row = self._conn.execute("SELECT record_json FROM articles WHERE key = ?", (key,)).fetchone()
        if row is None:
            raise StoreError(f"{self.path}: no article with key {key!r}; list the stored articles to find its key")
        return ArticleRecord.from_dict(json.loads(row["record_json"]))

    @_reading
    def problems(self) -> list[Problem]:
        """The recorded ingest problems, oldest first."""
        rows = self._conn.execute("SELECT source, message FROM ingest_problems ORDER BY id")
        return [Problem(row["source"], row["message"]) for row in rows]

    @_reading
    def counts(self) -> dict[str, int]:
        """Rows per table: articles, statements, entities, events, problems."""
        tables = {
            "articles": "articles",
            "statements": "statements",
            "entities": "entities",
            "events": "events",
            "problems": "ingest_problems",
        }
        # Table names come from the fixed mapping above, never from a caller.
        return {
            name: self._conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for name, table in tables.items()
        }

    def applied_migrations(self) -> list[str]:
        return applied_migrations(self._conn)

    @_reading
    def has_article(self, key: str) -> bool:
        """Whether an article is stored under ``key`` (``article_key`` of its text): what ingest
        asks before extracting, so that re-ingesting a folder extracts nothing already stored."""
        return self._conn.execute("SELECT 1 FROM articles WHERE key = ?", (key,)).fetchone() is not None


def _check_is_ledger(location: Path, shown: str) -> None:
    """Refuse a file that is not a newsledger database, reading it only (never writing)."""
    with location.open("rb") as f:
        header = f.read(100)
    if header[: len(SQLITE_HEADER)] != SQLITE_HEADER:
        raise StoreError(f"{shown}: is not a newsledger database (not an SQLite file); pass a new file name with --db")
    # With no -wal file beside it, everything is in the file itself, and immutable=1 reads it
    # without creating -wal/-shm files next to someone else's database. With one, mode=ro is
    # needed to see what the WAL holds.
    has_wal = location.with_name(location.name + "-wal").exists()
    if not has_wal:
        _check_length(location, header, shown)
    uri = f"{location.resolve().as_uri()}?{'mode=ro' if has_wal else 'immutable=1'}"
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as err:
        raise StoreError(f"{shown}: cannot open the ledger ({err}); check that the file is readable") from err
    try:
        application_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = sorted(name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))
        is_ours = application_id == APPLICATION_ID and "migrations" in tables
        if is_ours:
            _check_schema(conn, shown)
    except sqlite3.DatabaseError as err:
        raise StoreError(_damaged(shown, err)) from err
    finally:
        conn.close()
    is_new = application_id == 0 and not tables
    if not (is_new or is_ours):
        listed = ", ".join(tables[:5]) + (", ..." if len(tables) > 5 else "")
        what = f"with tables {listed}" if tables else f"with application id {application_id}"
        raise StoreError(
            f"{shown}: is not a newsledger database (an SQLite database of another program, {what}); "
            "pass a new file name with --db"
        )


def _check_schema(conn: sqlite3.Connection, shown: str) -> None:
    """Refuse a ledger holding a table, index, view or trigger that its migrations did not create,
    or one whose definition differs from theirs: a trigger in a ledger from elsewhere runs with
    every write (one deleting statements was accepted before), a view can hide what a query reads."""
    applied = tuple(applied_migrations(conn))
    if unknown_migrations(conn):
        return  # written by a newer newsledger: Ledger.open says so
    expected = _schema_of(applied)
    found = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name"
    ).fetchall()
    for kind, name, sql in found:
        if (kind, name) not in expected:
            raise StoreError(
                f"{shown}: holds a {kind} {name!r} that newsledger did not create, so it is not a ledger to trust; "
                "open only ledgers newsledger made, or pass a new file name with --db"
            )
        if expected[(kind, name)] != sql:
            raise StoreError(
                f"{shown}: its {kind} {name!r} is not the one newsledger creates, so it is not a ledger to trust; "
                "open only ledgers newsledger made, or pass a new file name with --db"
            )


@functools.lru_cache(maxsize=8)
def _schema_of(applied: tuple[str, ...]) -> dict[tuple[str, str], str | None]:
    """What the migrations named create, as (type, name) -> SQL: built in an empty database in memory."""
    from newsledger.ledger.migrations import MIGRATIONS

    memory = sqlite3.connect(":memory:", isolation_level=None)
    try:
        memory.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        for fn in MIGRATIONS:
            if fn.__name__ in applied:
                fn(memory)
        rows = memory.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
        return {(kind, name): sql for kind, name, sql in rows}
    finally:
        memory.close()


def _check_length(location: Path, header: bytes, shown: str) -> None:
    """Refuse a file shorter than its header says (a copy cut short): SQLite reads the missing end
    as zeros and may not notice until a query meets it. The header's page count is trusted only
    when SQLite marks it valid (its change counter equals its version-valid-for number)."""
    if len(header) < 100:
        raise StoreError(_damaged(shown, "database disk image is malformed"))
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    if pages and header[24:28] == header[92:96]:
        expected, actual = pages * page_size, location.stat().st_size
        if actual < expected:
            raise StoreError(_damaged(shown, f"it is cut short: {actual:,} of {expected:,} bytes"))


def _check_writable(location: Path, shown: str) -> None:
    """Refuse, before anything is read or written, a ledger that could be opened but never written:
    SQLite would open it read-only without a word and fail at the first article, after leaving
    -wal and -shm files beside it."""
    if location.exists() and not os.access(location, os.W_OK):
        raise StoreError(f"{shown}: the ledger file is read-only; make it writable (chmod u+w) or pass another file with --db")
    folder = location.parent if str(location.parent) else Path(".")
    if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
        raise StoreError(
            f"{shown}: its folder is not writable, and the ledger keeps its journal beside it; "
            "make the folder writable or pass a file in another folder with --db"
        )


def _damaged(shown: str, err: sqlite3.DatabaseError | str) -> str:
    return f"{shown}: the ledger database is damaged ({err}); restore it from a backup or pass a new file name with --db"


def _prepare_connection(conn: sqlite3.Connection, shown: str, readonly: bool) -> None:
    conn.row_factory = sqlite3.Row
    conn.create_function("casefold", 1, _casefold, deterministic=True)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        newer = unknown_migrations(conn)
        if newer:
            raise StoreError(
                f"{shown}: the ledger was written by a newer newsledger (unknown migration {newer[0]}); "
                "upgrade newsledger to open it"
            )
        if readonly:
            if not applied_migrations(conn):
                raise StoreError(f"{shown}: the ledger is empty; add articles to it before opening it read-only")
            if pending_migrations(conn):
                raise StoreError(
                    f"{shown}: the ledger was made by an older newsledger; open it once for writing to upgrade it"
                )
            return
        conn.execute("PRAGMA journal_mode = WAL")
        migrate(conn)
    except sqlite3.DatabaseError as err:
        if "no such module: fts5" in str(err):
            raise StoreError(
                f"{shown}: this Python's SQLite lacks FTS5, which the ledger needs for full-text search; "
                "use a Python whose sqlite3 module includes FTS5 (python.org and most Linux builds do)"
            ) from err
        raise StoreError(
            f"{shown}: cannot set up the ledger ({err}); if the file is damaged, restore it from a backup "
            "or pass a new file name with --db"
        ) from err


def _insert_article(conn: sqlite3.Connection, key: str, data: dict[str, Any]) -> bool:
    """Insert the article row; False when an article with this key is already stored."""
    cursor = conn.execute(
        "INSERT INTO articles (key, id, source, title, published, url, text, ignored_json, record_json, ingested_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING",
        (
            key,
            data["id"],
            data["source"],
            data["title"],
            data["published"],
            data["url"],
            data["text"],
            _json(data["ignored"]),
            _json(data),
            _now(),
        ),
    )
    return cursor.rowcount == 1


def _insert_entities(conn: sqlite3.Connection, key: str, entities: list[dict[str, Any]]) -> None:
    conn.executemany(
        "INSERT INTO entities (article_key, id, name, type, title, affiliation, aliases_json, mentions_json)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                key,
                e["id"],
                e["name"],
                e["type"],
                e["title"],
                e["affiliation"],
                _json(e["aliases"]),
                _json(e["mentions"]),
            )
            for e in entities
        ],
    )


def _insert_statements(conn: sqlite3.Connection, key: str, statements: list[dict[str, Any]]) -> None:
    rows = []
    for s in statements:
        speaker = s["speaker"] or {}
        entity = s["speaker_entity"] or {}
        addressee = s["addressee"] or {}
        rows.append(
            (
                key,
                s["id"],
                speaker.get("text"),
                speaker.get("start"),
                speaker.get("end"),
                entity.get("id"),
                entity.get("name"),
                entity.get("type"),
                entity.get("title"),
                entity.get("affiliation"),
                s["cue"]["text"],
                s["cue"]["start"],
                s["cue"]["end"],
                s["content"]["text"],
                s["content"]["start"],
                s["content"]["end"],
                _json(s["content"]["parts"]),
                s["kind"],
                addressee.get("text"),
                addressee.get("start"),
                addressee.get("end"),
                s["confidence"],
            )
        )
    conn.executemany(
        "INSERT INTO statements (article_key, id, speaker_text, speaker_start, speaker_end,"
        " speaker_entity_id, speaker_name, speaker_type, speaker_title, speaker_affiliation,"
        " cue_text, cue_start, cue_end, content_text, content_start, content_end, content_parts_json,"
        " kind, addressee_text, addressee_start, addressee_end, confidence)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def _insert_events(conn: sqlite3.Connection, key: str, events: list[dict[str, Any]]) -> None:
    conn.executemany(
        "INSERT INTO events (article_key, id, record_json) VALUES (?, ?, ?)",
        # Events are free-form dicts for now; one without an id is keyed by its position.
        [(key, str(event.get("id", position)), _json(event)) for position, event in enumerate(events)],
    )


def _stored_events(rows: list[sqlite3.Row]) -> list[StoredEvent]:
    return [
        StoredEvent(
            article_key=row[0],
            article_id=row[1],
            article_title=row[2],
            article_published=row[3],
            event=Event.from_dict(json.loads(row[4] or row[5])),
        )
        for row in rows
    ]


def _paging(limit: int | None, offset: int, params: dict[str, Any]) -> str:
    if limit is not None and limit < 0:
        raise ValueError(f"limit must be 0 or more, not {limit}")
    if offset < 0:
        raise ValueError(f"offset must be 0 or more, not {offset}")
    if limit is None and not offset:
        return ""
    params["limit"] = -1 if limit is None else limit
    params["offset"] = offset
    return " LIMIT :limit OFFSET :offset"


def _stored_article(row: sqlite3.Row) -> StoredArticle:
    return StoredArticle(
        key=row["key"],
        article=Article(
            id=row["id"],
            text=row["text"],
            source=row["source"],
            title=row["title"],
            published=row["published"],
            url=row["url"],
        ),
        ingested_at=row["ingested_at"],
    )


def _stored_statement(row: sqlite3.Row) -> StoredStatement:
    speaker = None
    if row["speaker_start"] is not None:
        speaker = Span(row["speaker_start"], row["speaker_end"], row["speaker_text"])
    speaker_entity = None
    if row["speaker_entity_id"] is not None:
        speaker_entity = EntityRef(
            row["speaker_entity_id"],
            row["speaker_name"],
            row["speaker_type"],
            row["speaker_title"],
            row["speaker_affiliation"],
        )
    addressee = None
    if row["addressee_start"] is not None:
        addressee = Span(row["addressee_start"], row["addressee_end"], row["addressee_text"])
    statement = Statement(
        id=row["id"],
        speaker=speaker,
        speaker_entity=speaker_entity,
        cue=Span(row["cue_start"], row["cue_end"], row["cue_text"]),
        content=Content(
            row["content_start"],
            row["content_end"],
            row["content_text"],
            tuple(tuple(part) for part in json.loads(row["content_parts_json"])),
        ),
        kind=row["kind"],
        addressee=addressee,
        confidence=row["confidence"],
    )
    return StoredStatement(
        article_key=row["a_key"],
        article_id=row["a_id"],
        article_source=row["a_source"],
        article_title=row["a_title"],
        article_published=row["a_published"],
        article_url=row["a_url"],
        statement=statement,
        speaker_id=row["speaker_id"],
        group_id=None if row["group_id"] is None else str(row["group_id"]),
        group_size=row["g_size"] or 1,
    )


def _rejection_message(record: ArticleRecord, err: sqlite3.IntegrityError) -> str:
    if "UNIQUE" in str(err):
        fix = "statement, entity and event ids must be unique within an article"
    else:
        fix = "the record is incomplete"
    return f"{record.article.source}: cannot store article {record.article.id!r} ({err}); {fix}"


_FTS_TOKEN = re.compile(r'"[^"]*"|\S+')
_FTS_PLAIN = re.compile(r"^[\w*()^]+$")
_FTS_OPERATORS = {"AND", "OR", "NOT", "NEAR"}


def fts_query(text: str) -> str:
    """An FTS5 query in which a bare word with punctuation is a phrase: `S-400 Turkey` searches
    `"S-400" Turkey` (FTS5 would read `S-400` as column `S` minus `400`). Quoted phrases, `OR`,
    `NOT`, `NEAR`, `prefix*` and parentheses pass through unchanged."""
    out = []
    for token in _FTS_TOKEN.findall(text):
        if token.startswith('"') or token in _FTS_OPERATORS or _FTS_PLAIN.match(token):
            out.append(token)
        else:
            out.append('"' + token.replace('"', "") + '"')
    return " ".join(out)


def _is_fts_query_error(err: sqlite3.OperationalError) -> bool:
    message = str(err)
    return message.startswith("fts5:") or any(
        hint in message for hint in ("no such column", "unterminated string", "unknown special query")
    )


def _casefold(value: str | None) -> str | None:
    return None if value is None else value.casefold()


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
