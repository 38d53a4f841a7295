"""The ledger's schema, built by numbered migrations that are recorded in the `migrations` table.

A schema change is a new ``mNNN_...`` function below; existing migrations are never edited.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

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
                (fn.__name__, datetime.now(UTC).isoformat(timespec="seconds")),
            )
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        applied_now.append(fn.__name__)
    return applied_now


@migration
def m002_links_and_duplicates(conn: sqlite3.Connection) -> None:
    """Tables derived from the records at ingest: near-duplicate articles, ledger entities merged
    across articles, claim groups, entity mentions in statements and events, and article search.

    Everything here is recomputed from ``articles.record_json`` by m003 for articles stored before.
    """
    for sql in (
        # Near-duplicates: each article's MinHash signature (128 uint32, 512 bytes) and its LSH band
        # hashes in an indexed table, so that finding candidates is a few index look-ups whatever
        # the size of the ledger and however many runs filled it. `id` is declared INTEGER
        # PRIMARY KEY, so it survives VACUUM (an implicit rowid may not).
        "ALTER TABLE articles ADD COLUMN dup_group TEXT",  # the key of the first article of its group
        "CREATE INDEX articles_dup_group ON articles (dup_group)",
        """
        CREATE TABLE article_minhash (
            id INTEGER PRIMARY KEY,
            article_key TEXT NOT NULL UNIQUE REFERENCES articles (key) ON DELETE CASCADE,
            signature BLOB NOT NULL
        )
        """,
        """
        CREATE TABLE article_bands (
            hash INTEGER NOT NULL,  -- band number and the band's 9 values, hashed to 64 bits
            article INTEGER NOT NULL REFERENCES article_minhash (id) ON DELETE CASCADE,
            PRIMARY KEY (hash, article)
        ) WITHOUT ROWID
        """,
        # Ledger entities: knowledge-base ids as they are, article-local ones merged by type and
        # folded name. `name_key` is the folded name; `search` the folded name and aliases.
        """
        CREATE TABLE ledger_entities (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            name_key TEXT NOT NULL,
            first_word TEXT,  -- persons: folded first word, to find spelling variants of the surname
            aliases_json TEXT NOT NULL,
            search TEXT NOT NULL,
            articles INTEGER NOT NULL DEFAULT 0,
            statements INTEGER NOT NULL DEFAULT 0
        )
        """,
        "CREATE INDEX ledger_entities_name_key ON ledger_entities (type, name_key)",
        "CREATE INDEX ledger_entities_first_word ON ledger_entities (type, first_word)",
        """
        CREATE TABLE entity_links (
            article_key TEXT NOT NULL REFERENCES articles (key) ON DELETE CASCADE,
            local_id TEXT NOT NULL,
            ledger_id TEXT NOT NULL,
            PRIMARY KEY (article_key, local_id)
        ) WITHOUT ROWID
        """,
        "CREATE INDEX entity_links_ledger_id ON entity_links (ledger_id)",
        # '' stands for a missing title, affiliation or date, so that the primary key dedups them.
        """
        CREATE TABLE entity_titles (
            ledger_id TEXT NOT NULL,
            title TEXT NOT NULL,
            affiliation TEXT NOT NULL,
            as_of TEXT NOT NULL,
            PRIMARY KEY (ledger_id, title, affiliation, as_of)
        ) WITHOUT ROWID
        """,
        # Claims: one group per claim, the statement that opened it and its signature; the band
        # hashes are keyed by group and scope (a speaker, or a near-duplicate group), so that
        # a hundred copies of one quote add no rows.
        """
        CREATE TABLE claim_groups (
            id INTEGER PRIMARY KEY,
            article_key TEXT NOT NULL,
            statement_id TEXT NOT NULL,
            signature BLOB NOT NULL,
            size INTEGER NOT NULL DEFAULT 1  -- distinct articles reporting it
        )
        """,
        """
        CREATE TABLE claim_bands (
            hash INTEGER NOT NULL,  -- scope, band number and the band's values, hashed to 64 bits
            group_id INTEGER NOT NULL REFERENCES claim_groups (id),
            PRIMARY KEY (hash, group_id)
        ) WITHOUT ROWID
        """,
        "ALTER TABLE statements ADD COLUMN speaker_id TEXT",
        "ALTER TABLE statements ADD COLUMN group_id INTEGER",
        # casefolded speaker as written, resolved name, and that entity's name and aliases
        "ALTER TABLE statements ADD COLUMN speaker_search TEXT",
        "CREATE INDEX statements_speaker_id ON statements (speaker_id)",
        "CREATE INDEX statements_group_id ON statements (group_id)",
        """
        CREATE TABLE statement_mentions (
            entity_id TEXT NOT NULL,
            article_key TEXT NOT NULL REFERENCES articles (key) ON DELETE CASCADE,
            statement_id TEXT NOT NULL,
            PRIMARY KEY (entity_id, article_key, statement_id)
        ) WITHOUT ROWID
        """,
        # Events: the record with ids rewritten to ledger ids, its sort date, and who is in it.
        "ALTER TABLE events ADD COLUMN ledger_json TEXT",
        "ALTER TABLE events ADD COLUMN sort_date TEXT",
        """
        CREATE TABLE event_entities (
            entity_id TEXT NOT NULL,
            article_key TEXT NOT NULL REFERENCES articles (key) ON DELETE CASCADE,
            event_id TEXT NOT NULL,
            PRIMARY KEY (entity_id, article_key, event_id)
        ) WITHOUT ROWID
        """,
        # Article search keeps its own copy of the text, as statements_fts does (see m001).
        """
        CREATE VIRTUAL TABLE articles_fts USING fts5 (
            title,
            text,
            article_key UNINDEXED,
            tokenize = 'unicode61 remove_diacritics 2'
        )
        """,
        """
        CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts (title, text, article_key) VALUES (new.title, new.text, new.key);
        END
        """,
        """
        CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            DELETE FROM articles_fts WHERE article_key = old.key;
        END
        """,
        "INSERT INTO articles_fts (title, text, article_key) SELECT title, text, key FROM articles",
    ):
        conn.execute(sql)


@migration
def m003_link_stored_articles(conn: sqlite3.Connection) -> None:
    """Fill m002's tables for the articles already stored, in the order they were ingested."""
    from newsledger.ledger.linking import (
        link_article,  # linking imports nothing from the store
    )
    from newsledger.records import ArticleRecord

    rows = conn.execute("SELECT key, record_json FROM articles ORDER BY ingested_at, rowid").fetchall()
    for key, record_json in rows:
        link_article(conn, key, ArticleRecord.from_dict(json.loads(record_json)))


@migration
def m004_one_id_per_country(conn: sqlite3.Connection) -> None:
    """Merge every government ``gov:XXX`` into its country ``country:XXX``: one actor, one id.

    Earlier versions stored a speaking government as ``gov:XXX`` while events named it
    ``country:XXX``, so a query by either id found half. Every row that holds an entity id is
    rewritten: the stored records and their entity, statement and event rows, the ledger
    entities (merged, typed by the rule in ``ledger.linking``, recounted), their titles, links
    and mentions, events' ledger ids, and the claim bands scoped by speaker.
    """
    from newsledger.ledger import dedup
    from newsledger.ledger.linking import GOVERNMENT_ALIAS, canonical_id, with_canonical_ids
    from newsledger.records import ArticleRecord

    def is_alias(column: str) -> str:
        return f"substr({column}, 1, {len(GOVERNMENT_ALIAS)}) = '{GOVERNMENT_ALIAS}'"

    def canonical(column: str) -> str:
        return f"'country:' || substr({column}, {len(GOVERNMENT_ALIAS) + 1})"

    # The records as stored, and the rows copied from them.
    rows = conn.execute(
        "SELECT key, record_json FROM articles WHERE instr(record_json, ?) > 0", (f'"{GOVERNMENT_ALIAS}',)
    ).fetchall()
    for key, record_json in rows:
        record = ArticleRecord.from_dict(json.loads(record_json))
        one = with_canonical_ids(record)
        if one is record:
            continue  # `"gov:` was in the text, not in an id
        data = one.to_dict()
        conn.execute("UPDATE articles SET record_json = ? WHERE key = ?", (json.dumps(data, ensure_ascii=False), key))
        conn.execute("DELETE FROM entities WHERE article_key = ?", (key,))
        conn.executemany(
            "INSERT INTO entities (article_key, id, name, type, title, affiliation, aliases_json, mentions_json)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (key, e["id"], e["name"], e["type"], e["title"], e["affiliation"],
                 json.dumps(e["aliases"], ensure_ascii=False), json.dumps(e["mentions"], ensure_ascii=False))
                for e in data["entities"]
            ],
        )
        conn.executemany(
            "UPDATE events SET record_json = ? WHERE article_key = ? AND id = ?",
            [(json.dumps(e, ensure_ascii=False), key, str(e["id"])) for e in data["events"]],
        )
    conn.execute(f"UPDATE statements SET speaker_entity_id = {canonical('speaker_entity_id')} WHERE {is_alias('speaker_entity_id')}")

    # Claims by a government were banded under its old id: band them under the new one.
    for content_text, group_id, speaker_id in conn.execute(
        f"SELECT content_text, group_id, speaker_id FROM statements WHERE {is_alias('speaker_id')} AND group_id IS NOT NULL"
    ).fetchall():
        sig = dedup.signature(content_text)
        if sig is None:
            continue
        old = dedup.band_hashes(sig, dedup.CLAIM_BANDS, f"speaker:{speaker_id}")
        new = dedup.band_hashes(sig, dedup.CLAIM_BANDS, f"speaker:{canonical_id(speaker_id)}")
        conn.executemany("DELETE FROM claim_bands WHERE hash = ? AND group_id = ?", [(h, group_id) for h in old])
        conn.executemany("INSERT OR IGNORE INTO claim_bands (hash, group_id) VALUES (?, ?)", [(h, group_id) for h in new])
    conn.execute(f"UPDATE statements SET speaker_id = {canonical('speaker_id')} WHERE {is_alias('speaker_id')}")

    # Rows keyed by an entity id: the government's rows join the country's (a row both have is kept once).
    conn.execute(f"UPDATE entity_links SET ledger_id = {canonical('ledger_id')} WHERE {is_alias('ledger_id')}")
    for table, column, others in (
        ("entity_links", "local_id", "article_key, ledger_id"),
        ("entity_titles", "ledger_id", "title, affiliation, as_of"),
        ("statement_mentions", "entity_id", "article_key, statement_id"),
        ("event_entities", "entity_id", "article_key, event_id"),
    ):
        # Table and column names come from the fixed list above.
        conn.execute(
            f"INSERT OR IGNORE INTO {table} ({column}, {others}) SELECT {canonical(column)}, {others}"
            f" FROM {table} WHERE {is_alias(column)}"
        )
        conn.execute(f"DELETE FROM {table} WHERE {is_alias(column)}")
    for event_key, event_id, ledger_json in conn.execute(
        "SELECT article_key, id, ledger_json FROM events WHERE instr(ledger_json, ?) > 0", (f'"{GOVERNMENT_ALIAS}',)
    ).fetchall():
        data = json.loads(ledger_json)
        for role in ("actors", "recipients", "item", "location"):
            args = data.get(role)
            for arg in args if isinstance(args, list) else [args] if args else []:
                arg["id"] = canonical_id(arg["id"])
        conn.execute(
            "UPDATE events SET ledger_json = ? WHERE article_key = ? AND id = ?",
            (json.dumps(data, ensure_ascii=False), event_key, event_id),
        )

    # The ledger entities: the government's names join the country's, and the counts are recounted.
    merged = []
    for old_id, name, aliases_json in conn.execute(
        f"SELECT id, name, aliases_json FROM ledger_entities WHERE {is_alias('id')}"
    ).fetchall():
        new_id = canonical_id(old_id)
        merged.append(new_id)
        country = conn.execute("SELECT name, aliases_json FROM ledger_entities WHERE id = ?", (new_id,)).fetchone()
        if country is None:
            conn.execute("UPDATE ledger_entities SET id = ? WHERE id = ?", (new_id, old_id))
            continue
        kept = country[0]
        aliases = [a for a in (*json.loads(country[1]), name, *json.loads(aliases_json)) if a != kept]
        aliases = list(dict.fromkeys(aliases))
        conn.execute(
            "UPDATE ledger_entities SET type = 'government', aliases_json = ?, search = ? WHERE id = ?",
            (json.dumps(aliases, ensure_ascii=False), "\n".join(x.casefold() for x in (kept, *aliases)), new_id),
        )
        conn.execute("DELETE FROM ledger_entities WHERE id = ?", (old_id,))
    conn.executemany(
        "UPDATE ledger_entities SET articles = (SELECT count(DISTINCT article_key) FROM entity_links WHERE ledger_id = :id),"
        " statements = (SELECT count(*) FROM statements WHERE speaker_id = :id) WHERE id = :id",
        [{"id": i} for i in sorted(set(merged))],
    )

    # A country that has spoken or acted is its government.
    acting = {speaker for (speaker,) in conn.execute("SELECT DISTINCT speaker_id FROM statements WHERE speaker_id IS NOT NULL")}
    for (ledger_json,) in conn.execute("SELECT ledger_json FROM events WHERE ledger_json IS NOT NULL"):
        acting.update(a["id"] for a in json.loads(ledger_json).get("actors") or [] if isinstance(a, dict))
    conn.executemany(
        "UPDATE ledger_entities SET type = 'government' WHERE id = ? AND type = 'country'",
        [(i,) for i in sorted(i for i in acting if i.startswith("country:"))],
    )


@migration
def m005_problems_once(conn: sqlite3.Connection) -> None:
    """Each problem once: a re-run, or a run after a kill, read the same bad input again and added
    its problem again. The copies already stored are removed (the first kept), and a unique index
    lets the store insert problems in bulk with INSERT OR IGNORE."""
    conn.execute(
        "DELETE FROM ingest_problems WHERE id NOT IN (SELECT min(id) FROM ingest_problems GROUP BY source, message)"
    )
    conn.execute("CREATE UNIQUE INDEX ingest_problems_once ON ingest_problems (source, message)")


@migration
def m006_index_served_lists(conn: sqlite3.Connection) -> None:
    """Lists that an index serves, whatever the size of the ledger (see ``ledger.indexing``):

    - ``statements.sort_key`` and ``events.sort_key``: each row's place in list order as one byte
      string, indexed, so a page of a list is read in order off the index, not sorted from all rows;
    - ``speaker_searches``: each distinct speaker string once, with its statement count, and
      ``statements.speaker_key`` pointing to it, indexed with the order: the speaker filter reads
      the matching strings (a small table), then those statements in order;
    - ``entity_statement_order``: the statements each entity speaks or is named in, in list order;
      ``event_entities.sort_key``: an entity's events in timeline order;
    - ``claim_order``: the first statement of each claim, among all and among each entity's, so
      a list of distinct claims is read in order off an index;
    - ``row_counts``: rows per table, kept by triggers, so the totals cost nothing;
    - ``statements_fts`` rowids that follow the article's day, so full-text matches are read day
      by day (the index is rebuilt, and its insert trigger gives each new row its day's next rowid).

    Everything is filled for the articles already stored.
    """
    from newsledger.ledger import indexing

    for sql in (
        "ALTER TABLE statements ADD COLUMN sort_key BLOB",
        "ALTER TABLE statements ADD COLUMN speaker_key INTEGER",
        "ALTER TABLE events ADD COLUMN sort_key BLOB",
        "ALTER TABLE event_entities ADD COLUMN sort_key BLOB",
        """
        CREATE TABLE speaker_searches (
            id INTEGER PRIMARY KEY,
            search TEXT NOT NULL UNIQUE,  -- statements.speaker_search, once
            statements INTEGER NOT NULL DEFAULT 0
        )
        """,
        """
        CREATE TABLE entity_statement_order (
            entity_id TEXT NOT NULL,
            sort_key BLOB NOT NULL,  -- statements.sort_key of a statement it speaks or is named in
            PRIMARY KEY (entity_id, sort_key)
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE claim_order (
            scope TEXT NOT NULL,  -- '' for every statement, else an entity id (its entity_statement_order)
            group_id INTEGER NOT NULL,
            first_key BLOB NOT NULL,  -- the sort_key of the claim's first statement in the scope
            PRIMARY KEY (scope, group_id)
        ) WITHOUT ROWID
        """,
        "CREATE TABLE row_counts (name TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID",
        # statements_speaker_id_order serves every look-up the old speaker_id index did.
        "DROP INDEX statements_speaker_id",
        # An article's mentions and event entities, found by the article as it is stored.
        "CREATE INDEX statement_mentions_article ON statement_mentions (article_key, statement_id)",
        "CREATE INDEX event_entities_article ON event_entities (article_key, event_id)",
    ):
        conn.execute(sql)
    for table in indexing.COUNTED:  # names from a fixed tuple
        conn.execute(
            f"CREATE TRIGGER {table}_count_insert AFTER INSERT ON {table} BEGIN"
            f" UPDATE row_counts SET n = n + 1 WHERE name = '{table}'; END"
        )
        conn.execute(
            f"CREATE TRIGGER {table}_count_delete AFTER DELETE ON {table} BEGIN"
            f" UPDATE row_counts SET n = n - 1 WHERE name = '{table}'; END"
        )
    for sql in (
        "CREATE INDEX statements_order ON statements (sort_key)",
        "CREATE INDEX statements_speaker_key_order ON statements (speaker_key, sort_key)",
        "CREATE INDEX statements_speaker_id_order ON statements (speaker_id, sort_key)",
        "CREATE INDEX events_order ON events (sort_key)",
        "CREATE INDEX event_entities_order ON event_entities (entity_id, sort_key)",
        "CREATE INDEX claim_order_first ON claim_order (scope, first_key)",
    ):
        conn.execute(sql)
    indexing.rebuild(conn)  # drops these indexes while it fills the rows, then makes them again

    # The full-text index, its rowids made to follow the article's day (see indexing.FTS_UNDATED_DAY):
    # a full-text list then reads its matches day by day, and a date range is a rowid range.
    day_base = f"coalesce(CAST(julianday({{published}}) AS INTEGER), {indexing.FTS_UNDATED_DAY}) * 4294967296"
    for sql in (
        "DROP TRIGGER statements_fts_insert",
        "DROP TABLE statements_fts",
        # as m001 made it
        """
        CREATE VIRTUAL TABLE statements_fts USING fts5 (
            content_text,
            speaker_name,
            article_key UNINDEXED,
            statement_id UNINDEXED,
            tokenize = 'unicode61 remove_diacritics 2'
        )
        """,
        "INSERT INTO statements_fts (rowid, content_text, speaker_name, article_key, statement_id)"
        " SELECT base + row_number() OVER (PARTITION BY base ORDER BY sort_key) - 1, content_text, speaker_name,"
        f" article_key, id FROM (SELECT s.*, {day_base.format(published='a.published')} AS base"
        " FROM statements s JOIN articles a ON a.key = s.article_key) ORDER BY 1",
        # The next rowid of the day: one after the day's last, found by a rowid range.
        f"""
        CREATE TRIGGER statements_fts_insert AFTER INSERT ON statements BEGIN
            INSERT INTO statements_fts (rowid, content_text, speaker_name, article_key, statement_id)
            SELECT coalesce((SELECT f.rowid FROM statements_fts f WHERE f.rowid >= day.base
                             AND f.rowid < day.base + 4294967296 ORDER BY f.rowid DESC LIMIT 1) + 1, day.base),
                   new.content_text, new.speaker_name, new.article_key, new.id
            FROM (SELECT {day_base.format(published='(SELECT published FROM articles WHERE key = new.article_key)')}
                  AS base) AS day;
        END
        """,
    ):
        conn.execute(sql)


@migration
def m007_problem_fields(conn: sqlite3.Connection) -> None:
    """Each problem's parts beside its line: ``kind`` (one of ``records.PROBLEM_KINDS``), ``problem``
    and ``fix``, so that nothing reads them back out of the message. The problems recorded before
    keep their line alone (NULL parts), and are read as an older newsledger wrote them."""
    for column in ("kind", "problem", "fix"):
        conn.execute(f"ALTER TABLE ingest_problems ADD COLUMN {column} TEXT")  # names from a fixed tuple
