"""re3d scoring: reading the gold, mapping entities to re3d labels, and exact and overlap P/R/F1."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from conftest import SHARED, needs_shared

from newsledger.errors import InputError
from newsledger.evaluation.re3d import (
    GoldMention,
    Re3dDocument,
    evaluate_re3d,
    is_platform_category,
    load_re3d,
    predicted_mentions,
    score_re3d,
)
from newsledger.knowledge import load_knowledge
from newsledger.records import Article, ArticleRecord, Entity, Problem

RE3D = SHARED / "eval-data" / "re3d"


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


class Categories:
    """A knowledge base that knows some weapons' categories (``weapon(id)``), the rest as ``kb``."""

    def __init__(self, kb, categories: dict[str, str]):
        self._kb, self._categories = kb, categories

    def weapon(self, id_: str):
        category = self._categories.get(id_)
        return None if category is None else type("Weapon", (), {"category": category})()

    def __getattr__(self, name):
        return getattr(self._kb, name)


class WithoutWeapons:
    """A knowledge base from before weapons were added: no ``weapon`` method at all."""

    def __init__(self, kb):
        self._kb = kb

    def __getattr__(self, name):
        if name == "weapon":
            raise AttributeError(name)
        return getattr(self._kb, name)


def at(text: str, piece: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return start, start + len(piece)


def record(text: str, *entities: Entity, doc_id: str = "d1") -> ArticleRecord:
    return ArticleRecord(article=Article(doc_id, text, f"re3d:test/{doc_id}"), entities=entities)


# ---------------------------------------------------------------------------- label mapping


@pytest.mark.parametrize(
    "category, platform",
    [
        ("main battle tank", True),
        ("armoured vehicle", True),
        ("fighter aircraft", True),
        ("transport aircraft", True),
        ("multirole aircraft", True),  # not listed, but an aircraft
        ("helicopter", True),
        ("combat helicopter", True),
        ("unmanned aerial vehicle", True),
        ("frigate", True),
        ("destroyer", True),
        ("corvette", True),
        ("submarine", True),
        ("aircraft carrier", True),
        ("patrol vessel", True),
        ("amphibious ship", True),
        ("anti-aircraft missile", False),
        ("anti-tank missile", False),
        ("air defence system", False),
        ("surface-to-air missile", False),
        ("multiple rocket launcher", False),
        ("small arms", False),
        ("loitering munition", False),
        ("", False),
    ],
)
def test_platform_categories(category, platform):
    assert is_platform_category(category) is platform


TEXT = (
    "Syrian troops and Hezbollah fought in Syria. The Turkish government sent tanks and Kornet missiles; "
    "Turkey said NATO and Minister Ali Veli agreed. Iraqi F-16 jets flew over Damascus."
)


def test_predicted_mentions_map_entities_to_re3d_labels(kb):
    entities = [
        # Syria speaks through its capital: one entity, typed government.
        Entity("country:SYR", "Syria", "government", mentions=(at(TEXT, "Syrian"), at(TEXT, "Syria", 1), at(TEXT, "Damascus"))),
        Entity("country:IRQ", "Iraq", "country", mentions=(at(TEXT, "Iraqi"),)),
        Entity("e1", "Hezbollah", "organization", mentions=(at(TEXT, "Hezbollah"),)),
        Entity("country:TUR", "Turkey", "government", mentions=(at(TEXT, "The Turkish government"), at(TEXT, "Turkey"))),
        Entity("org:nato", "NATO", "organization", mentions=(at(TEXT, "NATO"),)),
        Entity("e2", "Ali Veli", "person", affiliation="Turkey", mentions=(at(TEXT, "Minister Ali Veli"),)),
        Entity("weapon-category:main battle tank", "main battle tank", "weapon_system", mentions=(at(TEXT, "tanks"),)),
        Entity("weapon:kornet", "Kornet", "weapon_system", mentions=(at(TEXT, "Kornet missiles"),)),
        Entity("weapon:f-16", "F-16", "weapon_system", mentions=(at(TEXT, "F-16 jets"),)),
    ]
    knowledge = Categories(kb, {"weapon:kornet": "anti-tank missile", "weapon:f-16": "fighter aircraft"})
    found = {(TEXT[s:e], label) for s, e, label in predicted_mentions(record(TEXT, *entities), knowledge)}
    assert found == {
        ("Syrian", "Nationality"),  # an adjective; `Syria` and its capital `Damascus` are Locations, not scored
        ("Iraqi", "Nationality"),
        ("Hezbollah", "Organisation"),
        ("The Turkish government", "Organisation"),  # `Turkey said` is the country's name, not scored
        ("NATO", "Organisation"),
        ("tanks", "MilitaryPlatform"),
        ("Kornet missiles", "Weapon"),
        ("F-16 jets", "MilitaryPlatform"),
    }


@pytest.mark.parametrize(
    "entity, label",
    [
        (Entity("weapon:leopard-2", "Leopard 2 tank", "weapon_system"), "MilitaryPlatform"),
        (Entity("weapon:bayraktar", "Bayraktar TB2", "weapon_system", aliases=("Bayraktar drone",)), "MilitaryPlatform"),
        (Entity("weapon:s-400", "S-400", "weapon_system"), "Weapon"),
        (Entity("weapon-category:frigate", "frigate", "weapon_system"), "MilitaryPlatform"),
        (Entity("weapon-category:cruise missile", "cruise missile", "weapon_system"), "Weapon"),
    ],
)
def test_without_a_weapon_lookup_the_name_decides(kb, entity, label):
    text = "Something was seen."
    entity = Entity(entity.id, entity.name, entity.type, entity.aliases, mentions=((0, 9),))
    assert predicted_mentions(record(text, entity), WithoutWeapons(kb)) == [(0, 9, label)]


def test_an_unknown_weapon_id_falls_back_to_its_name(kb):
    entity = Entity("weapon:new", "new attack helicopter", "weapon_system", mentions=((0, 3),))
    assert predicted_mentions(record("new", entity), Categories(kb, {})) == [(0, 3, "MilitaryPlatform")]


# ---------------------------------------------------------------------------- scoring


DOC_TEXT = "The Syrian Arab Army shelled Idlib with a T-72 tank and rockets."


def gold_doc(text=DOC_TEXT, mentions=(), doc_id="d1") -> Re3dDocument:
    return Re3dDocument(doc_id, "test", "", text, tuple(mentions))


def gold(text: str, piece: str, label: str, nth: int = 0) -> GoldMention:
    return GoldMention(*at(text, piece, nth), label, 1.0)


def test_score_by_hand(kb):
    t = DOC_TEXT
    doc = gold_doc(
        mentions=[
            gold(t, "The Syrian Arab Army", "Organisation"),
            gold(t, "Syrian", "Nationality"),
            gold(t, "T-72 tank", "MilitaryPlatform"),
            gold(t, "rockets", "Weapon"),
        ]
    )
    predicted = record(
        t,
        Entity("e1", "Syrian Arab Army", "organization", mentions=(at(t, "Syrian Arab Army"),)),  # J 16/20
        Entity("e2", "Idlib", "organization", mentions=(at(t, "Idlib"),)),  # spurious
        Entity("country:SYR", "Syria", "country", mentions=(at(t, "Syrian"),)),  # exact
        Entity("weapon-category:main battle tank", "tank", "weapon_system", mentions=(at(t, "tank"),)),  # J 4/9
        Entity("weapon-category:rocket", "rocket", "weapon_system", mentions=(at(t, "rockets"),)),  # exact
    )
    report = score_re3d([doc], {"d1": predicted}, knowledge=kb)
    counts = {label: (s.matched, s.gold, s.predicted) for label, s in report.exact.items()}
    assert counts == {"Weapon": (1, 1, 1), "MilitaryPlatform": (0, 1, 1), "Organisation": (0, 1, 2), "Nationality": (1, 1, 1)}
    counts = {label: (s.matched, s.gold, s.predicted) for label, s in report.overlap.items()}
    assert counts == {"Weapon": (1, 1, 1), "MilitaryPlatform": (0, 1, 1), "Organisation": (1, 1, 2), "Nationality": (1, 1, 1)}
    # micro: exact 2 of 4 gold, 5 predicted; overlap 3 of 4
    assert (report.micro_exact.precision, report.micro_exact.recall) == (0.4, 0.5)
    assert report.micro_exact.f1 == pytest.approx(2 * 0.4 * 0.5 / 0.9)
    assert (report.micro_overlap.precision, report.micro_overlap.recall) == (0.6, 0.75)
    assert report.micro_overlap.f1 == pytest.approx(2 / 3)


@pytest.mark.parametrize(
    "predicted, exact, overlap",
    [
        ([(0, 10)], 1, 1),
        ([(0, 5)], 0, 1),  # Jaccard exactly 0.5 counts
        ([(0, 4)], 0, 0),  # 0.4 does not
        ([(5, 15)], 0, 0),  # 5 shared of 15: 1/3
        ([(0, 10), (0, 9)], 1, 1),  # one to one: the second finds no gold left
        ([(0, 9), (1, 10)], 0, 1),
    ],
)
def test_overlap_is_one_to_one_at_jaccard_one_half(kb, predicted, exact, overlap):
    text = "abcdefghij klmnopqrst"
    doc = gold_doc(text, [GoldMention(0, 10, "Organisation", 1.0)])
    entities = [Entity(f"e{n}", text[s:e], "organization", mentions=((s, e),)) for n, (s, e) in enumerate(predicted)]
    report = score_re3d([doc], {"d1": record(text, *entities)}, knowledge=kb)
    org = report.exact["Organisation"], report.overlap["Organisation"]
    assert (org[0].matched, org[1].matched) == (exact, overlap)
    assert org[0].predicted == org[1].predicted == len(predicted)


def test_a_document_without_a_record_scores_as_empty(kb):
    doc = gold_doc(mentions=[gold(DOC_TEXT, "rockets", "Weapon")])
    report = score_re3d([doc], {}, knowledge=kb)
    assert (report.exact["Weapon"].gold, report.exact["Weapon"].predicted) == (1, 0)
    assert report.missing_records == ("d1",)


def test_score_refuses_a_record_of_another_text(kb):
    with pytest.raises(ValueError, match="the record's text differs"):
        score_re3d([gold_doc()], {"d1": record("other text")}, knowledge=kb)


def test_report_dict_and_table(kb):
    t = DOC_TEXT
    doc = gold_doc(mentions=[gold(t, "Syrian", "Nationality"), gold(t, "rockets", "Weapon")])
    doc = Re3dDocument(doc.id, doc.folder, doc.title, doc.text, doc.mentions, ("entity-7",))
    predicted = record(t, Entity("country:SYR", "Syria", "country", mentions=(at(t, "Syrian"),)))
    report = score_re3d([doc], {"d1": predicted}, knowledge=kb)
    d = report.to_dict()
    assert d["exact"]["Nationality"]["f1"] == 1.0
    assert d["overlap"]["micro"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "matched": 1, "gold": 2, "predicted": 1}
    assert d["offset_mismatches"] == ["entity-7"]
    json.dumps(d)
    table = report.table()
    assert table.splitlines()[1].split() == ["P", "R", "F1", "P", "R", "F1", "gold", "pred"]
    assert "Nationality         100.0  100.0  100.0     100.0  100.0  100.0      1      1" in table
    assert "micro               100.0   50.0   66.7     100.0   50.0   66.7      2      1" in table
    assert "1 documents from 1 folder (test)" in table
    assert "do not slice to their value (scored at their offsets): 1" in table
    assert report.format_table() == table


# ---------------------------------------------------------------------------- loading


def write_corpus(root: Path, folder: str, docs: dict[str, str], entities: list[dict]) -> None:
    (root / folder).mkdir(parents=True)
    lines = [json.dumps({"_id": i, "title": f"title {i}", "text": t, "sourceName": folder}) for i, t in docs.items()]
    (root / folder / "documents.json").write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines = [json.dumps(e) for e in entities]
    (root / folder / "entities.json").write_text("\n".join(lines) + "\n", encoding="utf-8")


def entity(doc: str, text: str, value: str, label: str, confidence=1.0, nth=0, offsets=None) -> dict:
    begin, end = offsets or at(text, value, nth)
    return {"_id": f"{doc}-{begin}-{end}-{label}", "documentId": doc, "begin": begin, "end": end,
            "type": label, "value": value, "confidence": confidence}  # fmt: skip


A = "Iraqi forces of the Coalition used a VBIED near Mosul."
B = "The BBC reported Syrian jets."


@pytest.fixture
def corpus(tmp_path) -> Path:
    write_corpus(
        tmp_path,
        "CENTCOM",
        {"a1": A},
        [
            entity("a1", A, "Iraqi", "Nationality", confidence=0),
            entity("a1", A, "the Coalition", "Organisation"),
            entity("a1", A, "a VBIED", "Weapon"),
            entity("a1", A, "Mosul", "Location"),  # not a scored label
            entity("a1", A, "Iraqi forces", "Organisation", offsets=(0, 13)),  # one character too long
        ],
    )
    write_corpus(tmp_path, "BBC_Online", {"b1": B}, [entity("b1", B, "Syrian jets", "MilitaryPlatform")])
    (tmp_path / "README.eval.md").write_text("not a folder", encoding="utf-8")
    return tmp_path


def test_loader_reads_the_scored_labels_and_counts_offset_mismatches(corpus):
    docs = load_re3d(corpus)
    assert [(d.folder, d.id, d.title) for d in docs] == [("BBC_Online", "b1", "title b1"), ("CENTCOM", "a1", "title a1")]
    a1 = docs[1]
    assert [(A[m.start : m.end], m.label) for m in a1.mentions] == [
        ("Iraqi", "Nationality"),
        ("the Coalition", "Organisation"),
        ("a VBIED", "Weapon"),
        ("Iraqi forces ", "Organisation"),  # kept at its offsets
    ]
    assert a1.mismatches == ("a1-0-13-Organisation",)


@pytest.mark.parametrize(
    "folders, commercial_only, expected",
    [
        (None, False, ["b1", "a1"]),
        (None, True, ["a1"]),
        (["CENTCOM"], False, ["a1"]),
        (["BBC_Online"], True, []),
    ],
)
def test_folders_are_selectable(corpus, folders, commercial_only, expected):
    assert [d.id for d in load_re3d(corpus, folders, commercial_only=commercial_only)] == expected


def test_min_confidence_drops_doubtful_gold(corpus):
    (_, a1) = load_re3d(corpus, min_confidence=0.5)
    assert "Nationality" not in {m.label for m in a1.mentions}


def test_a_missing_folder_is_one_line_naming_it_and_the_fix(tmp_path):
    missing = tmp_path / "re3d"
    with pytest.raises(InputError) as err:
        load_re3d(missing)
    assert str(err.value) == (
        f"{missing}: no re3d folders here (expected <folder>/documents.json and <folder>/entities.json); "
        "pass the re3d folder with --data"
    )


def test_an_unknown_folder_names_the_choices(corpus):
    with pytest.raises(InputError) as err:
        load_re3d(corpus, ["Reuters"])
    assert str(err.value) == f"{corpus}: no re3d folder 'Reuters' here; choose from BBC_Online, CENTCOM"


def test_a_broken_line_is_an_input_error(corpus):
    path = corpus / "CENTCOM" / "entities.json"
    path.write_text(path.read_text(encoding="utf-8") + "{broken\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"entities\.json:6: not a JSON object"):
        load_re3d(corpus)


def test_evaluate_with_an_injected_extractor(corpus, kb):
    seen = []

    def extract(articles):
        for article in articles:
            seen.append(article)
            if article.id == "b1":
                yield Problem.of(article.source, "extraction failed", kind="extraction_failed")
                continue
            s, e = at(article.text, "Iraqi")
            yield ArticleRecord(article=article, entities=(Entity("country:IRQ", "Iraq", "country", mentions=((s, e),)),))

    report = evaluate_re3d(corpus, extract=extract)
    assert [(a.id, a.source) for a in seen] == [("b1", "re3d:BBC_Online/b1"), ("a1", "re3d:CENTCOM/a1")]
    assert seen[1].text == A
    assert report.documents == 2 and report.folders == ("BBC_Online", "CENTCOM")
    assert (report.exact["Nationality"].matched, report.exact["Nationality"].gold) == (1, 1)
    assert report.missing_records == ("b1",)
    assert [(p.kind, p.message) for p in report.problems] == [("extraction_failed", "re3d:BBC_Online/b1: extraction failed")]
    assert "documents without a record (scored as empty): 1\n  re3d:BBC_Online/b1: extraction failed" in report.table()
    assert report.offset_mismatches == ("a1-0-13-Organisation",)
    assert evaluate_re3d(corpus, extract=extract, limit=1, commercial_only=True).documents == 1


@needs_shared(RE3D)
def test_the_real_gold():
    docs = load_re3d(RE3D)
    assert len(docs) == 98
    assert {d.folder for d in docs} == {
        "Australian_Department_of_Foreign_Affairs", "BBC_Online", "CENTCOM",
        "Delegation_of_the_European_Union_to_Syria", "UK_Government", "US_State_Department", "Wikipedia",
    }  # fmt: skip
    mentions = [m for d in docs for m in d.mentions]
    assert Counter(m.label for m in mentions) == {"Organisation": 1799, "Nationality": 242, "Weapon": 111, "MilitaryPlatform": 79}
    mismatches = sum(len(d.mismatches) for d in docs)
    assert mismatches <= 0.01 * len(mentions)  # 1 today: a newline where the value has a space
    assert len(load_re3d(RE3D, commercial_only=True)) == 90
    confident = Counter(m.label for d in load_re3d(RE3D, min_confidence=0.5) for m in d.mentions)
    assert confident["Nationality"] == 52  # most Nationality gold has confidence 0
