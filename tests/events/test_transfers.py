"""Arms-transfer records from hand-built events: sides, status, follow-ons, years, evidence."""

import pytest

from newsledger.events.transfers import build_transfers
from newsledger.knowledge import Knowledge, Weapon
from newsledger.records import Article, ArticleRecord, Entity, Event, EventArg, EventItem, EventTime, Span, Statement, Content, EntityRef

RUS = EventArg("country:RUS", "Russia")
TUR = EventArg("country:TUR", "Turkey")
USA = EventArg("country:USA", "United States")
S400 = EventItem("weapon:s-400", "S-400")


@pytest.fixture(scope="module")
def kb():
    from dataclasses import replace

    from newsledger.knowledge import load_knowledge

    base = load_knowledge()
    weapon = Weapon("weapon:s-400", "S-400", "air defence system", "Air defence systems", "org:almaz-antey", "RUS")
    return replace(base, weapons_by_id={**base.weapons_by_id, weapon.id: weapon})


def _event(n, subtype, actors, recipients=(), modality="asserted", role=None, trigger="bought", time=None, item=S400, statement=None):
    text = f"sentence {n}"
    return Event(
        id=f"v{n}", type="COOPERATE", subtype=subtype, mode=None, actors=tuple(actors), recipients=tuple(recipients),
        item=item, location=None, time=EventTime(time, time) if time else None, modality=modality,
        evidence=Span(0, len(text), text), statement_id=statement, trigger=Span(0, len(trigger), trigger), actor_role=role,
    )


def _record(*events, statements=(), entities=(), article_id="a1"):
    return ArticleRecord(Article(article_id, "x" * 40, f"{article_id}.txt", published="2019-11-28"), statements=tuple(statements), entities=tuple(entities), events=tuple(events))


def test_a_purchase_makes_an_ordered_record_with_the_buyer_as_recipient(kb):
    (t,) = build_transfers([_record(_event(1, "PURCHASE", [TUR], [RUS], role="buyer"))], kb)
    assert (t.supplier, t.recipient, t.item.name, t.status) == (RUS, TUR, "S-400", "ordered")
    assert (t.category, t.sipri_category) == ("air defence system", "Air defence systems")


def test_the_supplier_defaults_to_the_systems_country_of_origin(kb):
    (t,) = build_transfers([_record(_event(1, "PURCHASE", [TUR], role="buyer"))], kb)
    assert t.supplier == RUS


def test_a_seller_is_the_supplier(kb):
    (t,) = build_transfers([_record(_event(1, "PURCHASE", [RUS], [TUR], role="supplier", trigger="sold"))], kb)
    assert (t.supplier, t.recipient) == (RUS, TUR)


def test_hoped_deals_and_negotiations_are_a_follow_on_not_a_deal(kb):
    records = [
        _record(_event(1, "PURCHASE", [TUR], [RUS], role="buyer")),
        _record(_event(2, "ORDER", [RUS], [TUR], modality="hoped", trigger="contract", time="2020-H1"), article_id="a2"),
        _record(_event(3, "NEGOTIATE", [RUS, TUR], trigger="debate"), article_id="a3"),
    ]
    (t,) = build_transfers(records, kb)
    assert (t.status, t.follow_on, t.order_year) == ("ordered", "negotiating", None)
    assert [e["status"] for e in t.evidence] == ["ordered", "negotiating", "negotiating"]
    assert {e["article"] for e in t.evidence} == {"a1", "a2", "a3"}


def test_only_negotiations_give_a_negotiating_record(kb):
    (t,) = build_transfers([_record(_event(1, "NEGOTIATE", [RUS, TUR], trigger="talks"))], kb)
    assert (t.status, t.follow_on) == ("negotiating", None)


def test_a_test_by_the_buyer_shows_delivery_with_its_year(kb):
    records = [_record(_event(1, "PURCHASE", [TUR], [RUS], role="buyer", time="2017")),
               _record(_event(2, "TEST", [TUR], role="buyer", trigger="tested", time="2019-11-26"))]
    (t,) = build_transfers(records, kb)
    assert (t.status, t.order_year, t.delivery_years) == ("delivered", 2017, (2019,))


def test_delivering_and_delivered_follow_the_trigger(kb):
    (t,) = build_transfers([_record(_event(1, "DELIVER", [RUS], [TUR], role="supplier", trigger="delivering"))], kb)
    assert t.status == "delivering"
    (t,) = build_transfers([_record(_event(1, "DELIVER", [RUS], [TUR], role="supplier", trigger="delivered"))], kb)
    assert t.status == "delivered"


def test_a_cancellation_ends_the_record(kb):
    records = [_record(_event(1, "PURCHASE", [TUR], [RUS], role="buyer")), _record(_event(2, "ORDER", [TUR], [RUS], role="buyer", trigger="cancelled"))]
    (t,) = build_transfers(records, kb)
    assert t.status == "cancelled"


def test_negated_events_are_evidence_but_no_status(kb):
    assert build_transfers([_record(_event(1, "PURCHASE", [TUR], [RUS], role="buyer", modality="negated"))], kb) == []
    records = [_record(_event(1, "PURCHASE", [TUR], [RUS], role="buyer")), _record(_event(2, "DELIVER", [RUS], [TUR], role="supplier", trigger="delivered", modality="denied"))]
    (t,) = build_transfers(records, kb)
    assert t.status == "ordered" and [e["status"] for e in t.evidence] == ["ordered", None]


def test_licensed_production_alone_is_no_transfer(kb):
    produce = _event(1, "PRODUCE_UNDER_LICENCE", [TUR], role="buyer", trigger="produced")
    assert build_transfers([_record(produce)], kb) == []


@pytest.mark.parametrize("item", [None, EventItem("weapon-category:air defence system", "air defence system")])
def test_events_without_a_named_system_make_no_record(kb, item):
    assert build_transfers([_record(_event(1, "PURCHASE", [TUR], [RUS], role="buyer", item=item))], kb) == []


def test_a_speaker_and_a_person_actor_are_resolved(kb):
    person = Entity("e1", "Alexander Mikhev", "person", affiliation="Rosoboronexport", mentions=((0, 5),))
    st = Statement("s1", None, EntityRef("e1", "Alexander Mikhev", "person"), Span(0, 4, "said"), Content(5, 10, "xxxxx"), "indirect")
    records = [_record(_event(1, "DELIVER", [EventArg("e1", "Alexander Mikhev")], [TUR], role="supplier", trigger="delivered", statement="s1"), statements=[st], entities=[person])]
    (t,) = build_transfers(records, kb)
    assert (t.supplier, t.recipient) == (RUS, TUR)
    assert t.evidence[0]["speaker"] == "Alexander Mikhev"


def test_the_quantity_is_the_largest_stated(kb):
    records = [_record(_event(1, "PURCHASE", [TUR], [RUS], role="buyer", item=EventItem("weapon:s-400", "S-400", 4))),
               _record(_event(2, "PURCHASE", [TUR], [RUS], role="buyer", item=EventItem("weapon:s-400", "S-400", 2)))]
    (t,) = build_transfers(records, kb)
    assert t.quantity == 4
