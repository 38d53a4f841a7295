"""The sample evaluation's mistakes are records with a kind, not lines split to find it."""

from newsledger.evaluation.news import Mistake
from newsledger.evaluation.sample import SAMPLE_MISTAKE_KINDS, score
from newsledger.records import Problem

TRANSFERS = [
    {"article": "a", "supplier": "France", "recipient": "Egypt", "system": "Rafale", "status": "ordered"},
    {"article": "b", "supplier": "France", "recipient": "India", "system": "Rafale", "status": "delivered"},
]


def test_a_missed_transfer_is_a_mistake_of_its_kind():
    report = score([], {}, transfers_gold=TRANSFERS, events_gold=[])
    assert report.mistakes == (
        Mistake("transfer missed", "a", "France -> Egypt Rafale (ordered)"),
        Mistake("transfer missed", "b", "France -> India Rafale (delivered)"),
    )
    assert {m.kind for m in report.mistakes} <= set(SAMPLE_MISTAKE_KINDS)
    assert report.errors(1) == ["transfer missed: a: France -> Egypt Rafale (ordered)"]


def test_an_article_that_failed_is_in_the_report():
    failed = Problem.of("corpus/a.txt", "is empty", "nothing to extract", kind="empty")
    report = score([], {}, transfers_gold=TRANSFERS, events_gold=[], problems=[failed])
    assert report.problems == (failed,)
    assert report.format_table().endswith(
        "articles that failed (scored as empty): 1\n  corpus/a.txt: is empty; nothing to extract"
    )
    assert report.to_dict()["problems"] == ["corpus/a.txt: is empty; nothing to extract"]
