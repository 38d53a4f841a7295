import pytest

from newsledger.errors import StoreError
from newsledger.ledger import IngestSummary, Ledger, article_key
from newsledger.records import Problem


def found(stored):
    return [(s.article_id, s.statement.id) for s in stored]


def test_add_stores_the_article_and_its_rows(ledger, records):
    assert ledger.add(records[0]) is True
    assert ledger.counts() == {"articles": 1, "statements": 2, "entities": 2, "events": 0, "problems": 0}
    [stored] = ledger.articles()
    assert stored.key == article_key(records[0].article.text)
    assert stored.article == records[0].article


def test_adding_the_same_article_again_adds_nothing(ledger, records):
    assert ledger.add(records[0]) is True
    counts = ledger.counts()
    assert ledger.add(records[0]) is False
    assert ledger.counts() == counts


def test_the_same_text_under_another_id_is_a_duplicate(ledger, records):
    from dataclasses import replace

    ledger.add(records[0])
    renamed = replace(records[0], article=replace(records[0].article, id="other", source="elsewhere.txt"))
    assert ledger.add(renamed) is False
    assert [a.article.id for a in ledger.articles()] == ["a1"]


def test_add_many_summarises_the_ingest(ledger, records):
    summary = ledger.add_many([records[0], records[1], records[0], records[2]])
    assert summary == IngestSummary(added=3, skipped_duplicates=1, statements_added=5, failed=0)
    assert ledger.add_many(records) == IngestSummary(added=0, skipped_duplicates=3, statements_added=0)


@pytest.mark.parametrize(
    ("speaker", "expected"),
    [
        # the resolved entity's name, as a case-insensitive substring
        ("pompeo", [("b2", "s1"), ("a1", "s1")]),
        ("MIKE POMPEO", [("b2", "s1"), ("a1", "s1")]),
        ("Mohammad Javad Zarif", [("a1", "s2")]),
        # an alias of the resolved entity, not in its name or the span
        ("top diplomat", [("a1", "s2")]),
        # the speaker as written in the text
        ("secretary of state", [("b2", "s1")]),
        ("iran's foreign", [("a1", "s2")]),
        ("spokesman", [("c3", "s1")]),
        # case folding beyond ASCII
        ("SÉGOLÈNE", [("c3", "s2")]),
        ("  royal ", [("c3", "s2")]),
        ("nobody", []),
        # a SQL-looking name is only ever a parameter
        ("'; DROP TABLE statements; --", []),
    ],
)
def test_statements_by_speaker(ledger, records, speaker, expected):
    ledger.add_many(records)
    assert found(ledger.statements(speaker=speaker)) == expected


def test_statements_are_ordered_by_date_then_article_then_position(ledger, records):
    ledger.add_many(reversed(records))
    # b2 is dated 2019-12-30, a1 2020-01-05, c3 is undated so it comes last
    assert found(ledger.statements()) == [("b2", "s1"), ("a1", "s1"), ("a1", "s2"), ("c3", "s1"), ("c3", "s2")]
    assert found(ledger.statements(limit=2)) == [("b2", "s1"), ("a1", "s1")]
    assert ledger.statements(limit=0) == []


def test_a_stored_statement_carries_its_article(ledger, records):
    ledger.add(records[0])
    first = ledger.statements(speaker="pompeo")[0]
    assert (first.article_id, first.article_title, first.article_published) == ("a1", "Talks in Geneva", "2020-01-05")
    assert first.article_source == "wire/a1.txt"
    assert first.article_url == "https://example.org/a1"
    assert first.article_key == article_key(records[0].article.text)
    assert first.statement == records[0].statements[0]


def test_problems_are_recorded(ledger):
    ledger.record_problem(Problem.of("feed/broken.html", "no text found", "check the file is an article", kind="no_article"))
    assert [(p.source, p.message, p.kind, p.problem, p.fix) for p in ledger.problems()] == [
        ("feed/broken.html", "feed/broken.html: no text found; check the file is an article", "no_article",
         "no text found", "check the file is an article")
    ]
    assert ledger.counts()["problems"] == 1


def test_a_read_only_ledger_reads_but_refuses_writes(ledger_path, records):
    with Ledger.open(ledger_path) as ledger:
        ledger.add(records[0])
    with Ledger.open(ledger_path, readonly=True) as ledger:
        assert len(ledger.statements()) == 2
        with pytest.raises(StoreError) as err:
            ledger.add(records[1])
    assert str(err.value) == f"{ledger_path}: cannot write to the ledger: it was opened read-only"
