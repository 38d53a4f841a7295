"""The one row schema (``newsledger.rows``): each row function gives exactly its table's columns,
the ledger's flat statement columns read back into the same statement, and each record kind's one
serialisation (``Event.summary``, ``Statement.speaker_name``, ``LedgerEntity.to_dict``)."""

from __future__ import annotations

import pytest

from newsledger import rows
from newsledger.ledger import LedgerEntity
from newsledger.records import (
    Article,
    ArticleRecord,
    Content,
    Entity,
    EntityRef,
    Event,
    EventArg,
    EventItem,
    EventTime,
    Span,
    Statement,
    Transfer,
)

TEXT = 'Turkey bought the S-400 from Russia, Foreign Minister Mevlut Cavusoglu told reporters. "It is done," he said.'
ARTICLE = Article("a1", TEXT, "wire.txt", "Deal done", "2019-07-12", "https://example.org/a1")
CAVUSOGLU = EntityRef("e1", "Mevlut Cavusoglu", "person", "Foreign Minister", "Turkey")
INDIRECT = Statement(
    "s1", Span(37, 70, "Foreign Minister Mevlut Cavusoglu"), CAVUSOGLU, Span(71, 75, "told"),
    Content(0, 35, "Turkey bought the S-400 from Russia"), "indirect", Span(76, 85, "reporters"), 0.8,
)
DIRECT = Statement(
    "s2", Span(101, 103, "he"), CAVUSOGLU, Span(104, 108, "said"),
    Content(88, 99, "It is done,", ((88, 93), (94, 99))), "direct", None, 0.9,
)
UNRESOLVED = Statement("s3", None, None, Span(104, 108, "said"), Content(88, 99, "It is done,"), "direct")
TURKEY, RUSSIA = EventArg("country:TUR", "Turkey"), EventArg("country:RUS", "Russia")
PURCHASE = Event(
    "v1", "COOPERATE", "PURCHASE", None, (TURKEY,), (RUSSIA,), EventItem("weapon:s-400", "S-400", 4),
    EventArg("loc:ankara", "Ankara"), EventTime("in July", "2019-07"), "asserted", Span(0, 86, TEXT[:86]),
    "s1", 0.85, Span(7, 13, "bought"), "buyer",
)
ENTITY = Entity("e1", "Mevlut Cavusoglu", "person", ("Cavusoglu",), "Foreign Minister", "Turkey", ((54, 70),), "2019-07-12")
RECORD = ArticleRecord(ARTICLE, statements=(INDIRECT, DIRECT), entities=(ENTITY,), events=(PURCHASE,))
TRANSFER = Transfer(
    RUSSIA, TURKEY, EventArg("weapon:s-400", "S-400"), "air defence system", "air defence systems", "delivered",
    2017, (2019, 2020), 4, None, ({"article": "a1", "event": "v1"}, {"article": "a1", "event": "v2"}),
)
MERGED = LedgerEntity(
    "person:mevlut-cavusoglu", "Mevlut Cavusoglu", "person", ("Cavusoglu",),
    (("Foreign Minister", "Turkey", "2019-07-12"), ("Foreign Minister", None, None)), 2, 5,
)


def names(columns: rows.Columns) -> list[str]:
    return [name for name, _ in columns]


@pytest.mark.parametrize(
    ("row", "columns"),
    [
        (rows.article_row("k", RECORD), rows.ARTICLE_COLUMNS["articles"]),
        (rows.event_row("k", "a1", "2019-07-12", PURCHASE), rows.LEDGER_COLUMNS["events"]),
        (rows.event_row("k", "a1", "2019-07-12", PURCHASE), rows.ARTICLE_COLUMNS["events"]),
        (rows.entity_row("k", "a1", ENTITY), rows.ARTICLE_COLUMNS["entities"]),
        (MERGED.to_dict(), rows.LEDGER_COLUMNS["entities"]),
        (rows.transfer_row(TRANSFER), rows.LEDGER_COLUMNS["transfers"]),
    ],
    ids=["articles", "events", "batch events", "batch entities", "ledger entities", "transfers"],
)
def test_a_row_has_its_tables_columns_in_their_order(row, columns):
    assert list(row) == names(columns)


def test_a_statement_row_selects_down_to_the_batch_table():
    row = rows.select(rows.statement_row("k", "a1", "2019-07-12", INDIRECT), rows.ARTICLE_COLUMNS["statements"])
    assert list(row) == names(rows.ARTICLE_COLUMNS["statements"])
    assert row["speaker_name"] == "Mevlut Cavusoglu" and row["addressee_text"] == "reporters"


def test_the_batch_statements_are_the_ledgers_without_what_only_a_ledger_knows():
    only_ledger = set(names(rows.LEDGER_COLUMNS["statements"])) - set(names(rows.ARTICLE_COLUMNS["statements"]))
    assert only_ledger == set(rows.LEDGER_ONLY) == {
        "article_source", "article_title", "article_url", "speaker_id", "group_id", "group_size", "mentions",
    }


@pytest.mark.parametrize("statement", [INDIRECT, DIRECT, UNRESOLVED], ids=["addressee", "parts", "no speaker"])
def test_the_flat_statement_columns_read_back_into_the_same_statement(statement):
    columns = rows.statement_columns(statement)
    assert rows.statement_from_columns(statement.id, columns, columns["content_parts"]) == statement


@pytest.mark.parametrize("table", [*rows.LEDGER_COLUMNS, *rows.ARTICLE_COLUMNS])
def test_every_column_type_has_an_arrow_type(table):
    for columns in (rows.LEDGER_COLUMNS.get(table), rows.ARTICLE_COLUMNS.get(table)):
        if columns is not None:
            assert rows.arrow_table([], columns).schema.names == names(columns)


def test_the_typed_table_reads_dates_as_dates_and_a_bad_date_as_none():
    good = rows.event_row("k", "a1", "2019-07-12", PURCHASE)
    bad = rows.event_row("k", "a1", "12 July", PURCHASE)
    table = rows.arrow_table([good, bad], rows.LEDGER_COLUMNS["events"])
    assert [str(d) if d else d for d in table.column("article_published").to_pylist()] == ["2019-07-12", None]


def test_the_ledger_entity_writes_each_title_as_an_object():
    assert MERGED.to_dict()["titles"] == [
        {"title": "Foreign Minister", "affiliation": "Turkey", "as_of": "2019-07-12"},
        {"title": "Foreign Minister", "affiliation": None, "as_of": None},
    ]


def test_to_json_keeps_non_ascii_text():
    assert rows.to_json({"name": "Mariusz Błaszczak"}) == '{"name": "Mariusz Błaszczak"}'


def event(**changes) -> Event:
    fields = dict(
        id="v1", type="AID", subtype=None, mode=None, actors=(), recipients=(), item=None, location=None,
        time=None, modality="asserted", evidence=Span(0, 1, "x"),
    )
    return Event(**{**fields, **changes})


@pytest.mark.parametrize(
    ("e", "summary"),
    [
        (PURCHASE, "Turkey purchase S-400 to Russia in Ankara"),
        (event(), "? aid"),
        (event(subtype="PRODUCE_UNDER_LICENCE", actors=(TURKEY, RUSSIA)), "Turkey, Russia produce under licence"),
        (event(type="CONSULT", recipients=(TURKEY, RUSSIA)), "? consult to Turkey, Russia"),
    ],
)
def test_an_events_one_line_summary(e, summary):
    assert e.summary() == summary


@pytest.mark.parametrize(
    ("statement", "name"),
    [
        (INDIRECT, "Mevlut Cavusoglu"),
        (UNRESOLVED, None),
        (Statement("s4", Span(0, 6, "Turkey"), None, DIRECT.cue, DIRECT.content, "direct"), "Turkey"),
    ],
    ids=["resolved", "unknown", "as written"],
)
def test_a_statements_speaker_name(statement, name):
    assert statement.speaker_name == name


def test_an_articles_json_is_the_records_first_fields():
    data = RECORD.to_dict()
    assert {k: data[k] for k in ARTICLE.to_dict()} == ARTICLE.to_dict()
    assert list(data)[:6] == ["id", "source", "title", "published", "url", "text"]
    assert Article.from_dict(data) == ARTICLE
    assert ArticleRecord.from_dict(data) == RECORD
