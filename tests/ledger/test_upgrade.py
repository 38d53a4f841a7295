"""A ledger written before the linking migrations opens, upgrades in place and links what it holds."""

import sqlite3

import pytest

from newsledger.errors import StoreError
from newsledger.ledger import Ledger, article_key, indexing, linking, migrations, store
from newsledger.ledger.migrations import MIGRATIONS

from .build import (
    GOVERNMENT_CLAIM,
    copy_record,
    follow_up_record,
    new_repeat_record,
    old_repeat_record,
    old_warning_record,
    wire_record,
)


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
        store._insert_statements(conn, key, record.statements)
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


def write_m003_ledger(path, records, monkeypatch):
    """A ledger as the version before m004 wrote it: a speaking government under its own id
    (`gov:USA`) beside its country (`country:USA`), linked as they were then, with no alias read
    and no country typed by what it does."""
    monkeypatch.setattr(migrations, "MIGRATIONS", MIGRATIONS[:3])
    monkeypatch.setattr(store, "with_canonical_ids", lambda record: record)
    monkeypatch.setattr(linking, "with_canonical_ids", lambda record: record)
    monkeypatch.setattr(linking, "canonical_id", lambda entity_id: entity_id)
    monkeypatch.setattr(linking, "_as_ledger_type", lambda entity, ledger_id, acting: entity)
    monkeypatch.setattr(indexing, "index_article", lambda conn, key: None)  # m006's, not yet there
    with Ledger.open(path) as ledger:
        for record in records:
            assert ledger.add(record)
    monkeypatch.undo()


def dump(conn) -> str:
    return "\n".join(conn.iterdump())


def test_m004_merges_every_government_id_into_its_country(ledger_path, monkeypatch):
    write_m003_ledger(ledger_path, [old_warning_record(), old_repeat_record()], monkeypatch)
    conn = sqlite3.connect(ledger_path)
    assert [name for (name,) in conn.execute("SELECT name FROM migrations")] == [fn.__name__ for fn in MIGRATIONS[:3]]
    assert {row for row in conn.execute("SELECT id, type, articles, statements FROM ledger_entities WHERE name = 'United States'")} == {
        ("gov:USA", "government", 2, 2),
        ("country:USA", "country", 1, 0),
    }  # the old shape: the statements on one id, the events on the other
    conn.close()

    with Ledger.open(ledger_path) as ledger:
        assert "m004_one_id_per_country" in ledger.applied_migrations()
        assert "gov:" not in dump(ledger._conn)  # no row, record, link, title, band or search text left on it
        usa = ledger.entity("country:USA")
        assert (usa.name, usa.type, usa.articles, usa.statements) == ("United States", "government", 2, 2)
        assert set(usa.aliases) == {"Washington", "The United States"}
        assert ledger.entity("gov:USA") == usa
        assert ledger.entity("country:TUR").type == "country"  # only a recipient: not typed government
        assert ledger.entities("washington") == [usa]
        for entity_id in ("country:USA", "gov:USA"):
            assert [(s.article_id, s.speaker_id) for s in ledger.statements(entity=entity_id)] == [
                ("warning", "country:USA"), ("repeat", "country:USA")
            ]
            assert ledger.count_statements(entity=entity_id) == 2
            assert [s.article_id for s in ledger.entity_statements(entity_id)] == ["warning", "repeat"]
            assert [(e.event.type, [a.id for a in e.event.actors]) for e in ledger.timeline(entity_id)] == [
                ("THREATEN", ["country:USA"]), ("SANCTION", ["country:USA"])
            ]
        record = ledger.get_record(article_key(old_warning_record().article.text))
        assert [(e.id, e.type) for e in record.entities] == [
            ("weapon:s-400", "weapon_system"), ("country:USA", "government"), ("country:TUR", "country")
        ]
        assert record.entities[1].mentions == ((0, 10), (89, 106))
        assert record.statements[0].speaker_entity.id == "country:USA"
        # a claim the government made before joins the same claim made under its one id now
        old_group = ledger.statements(entity="country:USA")[0].group_id
        assert ledger.add(new_repeat_record())
        said = [s for s in ledger.statements(text='"purchase of the S-400"') if s.statement.content.text == GOVERNMENT_CLAIM]
        assert [(s.article_id, s.group_id, s.group_size) for s in said] == [
            ("warning", old_group, 3), ("repeat", old_group, 3), ("statement", old_group, 3)
        ]
        assert ledger.entity("gov:USA").statements == 3


def test_an_old_record_added_now_is_stored_under_the_one_id(ledger_path):
    with Ledger.open(ledger_path) as ledger:
        ledger.add(old_warning_record())
        ledger.add(old_repeat_record())
        assert "gov:" not in dump(ledger._conn)
        usa = ledger.entity("gov:USA")
        assert (usa.id, usa.type, usa.articles, usa.statements) == ("country:USA", "government", 2, 2)
        assert len(ledger.timeline("gov:USA")) == 2
