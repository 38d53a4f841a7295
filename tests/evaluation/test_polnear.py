"""PolNeAR scoring: reading brat gold, and P/R/F1 for known predictions."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsledger.errors import InputError
from newsledger.evaluation.polnear import (
    GoldAttribution,
    Report,
    diff,
    evaluate,
    load_split,
    score,
)
from newsledger.records import Article, ArticleRecord, Content, Problem, Span, Statement

POLNEAR = Path("/work/shared/eval-data/polnear")

DOC1 = (
    'Smith said "Taxes will go up."\n'
    "Rates, Jones added, would fall.\n"
    "It was noted that costs grew\n"
    "across the year.\n"
)
DOC2 = "Brown said: no. Never.\n"


def at(text: str, *pieces: str) -> tuple[tuple[int, int], ...]:
    """The (start, end) of each piece, each the first occurrence in ``text``."""
    return tuple((text.index(p), text.index(p) + len(p)) for p in pieces)


def t_line(tid: int, kind: str, text: str, *pieces: str) -> str:
    offsets = ";".join(f"{s} {e}" for s, e in at(text, *pieces))
    return f"T{tid}\t{kind} {offsets}\t{' '.join(pieces)}"


DOC1_ANN = "\n".join(
    [
        t_line(1, "Source", DOC1, "Smith"),
        t_line(2, "Cue", DOC1, "said"),
        t_line(3, "Content", DOC1, '"Taxes will go up."'),
        t_line(4, "Attribution", DOC1, "said"),
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        t_line(5, "Source", DOC1, "Jones"),
        t_line(6, "Cue", DOC1, "added"),
        t_line(7, "Content", DOC1, "Rates,", "would fall."),  # discontinuous
        t_line(8, "Attribution", DOC1, "added"),
        "E2\tAttribution:T8 Cue:T6 Source:T5 Content:T7",
        t_line(9, "Cue", DOC1, "was noted"),
        t_line(10, "Content", DOC1, "that costs grew\nacross the year."),  # two lines
        t_line(11, "Attribution-no-source", DOC1, "was noted"),
        "E3\tAttribution-no-source:T11 Cue:T9 Content:T10 ",
        t_line(12, "Discuss", DOC1, "It was noted"),
        "#1\tAnnotatorNotes T12\tnot sure this is an attribution",
        "",
    ]
)
# A second annotator of the same article: sorts after DOC1_ANN's file, so it is never read.
DOC1_OTHER_ANN = "\n".join(
    [
        t_line(1, "Cue", DOC1, "said"),
        t_line(2, "Content", DOC1, "Taxes"),
        t_line(3, "Attribution-no-source", DOC1, "said"),
        "E1\tAttribution-no-source:T3 Cue:T1 Content:T2",
        "",
    ]
)
DOC2_ANN = "\n".join(
    [
        t_line(1, "Source", DOC2, "Brown"),
        t_line(2, "Cue", DOC2, "said"),
        t_line(3, "Content", DOC2, "no."),
        t_line(4, "Content", DOC2, "Never."),
        t_line(5, "Attribution", DOC2, "said"),
        "E1\tAttribution:T5 Source:T1 Cue:T2 Content:T3 Content2:T4",
        t_line(6, "Discard", DOC2, "Brown said"),
        "",
    ]
)


def write_split(root: Path, split: str, articles: dict[str, tuple[str, dict[str, str]]]) -> Path:
    """Write ``{article: (text, {annotator: ann})}`` in PolNeAR's layout; return the root."""
    (root / "data" / split / "text").mkdir(parents=True)
    (root / "data" / split / "attributions").mkdir(parents=True)
    for article, (text, by_annotator) in articles.items():
        (root / "data" / split / "text" / f"{article}.txt").write_text(text, encoding="utf-8")
        for annotator, ann in by_annotator.items():
            path = root / "data" / split / "attributions" / f"{article}_{annotator}.ann"
            path.write_text(ann, encoding="utf-8")
    return root


@pytest.fixture
def polnear(tmp_path: Path) -> Path:
    return write_split(
        tmp_path,
        "dev",
        {
            "wire_doc1": (DOC1, {"zz99": DOC1_OTHER_ANN, "ab12": DOC1_ANN}),
            "wire_doc2": (DOC2, {"cd34": DOC2_ANN}),
        },
    )


def statement(speaker, cue, content, text: str = DOC1) -> Statement:
    """A statement from pieces of ``text`` (strings) or (start, end) offsets.

    ``content`` may be a list of pieces: a discontinuous content.
    """

    def span(piece) -> tuple[int, int]:
        return at(text, piece)[0] if isinstance(piece, str) else piece

    parts = [span(p) for p in content] if isinstance(content, list) else [span(content)]
    start, end = parts[0][0], parts[-1][1]
    speaker_span = None if speaker is None else Span(*span(speaker), "")
    return Statement(
        id="s",
        speaker=speaker_span,
        speaker_entity=None,
        cue=Span(*span(cue), ""),
        content=Content(start, end, text[start:end], tuple(parts) if len(parts) > 1 else ()),
        kind="direct",
    )


def record(text: str, *statements: Statement, doc_id: str = "wire_doc1") -> ArticleRecord:
    return ArticleRecord(Article(id=doc_id, text=text, source="test"), statements=statements)


TAXES = DOC1.index("Taxes")
E1 = statement("Smith", "said", '"Taxes will go up."')
E2 = statement("Jones", "added", ["Rates,", "would fall."])
E3 = statement(None, "was noted", "that costs grew\nacross the year.")
ALL = {"exact": (1, 1, 1), "overlap": (1, 1, 1)}


# ---------------------------------------------------------------------------- reading


def test_load_split_reads_the_first_annotation_file(polnear: Path):
    docs = load_split(polnear, "dev")
    assert [d.id for d in docs] == ["wire_doc1", "wire_doc2"]
    doc1, doc2 = docs
    assert doc1.text == DOC1
    assert doc1.path == str(polnear / "data/dev/text/wire_doc1.txt")
    assert doc1.annotation.endswith("wire_doc1_ab12.ann")
    assert doc1.attributions == (
        GoldAttribution("E1", at(DOC1, "Smith"), at(DOC1, "said"), at(DOC1, '"Taxes will go up."')),
        GoldAttribution(
            "E2", at(DOC1, "Jones"), at(DOC1, "added"), at(DOC1, "Rates,", "would fall.")
        ),
        GoldAttribution(
            "E3", None, at(DOC1, "was noted"), at(DOC1, "that costs grew\nacross the year.")
        ),
    )
    assert doc2.attributions == (
        GoldAttribution("E1", at(DOC2, "Brown"), at(DOC2, "said"), at(DOC2, "no.", "Never.")),
    )


def test_load_split_accepts_the_data_folder(polnear: Path):
    assert len(load_split(polnear / "data", "dev")) == 2


def test_load_split_names_a_missing_split(polnear: Path):
    with pytest.raises(InputError) as err:
        load_split(polnear, "train")
    assert str(err.value) == (
        f"{polnear}: no PolNeAR split 'train' here (expected data/train/text and "
        "data/train/attributions); pass the PolNeAR folder with --data, "
        "or another split with --split"
    )


def test_load_split_names_a_dangling_reference(tmp_path: Path):
    ann = t_line(1, "Discuss", DOC2, "Brown") + "\nE1\tAttribution:T9 Source:T1\n"
    root = write_split(tmp_path, "dev", {"doc": (DOC2, {"a1": ann})})
    with pytest.raises(InputError) as err:
        load_split(root, "dev")
    assert str(err.value) == (
        f"{root / 'data/dev/attributions/doc_a1.ann'}:2: E1 refers to T9 in 'Attribution:T9', "
        "which is not a span of this file; fix the annotation file"
    )


def test_a_role_on_a_span_typed_discuss_is_read_by_its_role(tmp_path: Path):
    # PolNeAR train has a Cue role pointing at a span an annotator typed Discuss.
    ann = t_line(1, "Discuss", DOC2, "Brown") + "\nE1\tAttribution:T1 Cue:T1 Content:T1\n"
    root = write_split(tmp_path, "dev", {"doc": (DOC2, {"a1": ann})})
    (doc,) = load_split(root, "dev")
    (attribution,) = doc.attributions
    start = DOC2.index("Brown")
    assert attribution.cue == ((start, start + len("Brown")),)


@pytest.mark.skipif(not POLNEAR.is_dir(), reason="PolNeAR data not available")
def test_load_split_on_the_dev_split():
    docs = load_split(POLNEAR, "dev")
    assert len(docs) == 84
    assert sum(len(d.attributions) for d in docs) == 2193
    assert sum(len(a.content) for d in docs for a in d.attributions) == 2515
    assert sum(a.source is None for d in docs for a in d.attributions) == 127


# ---------------------------------------------------------------------------- scoring

SCORING_CASES = [
    # name, statements predicted for wire_doc1, {"exact"|"overlap": (P, R, F1) for all roles,
    # or "<match> <role>" / "attribution": (P, R, F1)}
    ("perfect", [E1, E2, E3], {**ALL, "attribution": (1, 1, 1)}),
    (
        "quotes, punctuation and spaces trimmed",
        [
            statement("Smith ", " said ", "Taxes will go up"),
            statement("Jones", "added", ["Rates", "would fall"]),
            statement(None, " was noted", "that costs grew\nacross the year"),
        ],
        {**ALL, "attribution": (1, 1, 1)},
    ),
    (
        "half right",
        [E1, statement("Rates", "would", "fall")],
        {
            "exact source": (1 / 2, 1 / 2, 1 / 2),
            "exact cue": (1 / 2, 1 / 3, 2 / 5),
            "exact content": (1 / 2, 1 / 4, 1 / 3),
            "overlap content": (1 / 2, 1 / 4, 1 / 3),  # "fall" is 4/10 of "would fall"
            "attribution": (1 / 2, 1 / 3, 2 / 5),
        },
    ),
    (
        "content overlapping by exactly one half",
        [statement("Smith", "said", (TAXES, TAXES + 8))],  # "Taxes wi" of "Taxes will go up"
        {
            "exact content": (0, 0, 0),
            "overlap content": (1, 1 / 4, 2 / 5),
            "attribution": (1, 1 / 3, 1 / 2),
        },
    ),
    (
        "content overlapping by less than one half",
        [statement("Smith", "said", (TAXES, TAXES + 7))],
        {"overlap content": (0, 0, 0), "attribution": (0, 0, 0)},
    ),
    (
        "one span against discontinuous gold: no part matches, the attribution does (15/30)",
        [statement("Jones", "added", "Rates, Jones added, would fall.")],
        {
            "exact content": (0, 0, 0),
            "overlap content": (0, 0, 0),
            "attribution": (1, 1 / 3, 1 / 2),
        },
    ),
    (
        "gold without source matches whatever the speaker",
        [
            statement("Smith", "was noted", E3.content.text),
            statement(None, "said", "Taxes will go up"),
        ],
        {"attribution": (1 / 2, 1 / 3, 2 / 5)},  # the second misses E1's source
    ),
    (
        "speaker overlapping the source is enough",
        [statement("Jones added", "added", ["Rates", "would fall"])],
        {  # "Jones" is 5/11 of "Jones added": no span match, but the attribution matches
            "exact source": (0, 0, 0),
            "overlap source": (0, 0, 0),
            "attribution": (1, 1 / 3, 1 / 2),
        },
    ),
    (
        "duplicate spans collapse, duplicate statements do not",
        [E1, E1],
        {"exact cue": (1, 1 / 3, 1 / 2), "attribution": (1 / 2, 1 / 3, 2 / 5)},
    ),
    ("nothing predicted", [], {"exact": (0, 0, 0), "overlap": (0, 0, 0), "attribution": (0, 0, 0)}),
]


def figures(report: Report, key: str) -> list[tuple[float, float, float]]:
    if key == "attribution":
        scores = [report.attribution]
    elif " " in key:
        match, role = key.split()
        scores = [getattr(report, match)[role]]
    else:
        scores = list(getattr(report, key).values())
    return [(s.precision, s.recall, s.f1) for s in scores]


@pytest.mark.parametrize(
    "statements,expected", [c[1:] for c in SCORING_CASES], ids=[c[0] for c in SCORING_CASES]
)
def test_score(polnear: Path, statements: list[Statement], expected: dict):
    doc1 = load_split(polnear, "dev")[0]
    report = score([doc1], {"wire_doc1": record(DOC1, *statements)})
    for key, prf in expected.items():
        for got in figures(report, key):
            assert got == pytest.approx(prf), key
    assert (report.documents, report.gold_attributions, report.predicted_statements) == (
        1,
        3,
        len(statements),
    )


def test_gold_spans_are_counted_once_per_part(polnear: Path):
    report = score(load_split(polnear, "dev"), {})
    gold = {role: s.gold for role, s in report.exact.items()}
    assert gold == {"source": 3, "cue": 4, "content": 6}
    assert report.missing_records == ("wire_doc1", "wire_doc2")


def test_score_refuses_a_record_of_another_text(polnear: Path):
    doc1 = load_split(polnear, "dev")[0]
    with pytest.raises(ValueError, match="wire_doc1: the record's text differs from the gold text"):
        score([doc1], {"wire_doc1": record(DOC1.upper())})


def test_evaluate_runs_the_extractor_on_the_first_documents(polnear: Path):
    seen: list[Article] = []

    def extract_many(articles):
        for article in articles:
            seen.append(article)
            yield record(article.text, E1, E2, E3, doc_id=article.id)

    report = evaluate(polnear, "dev", extract_many, limit=1)
    assert seen == [
        Article(id="wire_doc1", text=DOC1, source=str(polnear / "data/dev/text/wire_doc1.txt"))
    ]
    assert report.documents == 1
    assert report.attribution.f1 == 1


def test_a_document_that_fails_is_named_and_scored_as_empty(polnear: Path):
    def extract_many(articles):
        for article in articles:
            if article.id == "wire_doc2":
                yield Problem.of(article.source, "extraction took longer than 1 seconds", "split it", kind="timeout")
            else:
                yield record(article.text, E1, E2, E3, doc_id=article.id)

    report = evaluate(polnear, "dev", extract_many)
    source = polnear / "data/dev/text/wire_doc2.txt"
    assert report.missing_records == ("wire_doc2",)
    assert [p.kind for p in report.problems] == ["timeout"]
    assert report.format_table().endswith(
        f"documents without a record (scored as empty): 1\n  {source}: extraction took longer than 1 seconds; split it"
    )
    assert report.to_dict()["problems"] == [f"{source}: extraction took longer than 1 seconds; split it"]


def test_report_table_and_dict(polnear: Path):
    report = score(load_split(polnear, "dev"), {"wire_doc1": record(DOC1, E1, E2)})
    assert report.format_table() == (
        "                    exact            overlap (J >= 0.5)\n"
        "                  P      R     F1         P      R     F1\n"
        "source        100.0   66.7   80.0     100.0   66.7   80.0\n"
        "cue           100.0   50.0   66.7     100.0   50.0   66.7\n"
        "content       100.0   50.0   66.7     100.0   50.0   66.7\n"
        "attribution       -      -      -     100.0   50.0   66.7\n"
        "2 documents, 4 gold attributions, 2 predicted statements\n"
        "documents without a record (scored as empty): 1"
    )
    as_dict = report.to_dict()
    assert as_dict["exact"]["cue"] == {
        "precision": 1.0,
        "recall": 0.5,
        "f1": 0.6667,
        "matched": 2,
        "gold": 4,
        "predicted": 2,
    }
    assert as_dict["attribution"]["recall"] == 0.5
    assert as_dict["missing_records"] == ["wire_doc2"]
    assert set(as_dict) == {
        "documents",
        "gold_attributions",
        "predicted_statements",
        "exact",
        "overlap",
        "attribution",
        "missing_records",
        "problems",
    }


def test_diff_lists_missed_and_spurious_spans(polnear: Path):
    doc1 = load_split(polnear, "dev")[0]
    lines = diff(doc1, record(DOC1, E1, statement("Rates", "added", "would fall")))

    def where(piece: str) -> str:
        (start, end), = at(DOC1, piece)
        return f"{start}-{end}"

    assert lines == [
        f"missed   content {where('Rates')} 'Rates'",
        f"spurious source  {where('Rates')} 'Rates'",
        f"missed   source  {where('Jones')} 'Jones'",
        f"missed   cue     {where('was noted')} 'was noted'",
        f"missed   content {where(E3.content.text.rstrip('.'))} 'that costs grew across the year'",
    ]
