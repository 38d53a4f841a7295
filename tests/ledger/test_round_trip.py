import pytest

from newsledger.errors import StoreError
from newsledger.ledger import Ledger, article_key


def spans_of(record):
    for s in record.statements:
        yield from (x for x in (s.speaker, s.cue, s.addressee, s.content) if x is not None)
        yield from (type(s.cue)(a, b, record.article.text[a:b]) for a, b in s.content.parts)


def test_the_sample_records_point_into_their_texts(records):
    for record in records:
        for span in spans_of(record):
            assert record.article.text[span.start : span.end] == span.text
        for entity in record.entities:
            assert all(0 <= a < b <= len(record.article.text) for a, b in entity.mentions)


def test_get_record_gives_back_the_record_that_was_added(ledger_path, records):
    with Ledger.open(ledger_path) as ledger:
        ledger.add_many(records)
    with Ledger.open(ledger_path, readonly=True) as ledger:
        for record in records:
            stored = ledger.get_record(article_key(record.article.text))
            assert stored == record
            assert stored.to_dict() == record.to_dict()


def test_queried_statements_equal_the_added_ones(ledger, records):
    ledger.add_many(records)
    added = {(r.article.id, s.id): s for r in records for s in r.statements}
    queried = {(s.article_id, s.statement.id): s.statement for s in ledger.statements()}
    assert queried == added


def test_get_record_of_an_unknown_key(ledger):
    with pytest.raises(StoreError) as err:
        ledger.get_record("0" * 64)
    assert str(err.value) == (
        f"{ledger.path}: no article with key '{'0' * 64}'; list the stored articles to find its key"
    )
