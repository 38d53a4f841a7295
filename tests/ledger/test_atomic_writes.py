"""Each article is written whole or not at all, whatever stops the write."""

from dataclasses import replace

import pytest

from newsledger.errors import StoreError
from newsledger.ledger import IngestSummary, Ledger, store

EMPTY = {"articles": 0, "statements": 0, "entities": 0, "events": 0, "problems": 0}


def table_rows(ledger):
    conn = ledger._conn
    return {
        table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("articles", "entities", "statements", "events", "statements_fts")
    }


@pytest.mark.parametrize("interruption", [RuntimeError("disk gone"), KeyboardInterrupt()])
def test_a_failure_after_the_article_row_leaves_no_partial_article(ledger_path, records, monkeypatch, interruption):
    with Ledger.open(ledger_path) as ledger:
        assert ledger.add(records[1]) is True
        before = table_rows(ledger)

        def fail_midway(conn, key, statements):
            # the article and entity rows are written by now
            assert conn.execute("SELECT count(*) FROM articles WHERE key = ?", (key,)).fetchone()[0] == 1
            raise interruption

        monkeypatch.setattr(store, "_insert_statements", fail_midway)
        with pytest.raises(type(interruption)):
            ledger.add_many([records[0], records[2]])
        assert table_rows(ledger) == before
        monkeypatch.undo()

    # and the file on disk agrees, the earlier article is intact, and the ledger still works
    with Ledger.open(ledger_path) as ledger:
        assert table_rows(ledger) == before
        assert ledger.get_record(store.article_key(records[1].article.text)) == records[1]
        assert ledger.add_many(records) == IngestSummary(added=2, skipped_duplicates=1, statements_added=4)


def test_a_record_the_ledger_refuses_is_rolled_back_with_a_clear_error(ledger, records):
    twice = replace(records[0], statements=(records[0].statements[0], records[0].statements[0]))
    with pytest.raises(StoreError) as err:
        ledger.add(twice)
    assert str(err.value) == (
        "wire/a1.txt: cannot store article 'a1' (UNIQUE constraint failed: statements.article_key, statements.id); "
        "statement, entity and event ids must be unique within an article"
    )
    assert ledger.counts() == EMPTY


def test_add_many_records_a_refused_record_and_goes_on(ledger, records):
    twice = replace(records[0], statements=(records[0].statements[0], records[0].statements[0]))
    summary = ledger.add_many([records[1], twice, records[2]])
    assert summary == IngestSummary(added=2, skipped_duplicates=0, statements_added=3, failed=1)
    [problem] = ledger.problems()
    assert problem.source == "wire/a1.txt"
    assert problem.message.startswith("wire/a1.txt: cannot store article 'a1' (UNIQUE constraint failed")
    assert [a.article.id for a in ledger.articles()] == ["b2", "c3"]
