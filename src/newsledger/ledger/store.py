"""The ledger: ArticleRecords stored in one SQLite file, one transaction per article, and queried back."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from newsledger.errors import StoreError
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
        """Store one article with all its rows in one transaction.

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
        with self._transaction("record a problem"):
            self._conn.execute(
                "INSERT INTO ingest_problems (source, message, at) VALUES (?, ?, ?)",
                (source, message, _now()),
            )

    def _write_record(self, record: ArticleRecord) -> bool:
        data = record.to_dict()
        key = article_key(record.article.text)
        with self._transaction("write to the ledger"):
            if not _insert_article(self._conn, key, data):
                return False
            _insert_entities(self._conn, key, data["entities"])
            _insert_statements(self._conn, key, data["statements"])
            _insert_events(self._conn, key, data["events"])
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

    def statements(
        self,
        speaker: str | None = None,
        text: str | None = None,
        limit: int | None = None,
    ) -> list[StoredStatement]:
        """Statements, ordered by article date (undated last), article id and position in the text.

        ``speaker`` matches, case-insensitively and as a substring, the resolved speaker's name,
        any alias of that entity, or the speaker as written ("pompeo" finds "Mike Pompeo").
        ``text`` is an SQLite FTS5 query over the statement content: words are ANDed, and
        ``"exact phrase"``, ``OR``, ``NOT`` and ``prefix*`` work.
        """
        clauses = []
        params: dict[str, Any] = {}
        if speaker is not None:
            clauses.append(
                """(
                    instr(casefold(s.speaker_name), :speaker) > 0
                    OR instr(casefold(s.speaker_text), :speaker) > 0
                    OR EXISTS (
                        SELECT 1 FROM entities e
                        WHERE e.article_key = s.article_key AND e.id = s.speaker_entity_id
                          AND (
                            instr(casefold(e.name), :speaker) > 0
                            OR EXISTS (
                                SELECT 1 FROM json_each(e.aliases_json) alias
                                WHERE instr(casefold(alias.value), :speaker) > 0
                            )
                          )
                    )
                )"""
            )
            params["speaker"] = speaker.strip().casefold()
        if text is not None:
            clauses.append(
                "(s.article_key, s.id) IN "
                "(SELECT article_key, statement_id FROM statements_fts WHERE content_text MATCH :text)"
            )
            params["text"] = text
        sql = (
            "SELECT a.key AS a_key, a.id AS a_id, a.source AS a_source, a.title AS a_title,"
            " a.published AS a_published, a.url AS a_url, s.*"
            " FROM statements s JOIN articles a ON a.key = s.article_key"
        )
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY a.published IS NULL, a.published, a.id, a.key, s.content_start, s.id"
        if limit is not None:
            if limit < 0:
                raise ValueError(f"limit must be 0 or more, not {limit}")
            sql += " LIMIT :limit"
            params["limit"] = limit
        try:
            rows = self._conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError as err:
            if text is not None and _is_fts_query_error(err):
                raise StoreError(
                    f"invalid full-text query {text!r} ({err}); "
                    f'put words with punctuation in double quotes, e.g. \'"al-Qaeda"\''
                ) from err
            raise StoreError(f"{self.path}: cannot read statements ({err})") from err
        return [_stored_statement(row) for row in rows]

    def articles(self) -> list[StoredArticle]:
        """Every stored article, ordered like statements(): by date (undated last), then id."""
        rows = self._conn.execute(
            "SELECT key, id, source, title, published, url, text, ingested_at FROM articles"
            " ORDER BY published IS NULL, published, id, key"
        )
        return [
            StoredArticle(
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
            for row in rows
        ]

    def get_record(self, key: str) -> ArticleRecord:
        """The ArticleRecord stored under ``key`` (see ``article_key``), exactly as it was added."""
        row = self._conn.execute("SELECT record_json FROM articles WHERE key = ?", (key,)).fetchone()
        if row is None:
            raise StoreError(f"{self.path}: no article with key {key!r}; list the stored articles to find its key")
        return ArticleRecord.from_dict(json.loads(row["record_json"]))

    def problems(self) -> list[Problem]:
        """The recorded ingest problems, oldest first."""
        rows = self._conn.execute("SELECT source, message FROM ingest_problems ORDER BY id")
        return [Problem(row["source"], row["message"]) for row in rows]

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


def _check_is_ledger(location: Path, shown: str) -> None:
    """Refuse a file that is not a newsledger database, reading it only (never writing)."""
    with location.open("rb") as f:
        header = f.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise StoreError(f"{shown}: is not a newsledger database (not an SQLite file); pass a new file name with --db")
    # With no -wal file beside it, everything is in the file itself, and immutable=1 reads it
    # without creating -wal/-shm files next to someone else's database. With one, mode=ro is
    # needed to see what the WAL holds.
    has_wal = location.with_name(location.name + "-wal").exists()
    uri = f"{location.resolve().as_uri()}?{'mode=ro' if has_wal else 'immutable=1'}"
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as err:
        raise StoreError(f"{shown}: cannot open the ledger ({err}); check that the file is readable") from err
    try:
        application_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = sorted(name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))
    except sqlite3.DatabaseError as err:
        raise StoreError(
            f"{shown}: the ledger database is damaged ({err}); "
            "restore it from a backup or pass a new file name with --db"
        ) from err
    finally:
        conn.close()
    is_new = application_id == 0 and not tables
    is_ours = application_id == APPLICATION_ID and "migrations" in tables
    if not (is_new or is_ours):
        listed = ", ".join(tables[:5]) + (", ..." if len(tables) > 5 else "")
        what = f"with tables {listed}" if tables else f"with application id {application_id}"
        raise StoreError(
            f"{shown}: is not a newsledger database (an SQLite database of another program, {what}); "
            "pass a new file name with --db"
        )


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
    )


def _rejection_message(record: ArticleRecord, err: sqlite3.IntegrityError) -> str:
    if "UNIQUE" in str(err):
        fix = "statement, entity and event ids must be unique within an article"
    else:
        fix = "the record is incomplete"
    return f"{record.article.source}: cannot store article {record.article.id!r} ({err}); {fix}"


def _is_fts_query_error(err: sqlite3.OperationalError) -> bool:
    message = str(err)
    return message.startswith("fts5:") or "no such column" in message or "unterminated string" in message


def _casefold(value: str | None) -> str | None:
    return None if value is None else value.casefold()


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
