"""The ledger's queries: by entity, by date, paged and counted, entities, timelines, positions,
article search; every value is a parameter."""

from dataclasses import replace

import pytest

from newsledger.errors import InputError, StoreError
from newsledger.ledger import article_key

from .build import all_records, wire_record
from .conftest import pompeo_record


def found(stored):
    return [(s.article_id, s.statement.id) for s in stored]


@pytest.fixture
def filled(ledger, records):
    ledger.add_many(records + all_records())
    return ledger


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        # the speaker, or an entity mentioned inside the content span
        ({"entity": "person:dmitry-shugaev"}, [("wire", "s1"), ("copy", "s1"), ("follow-up", "s1"), ("follow-up", "s2")]),
        ({"entity": "country:IND"}, [("wire", "s1"), ("copy", "s1"), ("follow-up", "s1")]),
        ({"entity": "person:mike-pompeo"}, [("b2", "s1"), ("a1", "s1")]),
        ({"entity": "nobody:here"}, []),
        # inclusive date bounds on the article's date; undated articles are outside any bound
        ({"since": "2021-11-16"}, [("copy", "s1"), ("follow-up", "s1"), ("follow-up", "s2"), ("rafale", "s1")]),
        ({"until": "2020-01-05"}, [("b2", "s1"), ("a1", "s1"), ("a1", "s2")]),
        ({"since": "2021-11-15", "until": "2021-11-16"}, [("wire", "s1"), ("copy", "s1")]),
        ({"since": "2021-11-15", "until": "2021-11-16", "limit": 1, "offset": 1}, [("copy", "s1")]),
        # filters combine
        ({"entity": "country:IND", "text": "regiment", "since": "2021-11-16"}, [("copy", "s1"), ("follow-up", "s1")]),
        ({"speaker": "shugayev", "text": "frigates"}, [("follow-up", "s2")]),
    ],
)
def test_statement_filters(filled, kwargs, expected):
    assert found(filled.statements(**kwargs)) == expected
    counted = {k: v for k, v in kwargs.items() if k not in ("limit", "offset")}
    if "limit" not in kwargs:
        assert filled.count_statements(**counted) == len(expected)


def test_paging_with_offset_and_count(filled):
    everything = found(filled.statements())
    assert filled.count_statements() == len(everything) == 10
    pages = [found(filled.statements(limit=3, offset=offset)) for offset in range(0, 12, 3)]
    assert [row for page in pages for row in page] == everything
    assert found(filled.statements(offset=8)) == everything[8:]
    assert filled.statements(offset=20) == []
    with pytest.raises(ValueError, match="offset must be 0 or more, not -1"):
        filled.statements(offset=-1)


def test_a_bad_date_bound_says_how_to_write_it(filled):
    with pytest.raises(InputError) as err:
        filled.statements(since="15/11/2021")
    assert str(err.value) == "since: '15/11/2021' is not a date in YYYY-MM-DD form; give a date such as 2024-03-05"


@pytest.mark.parametrize(
    ("query", "type", "expected"),
    [
        # ordered by statements, then articles, then name
        (None, "person", ["person:dmitry-shugaev", "person:mike-pompeo", "person:mohammad-javad-zarif",
                          "person:nikos-panagiotopoulos", "person:segolene-royal"]),
        ("shugayev", None, ["person:dmitry-shugaev"]),  # an alias
        ("DELHI", None, ["country:IND"]),
        ("ségolène", None, ["person:segolene-royal"]),
        ("o'brien", None, []),
        ("'; DROP TABLE ledger_entities; --", None, []),
        (None, "weapon_system", ["weapon:s-400", "weapon:rafale"]),
    ],
)
def test_entities_search(filled, query, type, expected):
    assert [e.id for e in filled.entities(query, type=type)] == expected


def test_entity_statements_and_unknown_entity(filled):
    assert found(filled.entity_statements("person:dmitry-shugaev")) == [
        ("wire", "s1"), ("copy", "s1"), ("follow-up", "s1"), ("follow-up", "s2")
    ]
    assert found(filled.entity_statements("person:dmitry-shugaev", limit=1)) == [("wire", "s1")]
    assert filled.entity("person:nobody") is None
    assert filled.entity_statements("person:nobody") == []


def test_timeline_orders_by_the_event_date_then_the_article_date(filled):
    timeline = filled.timeline("country:IND")
    # both deliveries carry the time 2018-10, so they come in article order
    assert [(e.article_id, e.event.id, e.event.time.value) for e in timeline] == [
        ("wire", "v1", "2018-10"), ("copy", "v1", "2018-10")
    ]
    assert [r.id for r in timeline[0].event.recipients] == ["country:IND"]
    shugaev = filled.timeline("person:dmitry-shugaev")
    assert [(e.article_id, e.article_published) for e in shugaev] == [("follow-up", "2021-12-03")]
    assert filled.timeline("weapon:rafale")[0].event.item.quantity == 6
    assert filled.timeline("nobody") == []


def test_positions_are_the_matching_statements_oldest_first(filled):
    assert found(filled.positions("missile OR regiment")) == [
        ("a1", "s2"), ("wire", "s1"), ("copy", "s1"), ("follow-up", "s1"), ("c3", "s1")
    ]
    assert found(filled.positions("regiment", limit=1)) == [("wire", "s1")]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("rafale", ["rafale"]),
        ("regiment", ["wire", "copy", "follow-up"]),
        ('"S-400 air defence"', ["wire"]),
        ("geneva", ["a1"]),  # the title is searched too
        ("zzz", []),
    ],
)
def test_search_articles(filled, query, expected):
    assert sorted(a.article.id for a in filled.search_articles(query)) == sorted(expected)


def test_search_articles_pages_and_reports_a_bad_query(filled):
    assert len(filled.search_articles("regiment", limit=2)) == 2
    assert len(filled.search_articles("regiment", limit=2, offset=2)) == 1
    assert filled.search_articles("S-400") == filled.search_articles('"S-400"') != []  # a designation is a phrase
    with pytest.raises(StoreError, match=r"^invalid full-text query 'S-400 OR' \(fts5: syntax error near \"\"\); put words"):
        filled.search_articles("S-400 OR")


def test_article_record(filled):
    record = wire_record()
    assert filled.article_record(article_key(record.article.text)) == record
    assert filled.article_record("0" * 64) is None


@pytest.mark.parametrize(
    "speaker", ["O'Brien", "o'brien", "'", '"', "%", "_", "\\", "x' OR '1'='1", "Robert'); DROP TABLE statements;--"]
)
def test_a_speaker_with_quotes_is_a_parameter(ledger, speaker):
    record = pompeo_record()
    text = record.article.text.replace("Mike Pompeo", "Sean O'Brien")
    obrien = replace(record.entities[0], name="Sean O'Brien", aliases=())
    statement = replace(
        record.statements[0],
        speaker=replace(record.statements[0].speaker, text="Sean O'Brien", end=record.statements[0].speaker.start + 12),
        speaker_entity=obrien.ref(),
    )
    shift = len("Sean O'Brien") - len("Mike Pompeo")
    statement = replace(
        statement,
        cue=replace(statement.cue, start=statement.cue.start + shift, end=statement.cue.end + shift),
        content=replace(statement.content, start=statement.content.start + shift, end=statement.content.end + shift),
    )
    ledger.add(replace(record, article=replace(record.article, text=text), statements=(statement,), entities=(obrien,)))
    expected = [("a1", "s1")] if speaker.casefold() in "sean o'brien" else []
    assert found(ledger.statements(speaker=speaker)) == expected
    assert ledger.count_statements(speaker=speaker) == len(expected)
    assert [e.id for e in ledger.entities(speaker)] == (["person:sean-obrien"] if expected else [])


@pytest.mark.parametrize("query", ["al-Qaeda", "S-400", "(", "missile AND", "\"unterminated", "*", "NEAR("])
def test_an_odd_full_text_query_gives_the_clear_error_or_results(filled, query):
    for search in (lambda: filled.statements(text=query), lambda: filled.positions(query),
                   lambda: filled.count_statements(text=query), lambda: filled.search_articles(query)):
        try:
            search()
        except StoreError as err:
            assert str(err).startswith(f"invalid full-text query {query!r} (")
            assert str(err).endswith("""put words with punctuation in double quotes, e.g. '"al-Qaeda"'""")
