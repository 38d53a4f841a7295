"""What ingest links across articles: near-duplicate groups, claim groups and ledger entities."""

from dataclasses import replace

import pytest

from newsledger.ledger import Ledger, article_key

from .build import (
    WIRE_TEXT,
    all_records,
    copy_record,
    follow_up_record,
    unrelated_record,
    wire_record,
)
from .conftest import pompeo_record, secretary_record, spokesman_record


def dup_groups(ledger):
    return {stored.article.id: [d.article.id for d in ledger.duplicates_of(stored.key)] for stored in ledger.articles()}


def test_a_wire_copy_with_a_new_first_line_is_a_near_duplicate_and_an_unrelated_story_is_not(ledger):
    ledger.add_many(all_records())
    assert dup_groups(ledger) == {"wire": ["copy"], "copy": ["wire"], "follow-up": [], "rafale": []}


def test_near_duplicates_are_found_across_separate_ingest_runs(ledger_path):
    with Ledger.open(ledger_path) as ledger:
        ledger.add(wire_record())
    with Ledger.open(ledger_path) as ledger:
        ledger.add(unrelated_record())
        ledger.add(copy_record())
        assert dup_groups(ledger)["copy"] == ["wire"]
        # the group is named after its first article
        groups = dict(ledger._conn.execute("SELECT id, dup_group FROM articles"))
    assert groups["copy"] == groups["wire"] == article_key(WIRE_TEXT)
    assert groups["rafale"] != groups["wire"]


def test_duplicates_of_an_unknown_article_is_empty(ledger):
    assert ledger.duplicates_of("0" * 64) == []


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        # the same claim in a wire copy
        ([wire_record(), copy_record()], {("wire", "s1"): 2, ("copy", "s1"): 2}),
        # the same claim by the same speaker (a spelling variant of his name) in another article
        ([wire_record(), follow_up_record()], {("wire", "s1"): 2, ("follow-up", "s1"): 2, ("follow-up", "s2"): 1}),
        # all three, whatever the order
        (
            [follow_up_record(), copy_record(), wire_record()],
            {("wire", "s1"): 3, ("copy", "s1"): 3, ("follow-up", "s1"): 3, ("follow-up", "s2"): 1},
        ),
        # another speaker, another claim
        ([wire_record(), unrelated_record()], {("wire", "s1"): 1, ("rafale", "s1"): 1}),
    ],
)
def test_claim_groups(ledger, records, expected):
    ledger.add_many(records)
    stored = ledger.statements()
    assert {(s.article_id, s.statement.id): s.group_size for s in stored} == expected
    sizes = {}
    for s in stored:
        sizes.setdefault(s.group_id, set()).add(s.article_id)
    assert all(s.group_size == len(sizes[s.group_id]) for s in stored)


def test_the_same_words_by_another_speaker_are_another_claim(ledger):
    wire = wire_record()
    other = replace(
        follow_up_record(),
        entities=tuple(replace(e, name="Sergei Chemezov") if e.id == "e7" else e for e in follow_up_record().entities),
        statements=tuple(
            replace(s, speaker_entity=replace(s.speaker_entity, name="Sergei Chemezov"))
            for s in follow_up_record().statements
        ),
    )
    ledger.add_many([wire, other])
    assert {(s.article_id, s.statement.id): s.group_size for s in ledger.statements()} == {
        ("wire", "s1"): 1,
        ("follow-up", "s1"): 1,
        ("follow-up", "s2"): 1,
    }


def test_distinct_claims_keep_the_earliest_statement_of_each_group(ledger):
    ledger.add_many(all_records())
    rows = ledger.statements(distinct_claims=True)
    assert [(s.article_id, s.statement.id, s.group_size) for s in rows] == [
        ("wire", "s1", 3),
        ("follow-up", "s2", 1),
        ("rafale", "s1", 1),
    ]
    assert ledger.count_statements(distinct_claims=True) == 3
    assert ledger.count_statements() == 5


@pytest.mark.parametrize(
    ("entity_id", "name", "aliases", "articles", "statements"),
    [
        # a local entity, merged across articles by its folded name and a spelling variant
        ("person:dmitry-shugaev", "Dmitry Shugaev", ("Shugaev", "Dmitry Shugayev"), 3, 4),
        # a knowledge-base id stays as it is
        ("country:IND", "India", ("New Delhi",), 3, 0),
        ("weapon:s-400", "S-400", (), 2, 0),
        # an id known only from an event
        ("country:GRC", "Greece", (), 1, 0),
    ],
)
def test_entities_merge_across_articles(ledger, entity_id, name, aliases, articles, statements):
    ledger.add_many(all_records())
    entity = ledger.entity(entity_id)
    assert (entity.id, entity.name, entity.aliases, entity.articles, entity.statements) == (
        entity_id,
        name,
        aliases,
        articles,
        statements,
    )


def test_an_entity_keeps_its_titles_with_their_dates_oldest_first(ledger):
    ledger.add_many([follow_up_record(), wire_record(), copy_record()])
    # the first article names him Shugayev, so that is the ledger's name and id
    [entity] = ledger.entities("shugaev")
    assert (entity.id, entity.name) == ("person:dmitry-shugayev", "Dmitry Shugayev")
    assert entity.titles == (
        ("director", "Federal Service for Military-Technical Cooperation", "2021-11-15"),
        ("director", "Federal Service for Military-Technical Cooperation", "2021-11-16"),
        ("head", "Rosoboronexport", "2021-12-03"),
    )


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        # same name, case and diacritics aside: one entity
        (
            [spokesman_record(), replace(
                spokesman_record(),
                article=replace(spokesman_record().article, id="c4", text=spokesman_record().article.text + " "),
                entities=(replace(spokesman_record().entities[0], name="SEGOLENE ROYAL"),),
            )],
            {("c3", "s2"): "person:segolene-royal", ("c4", "s2"): "person:segolene-royal", ("c3", "s1"): None, ("c4", "s1"): None},
        ),
        # two articles, local ids e1 and p, one person
        (
            [pompeo_record(), secretary_record()],
            {("a1", "s1"): "person:mike-pompeo", ("a1", "s2"): "person:mohammad-javad-zarif", ("b2", "s1"): "person:mike-pompeo"},
        ),
    ],
)
def test_speakers_get_ledger_ids(ledger, records, expected):
    ledger.add_many(records)
    assert {(s.article_id, s.statement.id): s.speaker_id for s in ledger.statements()} == expected


def test_the_same_name_with_another_type_is_another_entity(ledger):
    person = spokesman_record()
    group = replace(
        person,
        article=replace(person.article, id="c4", text=person.article.text + " "),
        entities=(replace(person.entities[0], type="group"),),
        statements=tuple(
            replace(s, speaker_entity=replace(s.speaker_entity, type="group")) if s.speaker_entity else s
            for s in person.statements
        ),
    )
    ledger.add_many([person, group])
    assert {e.id for e in ledger.entities("royal")} == {"person:segolene-royal", "group:segolene-royal"}


def test_an_event_argument_with_an_article_local_id_is_linked(ledger):
    ledger.add_many([secretary_record(), pompeo_record()])
    # secretary_record's event names its actor e1, which that article does not list: it is
    # linked by name to the article's Mike Pompeo
    [event] = ledger.timeline("person:mike-pompeo")
    assert [a.id for a in event.event.actors] == ["person:mike-pompeo"]
