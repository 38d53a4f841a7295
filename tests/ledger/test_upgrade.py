"""A ledger written before the linking migrations opens, upgrades in place and links what it holds."""

import sqlite3

import pytest

from newsledger.errors import StoreError
from newsledger.ledger import Ledger, article_key, migrations, store
from newsledger.ledger.migrations import MIGRATIONS

from .build import copy_record, follow_up_record, wire_record


def write_m001_ledger(path, records, monkeypatch):
    """A ledger as the first version wrote it: only m001, and only m001's rows."""
    monkeypatch.setattr(migrations, "MIGRATIONS", MIGRATIONS[:1])
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.migrate(conn)
    for record in records:
        data = record.to_dict()
        key = article_key(record.article.text)
        conn.execute("BEGIN")
        store._insert_article(conn, key, data)
        store._insert_entities(conn, key, data["entities"])
        store._insert_statements(conn, key, data["statements"])
        store._insert_events(conn, key, data["events"])
        conn.execute("COMMIT")
    conn.close()
    monkeypatch.undo()


def columns(conn, table):
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def test_an_m001_ledger_gains_the_new_tables_and_its_articles_are_linked(ledger_path, monkeypatch):
    write_m001_ledger(ledger_path, [wire_record(), copy_record()], monkeypatch)
    conn = sqlite3.connect(ledger_path)
    assert [name for (name,) in conn.execute("SELECT name FROM migrations")] == ["m001_initial"]
    assert "dup_group" not in columns(conn, "articles")
    conn.close()

    with Ledger.open(ledger_path) as ledger:
        assert ledger.applied_migrations() == [fn.__name__ for fn in MIGRATIONS]
        conn = ledger._conn
        assert {"dup_group"} <= columns(conn, "articles")
        assert {"speaker_id", "group_id", "speaker_search"} <= columns(conn, "statements")
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"article_minhash", "article_bands", "ledger_entities", "entity_links", "entity_titles",
                "claim_groups", "claim_bands", "statement_mentions", "event_entities", "articles_fts"} <= tables
        # what was stored before is linked as if it had been ingested now
        assert [(s.article_id, s.speaker_id, s.group_size) for s in ledger.statements(speaker="shugaev")] == [
            ("wire", "person:dmitry-shugaev", 2),
            ("copy", "person:dmitry-shugaev", 2),
        ]
        assert [a.article.id for a in ledger.duplicates_of(article_key(wire_record().article.text))] == ["copy"]
        assert [a.article.id for a in ledger.search_articles("regiment")] != []
        assert ledger.entity("person:dmitry-shugaev").articles == 2
        # and new articles link to the old ones
        ledger.add(follow_up_record())
        assert ledger.entity("person:dmitry-shugaev").statements == 4


def test_an_m001_ledger_is_refused_read_only_until_upgraded(ledger_path, monkeypatch):
    write_m001_ledger(ledger_path, [wire_record()], monkeypatch)
    with pytest.raises(StoreError) as err:
        Ledger.open(ledger_path, readonly=True)
    assert str(err.value) == (
        f"{ledger_path}: the ledger was made by an older newsledger; open it once for writing to upgrade it"
    )
    Ledger.open(ledger_path).close()
    with Ledger.open(ledger_path, readonly=True) as ledger:
        assert ledger.count_statements() == 1
