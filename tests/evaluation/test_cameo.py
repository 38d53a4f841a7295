"""CAMEO example sentences: reading the TSV, quad classes from PLOVER types, the arithmetic, and real
figures on a handful of sentences through the real pipeline."""

from __future__ import annotations

import json

import pytest
from conftest import SHARED, needs_shared

from newsledger.errors import InputError
from newsledger.evaluation.cameo import QUAD_OF_TYPE, CameoSentence, evaluate_cameo, load_cameo, score_cameo
from newsledger.records import PLOVER_TYPES, Article, ArticleRecord, Event, Problem, Span

CAMEO_DIR = SHARED / "eval-data" / "cameo-train"


def event(type_: str, confidence: float = 1.0) -> Event:
    return Event(
        id="v1", type=type_, subtype=None, mode=None, actors=(), recipients=(), item=None, location=None,
        time=None, modality="asserted", evidence=Span(0, 4, "text"), confidence=confidence,
    )


def record(sid: str, *events: Event) -> ArticleRecord:
    return ArticleRecord(article=Article(sid, f"sentence {sid}", f"cameo:{sid}"), events=tuple(events))


def test_every_plover_type_has_a_quad():
    assert set(PLOVER_TYPES) <= set(QUAD_OF_TYPE)
    assert {QUAD_OF_TYPE[t] for t in ("AGREE", "CONSULT", "SUPPORT")} == {1}
    assert {QUAD_OF_TYPE[t] for t in ("COOPERATE", "AID", "RETREAT", "CONCEDE")} == {2}
    assert {QUAD_OF_TYPE[t] for t in ("REQUEST", "ACCUSE", "REJECT", "THREATEN", "SANCTION")} == {3}
    assert {QUAD_OF_TYPE[t] for t in ("PROTEST", "MOBILIZE", "COERCE", "ASSAULT")} == {4}


def test_loader_reads_sentences_and_labels(tmp_path):
    path = tmp_path / "cameo_class_train.tsv"
    path.write_text("Police arrested him.\t4\n\nHe said so, \tthen left.\t0\n", encoding="utf-8")
    assert load_cameo(tmp_path) == [
        CameoSentence("cameo-1", "Police arrested him.", 4),
        CameoSentence("cameo-3", "He said so, \tthen left.", 0),  # the label is after the last tab
    ]


@pytest.mark.parametrize("content", ["no label here\n", "A sentence.\t7\n", "\t2\n"])
def test_a_malformed_file_is_an_input_error(tmp_path, content):
    path = tmp_path / "c.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match="line 1"):
        load_cameo(path)


def test_a_missing_file_names_the_fix(tmp_path):
    with pytest.raises(InputError, match="cameo_class_train.tsv"):
        load_cameo(tmp_path / "nowhere")


GOLD = [CameoSentence(sid, sid, quad) for sid, quad in (("a", 4), ("b", 1), ("c", 0), ("d", 3), ("e", 2))]
PREDICTED = {
    "a": record("a", event("ASSAULT")),  # right
    "b": record("b", event("ACCUSE", 0.5), event("CONSULT", 0.9)),  # the best event decides: right
    "c": record("c", event("REQUEST")),  # an event where the gold has none
    "d": record("d"),  # missed
}  # e: no record at all, scored as no event


def test_score_by_hand():
    report = score_cameo(GOLD, PREDICTED, problems=[Problem.of("cameo:e", "failed", kind="extraction_failed")])
    assert report.sentences == 5 and report.events == 4
    assert report.accuracy == pytest.approx(2 / 5)
    assert report.event_accuracy == pytest.approx(2 / 4)
    assert report.event_recall == pytest.approx(2 / 4)
    assert report.event_precision == pytest.approx(2 / 3)
    assert report.missing_records == ("e",)
    d = report.to_dict()
    json.dumps(d)
    assert d["confusion"][0] == [0, 0, 0, 1, 0] and d["confusion"][2] == [1, 0, 0, 0, 0]
    table = report.table()
    assert "quad class        accuracy  40.0   (50.0 on the 4 sentences with a gold event" in table
    assert "event found       recall  50.0   precision  66.7" in table
    assert "nothing is learned from these sentences" in table
    assert table.endswith("sentences without a record (scored as no event): 1\n  cameo:e: failed")


def test_evaluate_with_an_injected_extractor(tmp_path):
    (tmp_path / "cameo_class_train.tsv").write_text("One.\t4\nTwo.\t1\nThree.\t2\n", encoding="utf-8")

    def extract(articles):
        for a in articles:
            if a.id == "cameo-2":
                yield Problem.of(a.source, "extraction failed (boom)", kind="extraction_failed")
            else:
                yield ArticleRecord(article=a, events=(event("COERCE"),))

    report = evaluate_cameo(tmp_path, extract=extract, limit=2)
    assert report.sentences == 2 and report.missing_records == ("cameo-2",)
    assert [(p.kind, p.message) for p in report.problems] == [("extraction_failed", "cameo:cameo-2: extraction failed (boom)")]
    assert report.table().endswith("sentences without a record (scored as no event): 1\n  cameo:cameo-2: extraction failed (boom)")
    assert report.to_dict()["problems"] == ["cameo:cameo-2: extraction failed (boom)"]
    assert report.confusion == {(4, 4): 1, (1, 0): 1}
    with pytest.raises(ValueError, match="limit must be zero or more"):
        evaluate_cameo(tmp_path, extract=extract, limit=-1)


# A handful of sentences in the style of the CAMEO codebook, through the real pipeline (fast profile):
# `annexed` and `extradited` come from the CAMEO verb patterns, the others from events.csv.
HANDFUL = [
    ("Russia annexed Crimea in March 2014.", 4),
    ("India extradited the businessman to Britain on Monday.", 2),
    ("Japan condemned North Korea for the nuclear test.", 3),
    ("The United States imposed a curfew on the town of Fallujah.", 4),
    ("Iran praised Turkey for its stand on the embargo.", 1),
    ("Egypt expelled the Israeli ambassador.", 3),
    # the talks a statement reports are an event of their own (planned), where the CAMEO coders saw none
    ("Pakistan said the talks would resume next week.", 0),
    ("Police in Cairo detained dozens of protesters.", 4),  # people who act without a name act too
    ("Germany sent 2,000 tonnes of food to Sudan.", 2),
]


def test_real_figures_on_a_handful_of_sentences(tmp_path):
    path = tmp_path / "cameo_class_train.tsv"
    path.write_text("".join(f"{s}\t{q}\n" for s, q in HANDFUL), encoding="utf-8")
    report = evaluate_cameo(path)
    assert report.sentences == 9 and report.missing_records == ()
    assert report.confusion == {(4, 4): 3, (2, 2): 2, (3, 3): 2, (1, 1): 1, (0, 1): 1}
    assert (round(100 * report.accuracy, 1), round(100 * report.event_recall, 1)) == (88.9, 100.0)
    assert round(report.event_precision, 3) == 0.889


@needs_shared(CAMEO_DIR / "cameo_class_train.tsv")
def test_the_real_file_loads():
    sentences = load_cameo(CAMEO_DIR)
    assert len(sentences) == 1349
    assert {s.quad for s in sentences} == {0, 1, 2, 3, 4}
