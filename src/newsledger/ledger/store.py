"""The ledger: ArticleRecords stored in one SQLite file, each article whole or not at all, and queried back."""

from __future__ import annotations

import functools
import itertools
import hashlib
import json
import math
import re
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from newsledger.errors import StoreError
from newsledger.dates import check_published
from newsledger.ledger import indexing
from newsledger.ledger.linking import canonical_id, link_article, with_canonical_ids
from newsledger.ledger.migrations import (
    APPLICATION_ID,
    applied_migrations,
    migrate,
    pending_migrations,
    unknown_migrations,
)
from newsledger.records import Article, ArticleRecord, Event, Problem, Statement, round_confidence
from newsledger.rows import ledger_entity_row, statement_columns, statement_from_columns, to_json

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

    def to_dict(self) -> dict[str, Any]:
        """The entity as the entities table and `newsledger entities --format jsonl` write it."""
        return ledger_entity_row(self.id, self.name, self.type, self.aliases, self.titles, self.articles, self.statements)


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
# Speaker strings matched by a speaker filter whose statements are merged in order, one index
# range each; a filter matching more reads the list order and keeps the speaker's statements.
_MERGED_SPEAKERS = 16
_FETCHED_AT_ONCE = 500  # statements read by key in one query
_ARTICLE_COLUMNS = "a.key, a.id, a.source, a.title, a.published, a.url, a.text, a.ingested_at"
_ARTICLE_ORDER = "a.published IS NULL, a.published, a.id, a.key"


# An ingest batch is committed after this many articles, this much of their text, or this long
# after its first write, whichever comes first: the write lock is held no longer than that (plus
# the time the caller takes to bring the next article), and a killed run loses no more.
BATCH_ARTICLES = 100
BATCH_TEXT_BYTES = 4_000_000
BATCH_SECONDS = 1.0
WRITE_CACHE_KIB = 32 * 1024  # the page cache of a connection that writes


@dataclass
class _Batch:
    articles: int
    text_bytes: float  # math.inf: no bound
    seconds: float
    written: int = 0
    size: int = 0
    started: float = 0.0

    def add(self, size: int) -> bool:
        """Count one write; True when the batch is full (and start counting the next)."""
        if self.written == 0:
            self.started = time.monotonic()
        self.written += 1
        self.size += size
        if (
            self.written >= self.articles
            or self.size >= self.text_bytes
            or time.monotonic() - self.started >= self.seconds
        ):
            self.written = self.size = 0
            return True
        return False


@dataclass(frozen=True)
class KeyQuery:
    """SQL that gives matching statements' order keys (``k``), in list order, or with ``by_day``
    day by day (``d``), each day's keys unsorted (full-text matches; see ``Ledger._keys_in_order``)."""

    sql: str
    params: dict[str, Any]
    by_day: bool = False

    def paged(self, limit: int | None, offset: int) -> KeyQuery:
        params = {**self.params, "limit": -1 if limit is None else limit, "offset": offset}
        return KeyQuery(self.sql + " LIMIT :limit OFFSET :offset", params, self.by_day)


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
        self._batch: _Batch | None = None
        self._together = False  # inside add_together's transaction

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
            raise StoreError(_rejection(record, err).message) from err

    def add_together(self, records: Sequence[ArticleRecord]) -> list[bool | Problem]:
        """Store the records in one transaction, as ``add`` stores each (True for an article
        added, False for one already stored), committed when this returns. A record the ledger
        refuses (say, two statements with one id) is not stored and the run goes on: its place in
        the list holds the Problem that says why, for the caller to report and record.

        They are written without a savepoint per article (each costs a copy of the pages the
        article changes, kept to undo it): should any write fail, the transaction is undone and
        the records are written again in a batch, each under its savepoint, so that a failing
        article is undone alone, the others kept. Either way each article is whole or absent."""
        if self.readonly:
            raise StoreError(f"{self.path}: cannot write to the ledger: it was opened read-only")
        if self._batch is not None:  # inside the caller's batch: its savepoints
            return [self._add_or_refuse(record) for record in records]
        try:
            return self._write_together(records)
        except Exception:
            return self._write_each_undone_alone(records)
        except BaseException:  # interrupted: keep what can be kept, then stop
            self._write_each_undone_alone(records)
            raise

    def _write_together(self, records: Sequence[ArticleRecord]) -> list[bool]:
        self._together = True
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            added = [self._write_record(record) for record in records]
            self._conn.execute("COMMIT")
            return added
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise
        finally:
            self._together = False

    def _write_each_undone_alone(self, records: Sequence[ArticleRecord]) -> list[bool | Problem]:
        with self.batched(articles=len(records) + 1, text_bytes=math.inf, seconds=math.inf):  # one transaction
            return [self._add_or_refuse(record) for record in records]

    def _add_or_refuse(self, record: ArticleRecord) -> bool | Problem:
        """``add``, with a refused record's Problem returned rather than raised."""
        try:
            return self._write_record(record)
        except sqlite3.IntegrityError as err:
            return _rejection(record, err)

    def add_many(self, records: Iterable[ArticleRecord]) -> IngestSummary:
        """Store the records in batches (see ``batched``): each article whole or not at all, so an
        interrupted run leaves no partial article.

        A record the ledger refuses (say, two statements with one id) is recorded in
        ``ingest_problems`` and counted as failed; the run goes on.
        """
        with self.batched():
            return self._add_each(records)

    def _add_each(self, records: Iterable[ArticleRecord]) -> IngestSummary:
        added = skipped = statements_added = failed = 0
        for record in records:
            is_new = self._add_or_refuse(record)
            if isinstance(is_new, Problem):
                self.record_problem(is_new)
                failed += 1
                continue
            if is_new:
                added += 1
                statements_added += len(record.statements)
            else:
                skipped += 1
        return IngestSummary(added, skipped, statements_added, failed)

    def record_problem(self, problem: Problem) -> None:
        """Record an input that could not be processed, so it is reported rather than lost."""
        self.record_problems([problem])

    def record_problems(self, problems: Iterable[Problem]) -> None:
        """Record problems in one transaction (a file of 200,000 bad lines is one write, not
        200,000). A problem already recorded (the same source and message, as when a run is
        repeated or resumed after a kill) is not recorded twice."""
        at = _now()
        rows = [(p.source, p.message, p.kind, p.problem, p.fix, at) for p in problems]
        if not rows:
            return
        with self._transaction("record problems"):
            self._conn.executemany(
                "INSERT OR IGNORE INTO ingest_problems (source, message, kind, problem, fix, at) VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )

    @contextmanager
    def batched(
        self, articles: int = BATCH_ARTICLES, text_bytes: float = BATCH_TEXT_BYTES, seconds: float = BATCH_SECONDS
    ) -> Iterator[None]:
        """Group the articles stored inside into transactions of at most ``articles`` articles,
        about ``text_bytes`` of their text or ``seconds`` from the first write, instead of one
        each: a page of an index that many articles touch is then written to the log once per
        batch, not once per article.

        Each article is still whole or absent: it is written under a savepoint, undone alone if
        it fails. Leaving the block commits the articles stored so far, whatever ends it; a run
        killed outright loses the articles of its open batch, never part of one.
        """
        if self.readonly:
            raise StoreError(f"{self.path}: cannot write to the ledger: it was opened read-only")
        if self._batch is not None:  # already batched by the caller
            yield
            return
        self._batch = _Batch(articles, text_bytes, seconds)
        # What undoes a failed article (the savepoint's copy of the pages it changed) is kept in
        # memory, not spilled to a temporary file once it passes 64 KiB (it does for most articles
        # of a batch, as each changes pages the articles before it changed).
        self._conn.execute("PRAGMA temp_store = MEMORY")
        try:
            yield
        finally:
            self._batch = None
            try:
                self._commit_batch()
            finally:
                self._conn.execute("PRAGMA temp_store = DEFAULT")

    def _commit_batch(self) -> None:
        if not self._conn.in_transaction:
            return
        try:
            self._conn.execute("COMMIT")
        except sqlite3.Error as err:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise StoreError(f"{self.path}: cannot write to the ledger ({err})") from err

    def _write_record(self, record: ArticleRecord) -> bool:
        record = with_canonical_ids(record)  # a record written before governments took their country's id
        data = record.to_dict()
        key = article_key(record.article.text)
        with self._transaction("write to the ledger", size=len(data["text"])):
            if not _insert_article(self._conn, key, data):
                return False
            _insert_entities(self._conn, key, data["entities"])
            _insert_statements(self._conn, key, record.statements)
            _insert_events(self._conn, key, data["events"])
            link_article(self._conn, key, record)
            indexing.index_article(self._conn, key)
        return True

    @contextmanager
    def _transaction(self, action: str, size: int = 0) -> Iterator[None]:
        """One write transaction: all of it is committed or none of it, whatever interrupts it.
        Inside ``batched``, a savepoint in the batch's transaction, which is committed once the
        batch is full (``size`` is the bytes of text this write adds to it).

        sqlite3 errors other than IntegrityError (a locked or full disk) become a StoreError
        naming ``action``; IntegrityError is left to the caller, which knows the record.
        """
        if self.readonly:
            raise StoreError(f"{self.path}: cannot {action}: it was opened read-only")
        if self._together:  # inside add_together's one transaction
            yield
            return
        if self._batch is not None:
            with self._savepoint(action):
                yield
            if self._batch.add(size):
                self._commit_batch()
            return
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

    @contextmanager
    def _savepoint(self, action: str) -> Iterator[None]:
        try:
            if not self._conn.in_transaction:
                self._conn.execute("BEGIN IMMEDIATE")
            self._conn.execute("SAVEPOINT article")
            try:
                yield
                self._conn.execute("RELEASE article")
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK TO article")
                    self._conn.execute("RELEASE article")
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

        A page is read in order off an index (see ``ledger.indexing``): its cost grows with
        ``offset + limit``, not with the size of the ledger.
        """
        _paging(limit, offset, {})
        if distinct_claims and speaker is None and text is None and since is None and until is None:
            query = self._first_claims(entity)
            if limit is not None or offset:
                query = query.paged(limit, offset)
            return self._statements_by_key(row["k"] for row in self._read_cursor(query.sql, query.params, "statements"))
        if not distinct_claims and speaker is None and text is None and entity is None and since is None and until is None:
            # Every statement: the rows themselves in the order of the index (an export reads them all).
            params: dict[str, Any] = {}
            sql = _STATEMENT_SELECT.replace("statements s", "statements s INDEXED BY statements_order", 1)
            rows = self._read(f"{sql} ORDER BY s.sort_key" + _paging(limit, offset, params), params, "statements")
            return [_stored_statement(row) for row in rows]
        query = self._statement_keys(speaker, text, entity, since, until, with_group=distinct_claims)
        if query is None:
            return []
        if distinct_claims:
            keys = self._first_of_each_claim(query, limit, offset, text)
        elif query.by_day:
            rows = self._keys_in_order(query, text)
            keys = (row["k"] for row in itertools.islice(rows, offset, None if limit is None else offset + limit))
        else:
            if limit is not None or offset:
                query = query.paged(limit, offset)
            keys = (row["k"] for row in self._read_cursor(query.sql, query.params, "statements", text))
        return self._statements_by_key(keys)

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
        at_most: int | None = None,
    ) -> int:
        """How many statements ``statements()`` gives with the same filters (for paging).

        With ``at_most``, counting stops there (the result is ``min(count, at_most)``), so that a
        count costs no more than reading ``at_most`` keys off an index; the count of every
        statement, and of a speaker's alone, are kept by the ledger and cost nothing.
        """
        if at_most is not None and at_most < 0:
            raise ValueError(f"at_most must be 0 or more, not {at_most}")
        bounded = (lambda n: n) if at_most is None else (lambda n: min(n, at_most))
        unfiltered = text is None and entity is None and since is None and until is None
        if unfiltered and not distinct_claims:
            if speaker is None:
                return bounded(self._row_count("statements"))
            row = self._conn.execute(
                "SELECT coalesce(sum(statements), 0) FROM speaker_searches WHERE instr(search, ?) > 0",
                (speaker.strip().casefold(),),
            ).fetchone()
            return bounded(row[0])
        first_claims = distinct_claims and speaker is None and text is None and since is None and until is None
        if first_claims:
            query = self._first_claims(entity, ordered=False)
        else:
            query = self._statement_keys(speaker, text, entity, since, until, ordered=distinct_claims, with_group=distinct_claims)
        if query is None:
            return 0
        if distinct_claims and not first_claims:
            return len(self._first_of_each_claim(query, at_most, 0, text))
        sql, params = query.sql, query.params
        if at_most is not None:
            sql += " LIMIT :at_most"
            params = {**params, "at_most": at_most}
        return self._read(f"SELECT count(*) FROM ({sql})", params, "statements", text)[0][0]

    def _row_count(self, table: str) -> int:
        row = self._conn.execute("SELECT n FROM row_counts WHERE name = ?", (table,)).fetchone()
        return 0 if row is None else row[0]

    def _statement_keys(
        self,
        speaker: str | None,
        text: str | None,
        entity: str | None,
        since: str | None,
        until: str | None,
        speaker_id: str | None = None,
        ordered: bool = True,
        with_group: bool = False,
    ) -> KeyQuery | None:
        """SQL giving the order key (``k``) of each matching statement (and its claim group,
        ``g``, if ``with_group``), read off one index: an entity's statements, a speaker's, the
        full-text matches day by day, or the list order itself, the other filters checked on each
        row; in list order unless ``ordered`` is false (full-text matches come day by day, each
        day's to be sorted: see ``KeyQuery``). None when nothing can match.

        Every value the caller gives is a parameter.
        """
        params: dict[str, Any] = {}
        since, until = check_published(since, "since"), check_published(until, "until")
        low, high = indexing.date_bounds(since, until)
        params.update(low=low, high=high)
        checks: list[str] = []
        if text is not None:
            params["text"] = fts_query(text)
        speaker_keys: list[int] | None = None
        if speaker is not None:
            params["speaker"] = speaker.strip().casefold()
            speaker_keys = [
                key
                for (key,) in self._conn.execute(
                    "SELECT id FROM speaker_searches WHERE instr(search, ?) > 0 ORDER BY id", (params["speaker"],)
                )
            ]
            if not speaker_keys:
                return None
        if speaker_id is not None:
            params["speaker_id"] = canonical_id(speaker_id)
        if entity is not None:
            params["entity"] = canonical_id(entity)
        group = ", s.group_id AS g" if with_group else ""

        def where(key_column: str | None, *more: str) -> str:
            clauses = list(more)
            if low is not None and key_column is not None:
                clauses += [f"{key_column} >= :low", f"{key_column} < :high"]
            return " WHERE " + " AND ".join(clauses) if clauses else ""

        def order(key_column: str) -> str:
            return f" ORDER BY {key_column}" if ordered else ""

        speaker_check = "s.speaker_key IN (SELECT id FROM speaker_searches WHERE instr(search, :speaker) > 0)"
        text_check = (
            "(s.article_key, s.id) IN (SELECT article_key, statement_id FROM statements_fts WHERE content_text MATCH :text)"
        )
        if entity is not None or speaker_id is not None:
            checks += [text_check] if text is not None else []
            checks += [speaker_check] if speaker is not None else []
            checks += ["s.speaker_id = :speaker_id"] if speaker_id is not None else []
            if entity is not None:
                # An entity's statements in order; each is looked up only when there is more to check.
                if not checks and not with_group:
                    sql = "SELECT x.sort_key AS k FROM entity_statement_order x"
                else:
                    sql = (
                        f"SELECT x.sort_key AS k{group} FROM entity_statement_order x"
                        " JOIN statements s INDEXED BY statements_order ON s.sort_key = x.sort_key"
                    )
                return KeyQuery(sql + where("x.sort_key", "x.entity_id = :entity", *checks) + order("x.sort_key"), params)
            sql = f"SELECT s.sort_key AS k{group} FROM statements s INDEXED BY statements_speaker_id_order"
            return KeyQuery(sql + where("s.sort_key", *checks) + order("s.sort_key"), params)
        if text is not None:
            # The full-text matches in the order of their rowids, which follow the article's day
            # (see m006): a page reads the matches of the days it shows, and dates bound rowids.
            checks += [speaker_check] if speaker is not None else []
            params.update(zip(("first_day", "after_day"), indexing.fts_rowid_bounds(since, until)))
            days = ["f.rowid >= :first_day", "f.rowid < :after_day"] if low is not None else []
            if checks or with_group:
                sql = (
                    f"SELECT s.sort_key AS k{group}, f.rowid >> 32 AS d FROM statements_fts f"
                    " JOIN statements s ON s.article_key = f.article_key AND s.id = f.statement_id"
                )
            elif ordered:
                sql = (
                    "SELECT (SELECT sort_key FROM statements WHERE article_key = f.article_key AND id = f.statement_id)"
                    " AS k, f.rowid >> 32 AS d FROM statements_fts f"
                )
            else:  # a count: the full-text index alone
                sql = "SELECT f.rowid AS k FROM statements_fts f"
            return KeyQuery(
                sql + where(None, "f.content_text MATCH :text", *days, *checks) + (" ORDER BY f.rowid" if ordered else ""),
                params,
                by_day=ordered,
            )
        if speaker_keys is not None and len(speaker_keys) <= _MERGED_SPEAKERS:
            # One index range per matching speaker string, merged in order.
            arms = []
            for n, key in enumerate(speaker_keys):
                params[f"speaker{n}"] = key
                arms.append(
                    f"SELECT s.sort_key AS k{group} FROM statements s INDEXED BY statements_speaker_key_order"
                    + where("s.sort_key", f"s.speaker_key = :speaker{n}", *checks)
                )
            return KeyQuery(" UNION ALL ".join(arms) + order("k"), params)
        checks += [speaker_check] if speaker is not None else []
        sql = f"SELECT s.sort_key AS k{group} FROM statements s INDEXED BY statements_order"
        return KeyQuery(sql + where("s.sort_key", *checks) + order("s.sort_key"), params)

    def _first_claims(self, entity: str | None, ordered: bool = True) -> KeyQuery:
        """The first statement of each claim, among all statements or among an entity's (spoken
        or named in), in list order: kept at ingest in claim_order (see m006)."""
        scope = "" if entity is None else canonical_id(entity)
        sql = "SELECT first_key AS k FROM claim_order WHERE scope = :scope" + (" ORDER BY first_key" if ordered else "")
        return KeyQuery(sql, {"scope": scope})

    def _keys_in_order(self, query: KeyQuery, text: str | None) -> Iterator[sqlite3.Row]:
        """The rows of ``query`` in list order, read only as far as they are taken: a query read
        day by day has each day's rows sorted by key."""
        rows = self._read_cursor(query.sql, query.params, "statements", text)
        if not query.by_day:
            yield from rows
            return
        day: list[sqlite3.Row] = []
        for row in rows:
            if day and row["d"] != day[0]["d"]:
                yield from sorted(day, key=lambda r: r["k"])
                day = []
            day.append(row)
        yield from sorted(day, key=lambda r: r["k"])

    def _first_of_each_claim(self, query: KeyQuery, limit: int | None, offset: int, text: str | None) -> list[bytes]:
        """The keys of the first statement of each claim group, in order, reading the matching
        statements in order only until ``offset + limit`` groups are found."""
        seen: set[Any] = set()
        keys: list[bytes] = []
        wanted = None if limit is None else offset + limit
        for row in self._keys_in_order(query, text):
            if wanted is not None and len(keys) >= wanted:
                break
            key, group = row["k"], row["g"]
            identity = key if group is None else group
            if identity in seen:
                continue
            seen.add(identity)
            keys.append(key)
        return keys[offset:]

    def _statements_by_key(self, keys: Iterable[bytes]) -> list[StoredStatement]:
        """The statements with these order keys, in the order given, read a few hundred at a time."""
        found: list[StoredStatement] = []
        chunk: list[bytes] = []

        def read() -> None:
            marks = ", ".join("?" for _ in chunk)
            rows = self._conn.execute(
                f"{_STATEMENT_SELECT} WHERE s.sort_key IN ({marks})", chunk
            ).fetchall()
            by_key = {row["sort_key"]: row for row in rows}
            found.extend(_stored_statement(by_key[key]) for key in chunk)
            chunk.clear()

        for key in keys:
            chunk.append(key)
            if len(chunk) == _FETCHED_AT_ONCE:
                read()
        if chunk:
            read()
        return found

    def _read_cursor(self, sql: str, params: dict[str, Any], what: str, fts_query: str | None = None) -> Iterator[sqlite3.Row]:
        """Rows one at a time (a page stops reading early), with ``_read``'s errors."""
        try:
            cursor = self._conn.execute(sql, params)
            while True:
                rows = cursor.fetchmany(256)
                if not rows:
                    return
                yield from rows
        except sqlite3.OperationalError as err:
            raise self._read_error(err, what, fts_query) from err

    def _read(self, sql: str, params: dict[str, Any] | tuple[Any, ...], what: str, fts_query: str | None = None) -> list[sqlite3.Row]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError as err:
            raise self._read_error(err, what, fts_query) from err

    def _read_error(self, err: sqlite3.OperationalError, what: str, fts_query: str | None) -> StoreError:
        if fts_query is not None and _is_fts_query_error(err):
            return StoreError(
                f"invalid full-text query {fts_query!r} ({err}); "
                f'put words with punctuation in double quotes, e.g. \'"al-Qaeda"\''
            )
        return StoreError(f"{self.path}: cannot read {what} ({err})")

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
        _paging(limit, 0, {})
        query = self._statement_keys(None, None, None, None, None, speaker_id=entity_id)
        assert query is not None  # only a speaker filter can rule everything out
        if limit is not None:
            query = query.paged(limit, 0)
        return self._statements_by_key(row["k"] for row in self._read_cursor(query.sql, query.params, "statements"))

    @_reading
    def timeline(self, entity_id: str, limit: int | None = None) -> list[StoredEvent]:
        """Events whose actor, recipient, item or place is the entity, oldest first: by the event's
        own date when it has one, else by the article's (then by the article's date, id and key,
        and the order the events were stored in). Read in order off an index."""
        params: dict[str, Any] = {"entity": canonical_id(entity_id)}
        rows = self._read(
            "SELECT a.key, a.id, a.title, a.published, e.ledger_json, e.record_json"
            " FROM event_entities x INDEXED BY event_entities_order"
            " JOIN events e ON e.article_key = x.article_key AND e.id = x.event_id"
            " JOIN articles a ON a.key = e.article_key WHERE x.entity_id = :entity ORDER BY x.sort_key"
            + _paging(limit, 0, params),
            params,
            "events",
        )
        return _stored_events(rows)

    @_reading
    def events(self, limit: int | None = None, offset: int = 0) -> list[StoredEvent]:
        """Stored events with ledger ids, ordered like a timeline; read in order off an index."""
        params: dict[str, Any] = {}
        rows = self._read(
            "SELECT a.key, a.id, a.title, a.published, e.ledger_json, e.record_json"
            " FROM events e INDEXED BY events_order JOIN articles a ON a.key = e.article_key"
            " ORDER BY e.sort_key" + _paging(limit, offset, params),
            params,
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
        """The recorded ingest problems, oldest first; one recorded by an older newsledger (its line
        alone, before m007) comes as ``Problem.legacy``."""
        rows = self._conn.execute("SELECT source, message, kind, problem, fix FROM ingest_problems ORDER BY id")
        return [
            Problem.legacy(row["source"], row["message"])
            if row["problem"] is None
            else Problem.of(row["source"], row["problem"], row["fix"], kind=row["kind"])
            for row in rows
        ]

    @_reading
    def counts(self) -> dict[str, int]:
        """Rows per table: articles, statements, entities, events (kept by the ledger, so reading
        them costs nothing), problems (counted: there are few)."""
        counts = {table: self._row_count(table) for table in indexing.COUNTED}
        counts["problems"] = self._conn.execute("SELECT count(*) FROM ingest_problems").fetchone()[0]
        return counts

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
    indexing.register(conn)
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
        # Room for a batch's pages (a batch of 100 articles changes about 8 MB of them): with the
        # default 2 MB, SQLite writes pages out mid-transaction and reads them back.
        conn.execute(f"PRAGMA cache_size = -{WRITE_CACHE_KIB}")
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
            to_json(data["ignored"]),
            to_json(data),
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
                to_json(e["aliases"]),
                to_json(e["mentions"]),
            )
            for e in entities
        ],
    )


# The statements table's columns after the article key and statement id: ``rows.statement_columns``,
# the content's parts as JSON.
_STATEMENT_COLUMNS = (
    "speaker_text", "speaker_start", "speaker_end", "speaker_entity_id", "speaker_name", "speaker_type",
    "speaker_title", "speaker_affiliation", "cue_text", "cue_start", "cue_end", "content_text", "content_start",
    "content_end", "content_parts_json", "kind", "addressee_text", "addressee_start", "addressee_end", "confidence",
)
_INSERT_STATEMENT = (
    f"INSERT INTO statements (article_key, id, {', '.join(_STATEMENT_COLUMNS)})"
    f" VALUES ({', '.join('?' * (len(_STATEMENT_COLUMNS) + 2))})"
)


def _insert_statements(conn: sqlite3.Connection, key: str, statements: Iterable[Statement]) -> None:
    rows = []
    for s in statements:
        # Stored as the record's JSON has it (``Statement.to_dict``): its confidence rounded.
        values = statement_columns(s)
        values.update(content_parts_json=to_json(values["content_parts"]), confidence=round_confidence(s.confidence))
        rows.append((key, s.id, *(values[name] for name in _STATEMENT_COLUMNS)))
    conn.executemany(_INSERT_STATEMENT, rows)


def _insert_events(conn: sqlite3.Connection, key: str, events: list[dict[str, Any]]) -> None:
    conn.executemany(
        "INSERT INTO events (article_key, id, record_json) VALUES (?, ?, ?)",
        # Events are free-form dicts for now; one without an id is keyed by its position.
        [(key, str(event.get("id", position)), to_json(event)) for position, event in enumerate(events)],
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
    return StoredStatement(
        article_key=row["a_key"],
        article_id=row["a_id"],
        article_source=row["a_source"],
        article_title=row["a_title"],
        article_published=row["a_published"],
        article_url=row["a_url"],
        statement=statement_from_columns(row["id"], row, json.loads(row["content_parts_json"])),
        speaker_id=row["speaker_id"],
        group_id=None if row["group_id"] is None else str(row["group_id"]),
        group_size=row["g_size"] or 1,
    )


def _rejection(record: ArticleRecord, err: sqlite3.IntegrityError) -> Problem:
    """The problem of a record the ledger refused; SQLite says why only in its message."""
    if "UNIQUE" in str(err):
        fix = "statement, entity and event ids must be unique within an article"
    else:
        fix = "the record is incomplete"
    return Problem.of(record.article.source, f"cannot store article {record.article.id!r} ({err})", fix, kind="not_stored")


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


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
