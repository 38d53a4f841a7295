"""Aggregates read one record per group of near-duplicate articles: a wire copy adds no evidence."""

from dataclasses import replace

from newsledger.ledger import Ledger

from .conftest import pompeo_record


def test_a_wire_copy_is_left_out_of_distinct_records(tmp_path):
    original = pompeo_record()
    text = original.article.text
    copy = replace(original, article=replace(original.article, id="copy", text=text + "\n\n(Reuters)"))
    with Ledger.open(tmp_path / "l.db") as ledger:
        assert ledger.add(original) and ledger.add(copy)
        assert len(ledger.articles()) == 2
        assert [r.article.id for r in ledger.distinct_records()] == [original.article.id]
