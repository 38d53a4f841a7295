"""The ledger's schema, built by numbered migrations that are recorded in the `migrations` table.

A schema change is a new ``mNNN_...`` function below; existing migrations are never edited.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from datetime import datetime, timezone

Migration = Callable[[sqlite3.Connection], None]

# Written into the SQLite header by migration 1 ("NwsL"), so a newsledger file can be told
# apart from another program's database without trusting table names alone.
APPLICATION_ID = int.from_bytes(b"NwsL", "big")

MIGRATIONS: list[Migration] = []


def migration(fn: Migration) -> Migration:
    """Register ``fn`` as the next migration; its name must carry the next number (m001_, m002_, ...)."""
    expected = f"m{len(MIGRATIONS) + 1:03d}_"
    if not re.fullmatch(rf"{expected}\w+", fn.__name__):
        raise ValueError(f"migration {fn.__name__!r} is out of order; the next one must be named {expected}...")
    MIGRATIONS.append(fn)
    return fn


@migration
def m001_initial(conn: sqlite3.Connection) -> None:
    # FTS5 is checked, not assumed: the stdlib sqlite3 here (SQLite 3.40.1) is compiled with
    # ENABLE_FTS5, as are python.org and the common Linux builds. Where it is missing, creating
    # statements_fts fails with "no such module: fts5" and Ledger.open reports it in one line.
    for sql in (
        f"PRAGMA application_id = {APPLICATION_ID}",
        """
        CREATE TABLE articles (
            key TEXT PRIMARY KEY,  -- sha256 of the article text: the same text is stored once
            id TEXT NOT NULL,
            source TEXT NOT NULL,
            title TEXT,
            published TEXT,
            url TEXT,
            text TEXT NOT NULL,
            ignored_json TEXT NOT NULL,
            record_json TEXT NOT NULL,  -- the full ArticleRecord.to_dict(), so nothing is lost
            ingested_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX articles_published ON articles (published)",
        """
        CREATE TABLE entities (
            article_key TEXT NOT NULL REFERENCES articles (key) ON DELETE CASCADE,
            id TEXT NOT NULL,
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            title TEXT,
            affiliation TEXT,
            aliases_json TEXT NOT NULL,
            mentions_json TEXT NOT NULL,
            PRIMARY KEY (article_key, id)
        )
        """,
        """
        CREATE TABLE statements (
            article_key TEXT NOT NULL REFERENCES articles (key) ON DELETE CASCADE,
            id TEXT NOT NULL,
            speaker_text TEXT,
            speaker_start INTEGER,
            speaker_end INTEGER,
            speaker_entity_id TEXT,
            speaker_name TEXT,
            speaker_type TEXT,
            speaker_title TEXT,
            speaker_affiliation TEXT,
            cue_text TEXT NOT NULL,
            cue_start INTEGER NOT NULL,
            cue_end INTEGER NOT NULL,
            content_text TEXT NOT NULL,
            content_start INTEGER NOT NULL,
            content_end INTEGER NOT NULL,
            content_parts_json TEXT NOT NULL,
            kind TEXT NOT NULL,
            addressee_text TEXT,
            addressee_start INTEGER,
            addressee_end INTEGER,
            confidence REAL NOT NULL,
            PRIMARY KEY (article_key, id)
        )
        """,
        "CREATE INDEX statements_speaker_name ON statements (speaker_name)",
        """
        CREATE TABLE events (
            article_key TEXT NOT NULL REFERENCES articles (key) ON DELETE CASCADE,
            id TEXT NOT NULL,
            record_json TEXT NOT NULL,
            PRIMARY KEY (article_key, id)
        )
        """,
        """
        CREATE TABLE ingest_problems (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            message TEXT NOT NULL,
            at TEXT NOT NULL
        )
        """,
        # The index keeps its own copy of the text (not content='statements'): the statements
        # rowid is not stable across VACUUM, so an external-content index could drift from it.
        """
        CREATE VIRTUAL TABLE statements_fts USING fts5 (
            content_text,
            speaker_name,
            article_key UNINDEXED,
            statement_id UNINDEXED,
            tokenize = 'unicode61 remove_diacritics 2'
        )
        """,
        """
        CREATE TRIGGER statements_fts_insert AFTER INSERT ON statements BEGIN
            INSERT INTO statements_fts (content_text, speaker_name, article_key, statement_id)
            VALUES (new.content_text, new.speaker_name, new.article_key, new.id);
        END
        """,
        """
        CREATE TRIGGER statements_fts_delete AFTER DELETE ON statements BEGIN
            DELETE FROM statements_fts WHERE article_key = old.article_key AND statement_id = old.id;
        END
        """,
    ):
        conn.execute(sql)


def _has_migrations_table(conn: sqlite3.Connection) -> bool:
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'").fetchone()
    return row is not None


def applied_migrations(conn: sqlite3.Connection) -> list[str]:
    """Names of the migrations already applied, oldest first."""
    if not _has_migrations_table(conn):
        return []
    return [name for (name,) in conn.execute("SELECT name FROM migrations ORDER BY rowid")]


def pending_migrations(conn: sqlite3.Connection) -> list[Migration]:
    applied = set(applied_migrations(conn))
    return [fn for fn in MIGRATIONS if fn.__name__ not in applied]


def unknown_migrations(conn: sqlite3.Connection) -> list[str]:
    """Applied migrations this version does not know: the file was written by a newer newsledger."""
    known = {fn.__name__ for fn in MIGRATIONS}
    return [name for name in applied_migrations(conn) if name not in known]


def migrate(conn: sqlite3.Connection) -> list[str]:
    """Apply pending migrations, each with its `migrations` row in one transaction; return their names.

    ``conn`` must be in autocommit mode (``isolation_level=None``) so the transactions here are
    the only ones. Applying to an up-to-date database takes no write lock and changes nothing.
    """
    if not pending_migrations(conn):
        return []
    applied_now = []
    for fn in MIGRATIONS:
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Re-read under the write lock: another process may have migrated meanwhile.
            conn.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
            if conn.execute("SELECT 1 FROM migrations WHERE name = ?", (fn.__name__,)).fetchone():
                conn.execute("COMMIT")
                continue
            fn(conn)
            conn.execute(
                "INSERT INTO migrations (name, applied_at) VALUES (?, ?)",
                (fn.__name__, datetime.now(timezone.utc).isoformat(timespec="seconds")),
            )
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        applied_now.append(fn.__name__)
    return applied_now
