"""PLOVER GSR scoring: reading the gold, mapping old labels and actor codes, and the arithmetic."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from conftest import SHARED, needs_shared

from newsledger.errors import InputError
from newsledger.evaluation.plover import (
    PloverSentence,
    actor_codes,
    evaluate_plover,
    load_plover,
    score_plover,
    top_event,
)
from newsledger.knowledge import load_knowledge
from newsledger.records import (
    PLOVER_TYPES,
    Article,
    ArticleRecord,
    Entity,
    Event,
    EventArg,
    Problem,
    Span,
)

PLOVER_DIR = SHARED / "eval-data" / "plover-gsr"
PLOVER_FILE = PLOVER_DIR / "PLOVER_GSR_CAMEO.txt"


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


def event(type_: str, actors=(), recipients=(), *, mode=None, confidence=1.0, location=None, n=1) -> Event:
    return Event(
        id=f"ev{n}",
        type=type_,
        subtype=None,
        mode=mode,
        actors=tuple(EventArg(a, a) for a in actors),
        recipients=tuple(EventArg(r, r) for r in recipients),
        item=None,
        location=EventArg(f"loc:{location}", location) if location else None,
        time=None,
        modality="asserted",
        evidence=Span(0, 4, "text"),
        confidence=confidence,
    )


def record(sid: str, *events: Event, entities=()) -> ArticleRecord:
    return ArticleRecord(
        article=Article(sid, f"sentence {sid}", f"plover:{sid}"), entities=tuple(entities), events=tuple(events)
    )


def sentence(sid, type_, actors=(), recipients=(), *, mode=None, reciprocal=False, location=None) -> PloverSentence:
    return PloverSentence(
        id=sid,
        text=f"sentence {sid}",
        type=type_,
        original_type=type_,
        mode=mode,
        actors=frozenset(actors),
        recipients=frozenset(recipients),
        reciprocal=reciprocal,
        location=location,
    )


# ---------------------------------------------------------------------------- loading


def gsr_record(rid, event_, text="Someone did something.", **fields) -> dict:
    return {"id": rid, "date": "2000-01-01", "event": event_, "text": text, "textInfo": {"markup": text}, **fields}


def write_gsr(path: Path, records: list[dict]) -> Path:
    header = {"id": "PLOVER-GSR01-DOCUMENT-0001", "event": "DOCUMENT", "eventText": "documentation"}
    path.write_text(json.dumps([header, *records]), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "old, mode, expected_type, expected_mode",
    [
        ("DEMAND", None, "REQUEST", None),
        ("DISAPPROVE", None, "ACCUSE", None),
        ("INVESTIGATE", "", "ACCUSE", "investigate"),
        ("FIGHT", "heavy-weapons", "ASSAULT", "heavy-weapons"),
        ("ASSAULT", "", "ASSAULT", None),
        ("AGREE", None, "AGREE", None),
    ],
)
def test_old_labels_are_mapped_to_the_current_plover_set(tmp_path, old, mode, expected_type, expected_mode):
    fields = {} if mode is None else {"mode": mode}
    (s,) = load_plover(write_gsr(tmp_path / "gsr.json", [gsr_record("r1", old, **fields)]))
    assert (s.type, s.original_type, s.mode) == (expected_type, old, expected_mode)


def test_loader_reads_actors_reciprocity_and_place(tmp_path):
    records = [
        gsr_record(
            "r1",
            "AGREE",
            "Jordan and Britain agreed.",
            source=[{"actorText": "Jordan", "code": "JOR"}, {"actorText": "Britain", "code": "GBR"}],
            target="",
            textInfo={"markup": "(SRC/TAR: Jordan) and (SRC/TAR: Britain) (EVT: agreed)."},
        ),
        gsr_record(
            "r2",
            "SANCTION",
            "Japan halted aid to Serbia in Belgrade.",
            source=[{"actorText": "Japan", "code": "JAP"}],  # a typo in the gold, read as JPN
            target=[{"actorText": "Serbia", "code": "SRB", "sector": "GOV"}],
            eventLoc={"name": "Belgrade"},
            textInfo="(SRC: Japan) (EVT: halted) aid (TAR: to Serbia)",  # a bare string, as in one record
        ),
        gsr_record("r3", "ASSAULT", "Three were killed.", target="diplomatic"),  # no source, stray target
    ]
    s1, s2, s3 = load_plover(write_gsr(tmp_path / "gsr.json", records))
    assert (s1.actors, s1.recipients, s1.reciprocal, s1.location) == ({"JOR", "GBR"}, set(), True, None)
    assert (s2.actors, s2.recipients, s2.reciprocal, s2.location) == ({"JPN"}, {"SRB"}, False, "Belgrade")
    assert (s3.actors, s3.recipients) == (set(), set())


def test_loader_accepts_the_folder(tmp_path):
    write_gsr(tmp_path / "PLOVER_GSR_CAMEO.txt", [gsr_record("r1", "AID")])
    assert [s.id for s in load_plover(tmp_path)] == ["r1"]


def test_a_missing_file_is_one_line_naming_it_and_the_fix(tmp_path):
    missing = tmp_path / "nowhere" / "PLOVER_GSR_CAMEO.txt"
    with pytest.raises(InputError) as err:
        load_plover(missing)
    assert str(err.value) == (
        f"{missing}: no PLOVER gold file here; "
        "pass PLOVER_GSR_CAMEO.txt (or the plover-gsr folder holding it) with --data"
    )
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(
    "content, message",
    [
        ("{not json", "not a JSON file"),
        ('{"id": "x"}', "not a JSON array of PLOVER records"),
        (json.dumps([gsr_record("r1", "NEGOTIATE")]), "r1: unknown event type 'NEGOTIATE'"),
        (json.dumps([gsr_record("r1", "AID", text="")]), "r1: has no sentence text"),
        (json.dumps([["not", "a", "record"]]), "record 0: is not a record with an id"),
    ],
)
def test_a_malformed_file_is_an_input_error(tmp_path, content, message):
    path = tmp_path / "gsr.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message) as err:
        load_plover(path)
    assert str(err.value).startswith(str(path))


@needs_shared(PLOVER_FILE)
def test_the_real_gold_after_mapping():
    gold = load_plover(PLOVER_FILE)
    assert len(gold) == 322
    assert Counter(s.type for s in gold) == {
        "AGREE": 40, "REQUEST": 34, "REJECT": 34, "ASSAULT": 32, "THREATEN": 29, "PROTEST": 27,
        "ACCUSE": 25, "COERCE": 18, "RETREAT": 14, "SANCTION": 14, "SUPPORT": 12, "CONCEDE": 12,
        "CONSULT": 11, "AID": 10, "MOBILIZE": 6, "COOPERATE": 4,
    }  # fmt: skip
    assert {s.type for s in gold} == set(PLOVER_TYPES)
    assert sum(s.reciprocal for s in gold) == 18
    assert sum(bool(s.mode) for s in gold) == 117  # 108 coded + 9 INVESTIGATE -> ACCUSE/investigate
    assert sum(bool(s.location) for s in gold) == 48
    codes = {c for s in gold for c in s.actors | s.recipients}
    assert not codes & {"JAP", "ITL", "VTN"}
    assert {"USA", "IGO", "JPN", "ITA", "VNM"} <= codes


# ---------------------------------------------------------------------------- actor codes


PEOPLE = (
    Entity("e1", "Benjamin Netanyahu", "person", affiliation="Israel"),
    Entity("e2", "Kofi Annan", "person", affiliation="United Nations"),
    Entity("e3", "a diplomat", "anonymous"),
    Entity("e4", "John Smith", "person", affiliation="Acme Holdings"),
)


@pytest.mark.parametrize(
    "ids, codes",
    [
        (["country:TUR"], {"TUR"}),  # the country, or its government: one id
        (["org:un"], {"IGO"}),  # an international body has no country
        (["org:nato", "org:eu"], {"IGO"}),
        (["org:us-state-department"], {"USA"}),
        (["org:no-such-org"], set()),
        (["e1"], {"ISR"}),  # a person, by the country of their affiliation
        (["e2"], {"IGO"}),  # a person whose affiliation is an international body
        (["e3"], set()),  # no affiliation
        (["e4"], set()),  # an affiliation that names no country
        (["e99"], set()),  # not an entity of the record
        (["weapon:s-400"], set()),
        (["country:RUS", "country:RUS", "e1"], {"RUS", "ISR"}),  # one code per country
        ([], set()),
    ],
)
def test_actor_codes(kb, ids, codes):
    args = [EventArg(i, i) for i in ids]
    assert actor_codes(args, record("s1", entities=PEOPLE), kb) == codes


# ---------------------------------------------------------------------------- scoring


def test_top_event_is_the_most_confident_and_the_first_on_a_tie():
    a, b, c = event("AGREE", confidence=0.6, n=1), event("REJECT", confidence=0.9, n=2), event("AID", confidence=0.9, n=3)
    assert top_event([a, b, c]) is b
    assert top_event([]) is None


GOLD = [
    sentence("s1", "REQUEST", ["CHN"], ["USA"]),
    sentence("s2", "ACCUSE", ["USA"], ["IRQ"], mode="investigate"),
    sentence("s3", "AGREE", ["ISR", "PSE"], reciprocal=True),
    sentence("s4", "ASSAULT", ["ISR"], ["LBN"], mode="heavy-weapons", location="Beirut"),
    sentence("s5", "REJECT", ["RUS"], ["IGO"]),
]
PREDICTED = {
    # top REQUEST right, codes right: a full triple; a second, less confident ACCUSE
    "s1": record(
        "s1",
        event("REQUEST", ["country:CHN"], ["country:USA"], confidence=0.9, n=1),
        event("ACCUSE", ["country:CHN"], [], confidence=0.5, n=2),
    ),
    # wrong type and no mode; codes right
    "s2": record("s2", event("REQUEST", ["country:USA"], ["country:IRQ"], confidence=0.8)),
    # reciprocal: actor and recipient swapped is still right
    "s3": record("s3", event("AGREE", ["country:PSE"], ["country:ISR"])),
    # a person's affiliation gives ISR; wrong recipient; mode and place right
    "s4": record(
        "s4",
        event("ASSAULT", ["e1"], ["country:SYR"], mode="heavy-weapons", location="beirut"),
        entities=[Entity("e1", "an Israeli commander", "person", affiliation="Israel")],
    ),
    # s5: no record at all
}


def test_score_by_hand(kb):
    report = score_plover(GOLD, PREDICTED, knowledge=kb)
    assert (report.sentences, report.with_event, report.events) == (5, 4, 5)
    assert report.coverage == pytest.approx(4 / 5)
    assert (report.type_correct, report.accuracy) == (3, pytest.approx(3 / 5))
    # REQUEST: 1 right of 2 predicted, 1 gold: F1 2/3; ACCUSE and REJECT missed: 0; AGREE, ASSAULT: 1.
    assert report.by_type["REQUEST"].to_dict()["f1"] == pytest.approx(0.6667)
    assert report.macro_f1 == pytest.approx((2 / 3 + 0 + 1 + 1 + 0) / 5)
    # every distinct type of every event: s1 {REQUEST, ACCUSE}, s2 {REQUEST}, s3, s4 right, s5 none
    assert (report.labels.matched, report.labels.gold, report.labels.predicted) == (3, 5, 5)
    # actors: s1, s2, s4 one each, s3 the reciprocal pair (2), s5 missed
    assert (report.actor.matched, report.actor.gold, report.actor.predicted) == (5, 6, 5)
    assert report.actor.recall == pytest.approx(5 / 6)
    # recipients: s1, s2 right; s4 SYR for LBN; s5 missed; s3 (reciprocal) not counted here
    assert (report.recipient.matched, report.recipient.gold, report.recipient.predicted) == (2, 4, 3)
    assert (report.recipient.precision, report.recipient.recall) == (pytest.approx(2 / 3), 0.5)
    assert (report.triples, report.triple_rate) == (2, pytest.approx(2 / 5))
    assert (report.mode_correct, report.mode_gold) == (1, 2)
    assert (report.location_correct, report.location_gold) == (1, 1)
    assert report.missing_records == ("s5",)


@pytest.mark.parametrize(
    "reciprocal, actor, recipient, triples",
    [
        (True, (2, 2, 2), (0, 0, 0), 1),  # one unordered set: swapping roles is right
        (False, (0, 1, 1), (0, 1, 1), 0),  # ordered: swapped roles are both wrong
    ],
)
def test_the_reciprocal_rule(kb, reciprocal, actor, recipient, triples):
    gold = [sentence("s1", "CONSULT", ["ISR"], ["PSE"], reciprocal=reciprocal)]
    predicted = {"s1": record("s1", event("CONSULT", ["country:PSE"], ["country:ISR"]))}
    report = score_plover(gold, predicted, knowledge=kb)
    assert (report.actor.matched, report.actor.gold, report.actor.predicted) == actor
    assert (report.recipient.matched, report.recipient.gold, report.recipient.predicted) == recipient
    assert report.triples == triples


def test_the_macro_f1_counts_only_types_in_the_gold_or_the_predictions(kb):
    gold = [sentence("s1", "AID"), sentence("s2", "AID")]
    predicted = {"s1": record("s1", event("AID")), "s2": record("s2", event("SUPPORT"))}
    report = score_plover(gold, predicted, knowledge=kb)
    # AID: P 1, R 1/2, F1 2/3; SUPPORT: 0 (predicted, never gold); the other 14 types are not averaged
    assert report.macro_f1 == pytest.approx((2 / 3 + 0) / 2)


@pytest.mark.parametrize(
    "found, gold, right",
    [
        ("beirut", "Beirut", True),
        ("United Kingdom", "Britain", True),  # one country, two names
        ("Italy", "Genoa", False),  # a city is not its country
        (None, "Genoa", False),
    ],
)
def test_place(kb, found, gold, right):
    gold_sentences = [sentence("s1", "AID", location=gold)]
    report = score_plover(gold_sentences, {"s1": record("s1", event("AID", location=found))}, knowledge=kb)
    assert (report.location_correct, report.location_gold) == (int(right), 1)


def test_report_dict_and_table(kb):
    report = score_plover(GOLD, PREDICTED, knowledge=kb)
    d = report.to_dict()
    assert d["sentences"] == 5 and d["type_accuracy"] == 0.6 and d["triple_exact"] == 0.4
    assert d["actor"] == {"precision": 1.0, "recall": 0.8333, "f1": 0.9091, "matched": 5, "gold": 6, "predicted": 5}
    assert set(d["by_type"]) == set(PLOVER_TYPES)
    json.dumps(d)  # --json-able
    table = report.table()
    assert "accuracy  60.0   macro-F1  53.3" in table
    assert "actor codes         100.0   83.3   90.9      6      5" in table
    assert "triple exact       40.0%  (2 of 5)" in table
    assert "REQUEST              50.0  100.0   66.7      1      2" in table
    assert "COOPERATE" not in table  # types with no gold and no prediction are left out of the table
    assert table.endswith("sentences without a record (scored as no event): 1")
    assert report.format_table() == table


def test_evaluate_with_an_injected_extractor(tmp_path):
    records = [gsr_record("r1", "DEMAND", "China demanded that the US stop."), gsr_record("r2", "AID"), gsr_record("r3", "AID")]
    path = write_gsr(tmp_path / "gsr.json", records)
    seen = []

    def extract(articles):
        for article in articles:
            seen.append(article)
            if article.id == "r2":
                yield Problem.of(article.source, "extraction failed", kind="extraction_failed")
            else:
                yield ArticleRecord(article=article, events=(event("REQUEST"),) if article.id == "r1" else ())

    report = evaluate_plover(path, extract=extract, limit=2)
    assert [(a.id, a.source, a.published) for a in seen] == [("r1", "plover:r1", None), ("r2", "plover:r2", None)]
    assert seen[0].text == "China demanded that the US stop."
    assert (report.sentences, report.with_event, report.type_correct) == (2, 1, 1)
    assert report.missing_records == ("r2",)
    assert [(p.kind, p.message) for p in report.problems] == [("extraction_failed", "plover:r2: extraction failed")]
    assert report.table().endswith("sentences without a record (scored as no event): 1\n  plover:r2: extraction failed")


def test_evaluate_refuses_a_negative_limit(tmp_path):
    with pytest.raises(ValueError, match="limit must be zero or more"):
        evaluate_plover(tmp_path, extract=lambda articles: [], limit=-1)


@needs_shared(PLOVER_FILE)
def test_evaluate_runs_the_real_pipeline_end_to_end():
    report = evaluate_plover(PLOVER_DIR, limit=5)
    assert report.sentences == 5
    assert report.missing_records == ()
    assert 0 <= report.with_event <= 5
    assert "5 sentences" in report.table()
    assert report.to_dict()["sentences"] == 5
