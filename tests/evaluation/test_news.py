"""News gold scoring: the measures of the reference scorer (score_news.py), on hand-made rows and,
where ../shared is beside the repository, figure for figure against the reference scorer itself."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import SHARED, needs_shared

from newsledger.cli import main
from newsledger.errors import InputError
from newsledger.evaluation.news import (
    GoldEvent,
    GoldStatement,
    NewsArticle,
    evaluate_news,
    load_news,
    same_entity,
    score_news,
)
from newsledger.records import Article, ArticleRecord, Content, EntityRef, Event, EventArg, Problem, Span, Statement

NEWS = SHARED / "eval-data" / "news"
REFERENCE_SCORER = NEWS / "score_news.py"
# Wrong speakers and missed statements; a two-part quotation and a fully right event; a fully right event.
AGREEMENT_ARTICLES = ("mabul_gunmen", "suukyi_dalai_lama", "kabul_airport_bomb")


# ---------------------------------------------------------------------------- builders


def gold_statement(content: str, speaker: str = "Kim Jung-bong", speaker_type: str = "person") -> GoldStatement:
    return GoldStatement(speaker, speaker_type, speaker, "said", content)


def gold_event(trigger: str, type_: str = "ASSAULT", actor: str | None = None, sentence: str | None = None, **more) -> GoldEvent:
    return GoldEvent(type_, more.get("subtype"), actor, more.get("recipient"), more.get("item"), trigger, sentence)


def statement(text: str, start: int, end: int, name: str | None = "Kim Jung-bong", type_: str = "person", n: int = 1) -> Statement:
    entity = EntityRef(f"e{n}", name, type_) if name else None
    return Statement(
        id=f"s{n}",
        speaker=Span(0, 3, text[0:3]),
        speaker_entity=entity,
        cue=Span(4, 8, text[4:8]),
        content=Content(start, end, text[start:end]),
        kind="indirect",
    )


def event(text: str, trigger: str, type_: str = "ASSAULT", actors: tuple[str, ...] = (), n: int = 1) -> Event:
    start = text.index(trigger)
    return Event(
        id=f"ev{n}",
        type=type_,
        subtype=None,
        mode=None,
        actors=tuple(EventArg(f"x:{a}", a) for a in actors),
        recipients=(),
        item=None,
        location=None,
        time=None,
        modality="asserted",
        evidence=Span(0, len(text), text),
        trigger=Span(start, start + len(trigger), trigger),
    )


def article(text: str, statements=(), events=(), id_: str = "a") -> NewsArticle:
    return NewsArticle(id_, text, tuple(statements), tuple(events), 1)


def record(text: str, statements=(), events=(), id_: str = "a") -> ArticleRecord:
    return ArticleRecord(Article(id_, text, f"test:{id_}"), statements=tuple(statements), events=tuple(events))


# ---------------------------------------------------------------------------- speakers


@pytest.mark.parametrize(
    "name, type_, gold, gold_type, right",
    [
        ("Kim Jung-bong", "person", "Kim Jung-bong", "person", True),
        ("Mr Kim Jung-bong", "person", "Kim Jung-bong", "person", True),  # a title does no harm
        ("Kim", "person", "Kim Jung-bong", "person", False),  # a bare name is not a resolved speaker
        ("Tan", "person", "Tan Kok Liang", "person", False),
        ("Liang", "person", "Tan Kok Liang", "person", False),  # the surname alone
        ("Abdul Rashid", "person", "Abdul Rashid Harun", "person", False),  # two words, not the surname
        ("Mevlüt Çavuşoğlu", "person", "Mevlut Cavusoglu", "person", True),  # folded to ASCII
        ("Seoul", "government", "South Korea", "government", True),  # a government named by its capital
        ("Washington", "location", "United States", "government", True),
        ("United States", "government", "US government", "organization", True),  # a government predicted
        ("North Korea", "government", "South Korea", "government", False),
        ("Seoul", "government", "Seoul Metropolitan Police", "organization", False),
        ("security official", "anonymous", "senior security official", "anonymous", True),  # by type
        ("Abdul Rashid", "person", "security official", "anonymous", False),
        ("South Korean Defence Ministry", "organization", "the South Korean Defence Ministry", "organization", True),
        ("Defence Ministry", "organization", "South Korean Defence Ministry", "organization", True),
        ("Ministry", "organization", "South Korean Defence Ministry", "organization", False),
        (None, None, "Kim Jung-bong", "person", False),  # no speaker entity
    ],
)
def test_same_entity(name, type_, gold, gold_type, right):
    assert same_entity(name, type_, gold, gold_type) is right


# ---------------------------------------------------------------------------- statements

TEXT = "Kim said 0123456789 and then nothing else at all."  # the gold content is 9-19


@pytest.mark.parametrize(
    "start, end, found, full",
    [
        (9, 19, True, True),
        (11, 19, True, True),  # Dice 16/18
        (9, 24, True, True),  # Dice 20/25 = 0.8: fully right at the boundary
        (9, 25, True, False),  # Dice 20/26
        (14, 24, True, False),  # Dice 10/20 = 0.5: found at the boundary
        (14, 25, False, False),  # Dice 10/21
        (20, 30, False, False),
    ],
)
def test_content_dice_boundaries(start, end, found, full):
    report = score_news([article(TEXT, [gold_statement("0123456789")])], {"a": record(TEXT, [statement(TEXT, start, end)])})
    assert report.statements.matched == int(found)
    assert report.full_statements.matched == int(full)
    assert report.speaker_right == int(found)
    assert (report.statements.gold, report.statements.predicted) == (1, 1)


def test_speakers_of_found_statements_are_scored_by_entity():
    text = "Seoul said the talks will go ahead. Kim said the talks will fail. Kim said it rains a lot."
    gold = article(
        text,
        [
            gold_statement("the talks will go ahead", "South Korea", "government"),  # named by its capital
            gold_statement("the talks will fail", "Kim Jung-bong", "person"),  # the surname only: wrong
            gold_statement("it rains a lot", "Kim Jung-bong", "person"),
        ],
    )
    found = [
        statement(text, 11, 34, "Seoul", "government", n=1),
        statement(text, 45, 64, "Kim", "person", n=2),
        statement(text, 75, 89, None, n=3),  # no speaker entity: found, speaker and type wrong
    ]
    report = score_news([gold], {"a": record(text, found)})
    assert report.statements.matched == 3
    assert (report.speaker_right, report.type_right) == (1, 2)
    assert report.full_statements.matched == 1
    assert report.figures()["speaker_acc"] == 33.3
    assert [m.kind for m in report.mistakes] == ["speaker", "speaker"]
    assert "gold 'Kim Jung-bong'/person ('Kim Jung-bong') got 'Kim'/person" in str(report.mistakes[1])


def test_matching_is_one_to_one_best_first():
    text = "Kim said 0123456789 and then nothing else at all."
    gold = article(text, [gold_statement("0123456789")])
    found = [statement(text, 14, 24, n=1), statement(text, 9, 19, n=2)]  # Dice 0.5 and 1.0
    report = score_news([gold], {"a": record(text, found)})
    assert (report.statements.matched, report.statements.predicted) == (1, 2)
    assert report.full_statements.matched == 1  # the better one took the gold statement
    assert [m.kind for m in report.mistakes] == ["spurious"]


def test_a_later_part_of_a_quotation_counts_in_the_content():
    text = 'Kim said: "We will go. 012345." He went on: "We will stay. 6789."'
    gold = article(text, [GoldStatement("Kim Jung-bong", "person", "Kim", "said", "We will go. 012345.", ("We will stay. 6789.",))])
    first_part_only = statement(text, 11, 30)
    report = score_news([gold], {"a": record(text, [first_part_only])})
    assert report.statements.matched == 1  # Dice 38/57
    assert report.full_statements.matched == 0
    assert report.mistakes[0].kind == "content"


def test_gold_not_in_its_text_is_left_out_and_counted():
    text = "Kim said 0123456789 and then nothing else at all."
    gold = article(text, [gold_statement("not in the text")], [gold_event("shelled")])
    report = score_news([gold], {"a": record(text)})
    assert (report.statements.gold, report.events.gold) == (0, 0)
    assert (report.unplaced_statements, report.unplaced_events) == (1, 1)


# ---------------------------------------------------------------------------- events

EVENTS_TEXT = "Troops shelled the town on Monday. Seoul later condemned the attack in a statement."


def test_an_unmatched_event_is_missed_and_the_other_spurious():
    gold = article(EVENTS_TEXT, events=[gold_event("shelled", "ASSAULT", "North Korea", "Troops shelled the town on Monday")])
    found = [event(EVENTS_TEXT, "condemned", "ACCUSE", ("South Korea",))]
    report = score_news([gold], {"a": record(EVENTS_TEXT, events=found)})
    assert (report.events.matched, report.events.gold, report.events.predicted) == (0, 1, 1)
    assert report.summary_line().endswith("events-typed F1 0.0 actor 0.0 typed+actor F1 0.0 | full-events F1 0.0")
    assert [m.kind for m in report.mistakes] == ["event missed", "event spurious"]


@pytest.mark.parametrize(
    "trigger, type_, actors, typed, actor_right",
    [
        ("shelled", "ASSAULT", ("North Korea",), True, True),
        ("shelled", "ASSAULT", ("Pyongyang",), True, True),  # a government by its capital
        ("shelled", "ASSAULT", ("South Korea",), True, False),
        ("shelled", "ASSAULT", (), True, False),
        ("shelled", "COERCE", ("North Korea",), False, False),  # found at the trigger, mistyped
        ("town", "ASSAULT", ("North Korea",), True, True),  # in the gold sentence with the gold type
        ("town", "COERCE", ("North Korea",), False, False),  # in the sentence, another type: not found
    ],
)
def test_event_type_and_actor(trigger, type_, actors, typed, actor_right):
    gold = article(EVENTS_TEXT, events=[gold_event("shelled", "ASSAULT", "North Korea", "Troops shelled the town on Monday")])
    report = score_news([gold], {"a": record(EVENTS_TEXT, events=[event(EVENTS_TEXT, trigger, type_, actors)])})
    assert report.events.matched == int(typed)
    assert report.events_actor.matched == int(actor_right)
    assert report.full_events.matched == int(actor_right)


def test_an_arms_subtype_is_scored_under_its_plover_type():
    text = "Turkey bought the S-400 from Russia in 2019."
    gold = article(text, events=[gold_event("bought", "COOPERATE", "Turkey", subtype="PURCHASE", item="S-400 system")])
    found = event(text, "bought", "COOPERATE", ("Turkey",))
    report = score_news([gold], {"a": record(text, events=[found])})
    assert (report.events.matched, report.events_actor.matched) == (1, 1)
    assert report.full_events.matched == 0  # the gold names an item and the event none


def test_an_event_without_actors_is_right_only_when_the_gold_has_none():
    gold = article(EVENTS_TEXT, events=[gold_event("shelled", "ASSAULT", None)])
    assert score_news([gold], {"a": record(EVENTS_TEXT, events=[event(EVENTS_TEXT, "shelled")])}).events_actor.matched == 1
    with_actor = event(EVENTS_TEXT, "shelled", actors=("North Korea",))
    assert score_news([gold], {"a": record(EVENTS_TEXT, events=[with_actor])}).events_actor.matched == 0


# ---------------------------------------------------------------------------- reading and failures


def write_gold(path, *articles: dict) -> str:
    path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    return str(path)


ONE = {"id": "one", "text": "Kim said the talks will fail.", "statements": [
    {"speaker": "Kim Jung-bong", "speaker_type": "person", "speaker_mention": "Kim", "cue": "said",
     "content": "the talks will fail", "kind": "indirect"}], "events": []}
TWO = {"id": "two", "text": "Lee said the talks will go on.", "statements": [
    {"speaker": "Lee Jae-myung", "speaker_type": "person", "speaker_mention": "Lee", "cue": "said",
     "content": "the talks will go on", "kind": "indirect"}], "events": []}


def test_an_article_that_fails_is_named_and_scored_as_empty(tmp_path):
    path = write_gold(tmp_path / "gold.jsonl", ONE, TWO)
    seen = []

    def extract(articles):
        for a in articles:
            seen.append((a.id, a.text))
            if a.id == "two":
                yield Problem.of(a.source, "extraction failed (boom)", kind="extraction_failed")
            else:
                text = a.text
                yield record(text, [statement(text, 9, 28, "Kim Jung-bong")], id_=a.id)

    report = evaluate_news(path, extract=extract)
    assert seen == [("one", ONE["text"]), ("two", TWO["text"])]
    assert report.missing_records == ("two",) and report.failed == 1
    assert [(p.kind, p.message) for p in report.problems] == [("extraction_failed", f"{path}:2: extraction failed (boom)")]
    assert f"failed (scored as empty): two\n  {path}:2: extraction failed (boom)" in report.table()
    assert (report.statements.matched, report.statements.gold) == (1, 2)  # its gold still counts
    assert "failed (scored as empty): two" in report.table()
    assert report.to_dict()["articles_missing_from_output"] == ["two"]


def test_limit_scores_the_first_articles(tmp_path):
    path = write_gold(tmp_path / "gold.jsonl", ONE, TWO)
    seen = []

    def extract(articles):
        seen.extend(a.id for a in articles)
        return []

    report = evaluate_news(path, extract=extract, limit=1)
    assert seen == ["one"] and report.articles == 1 and report.missing_records == ("one",)
    with pytest.raises(ValueError, match="limit must be zero or more articles"):
        evaluate_news(path, extract=extract, limit=-1)


@pytest.mark.parametrize(
    "lines, message",
    [
        (['{"id": "a", "text": "x"}', "{not json"], ":2: not valid JSON"),
        (['{"id": "a"}'], ":1: is not a gold article with an id and a text"),
        (['{"id": "a", "text": "x"}', '{"id": "a", "text": "y"}'], ":2: repeats the article id 'a'"),
        (['{"id": "a", "text": "x", "statements": [{"content": "x"}]}'], ":1: has a statement or event the scorer cannot read"),
    ],
)
def test_bad_gold_says_where(tmp_path, lines, message):
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_news(path)


def test_no_gold_file_says_how_to_fix_it(tmp_path):
    with pytest.raises(InputError, match="no news gold file here; pass dev.gold.jsonl"):
        load_news(tmp_path / "missing.jsonl")
    (tmp_path / "gold.json").write_text('{"id": "a", "text": "x"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="gold.json: is not named as JSON Lines; give the gold file a .jsonl name"):
        load_news(tmp_path / "gold.json")


def test_the_command_prints_figures_errors_and_the_summary_last(tmp_path, nlp):
    empty = {"id": "blank", "text": "   ", "statements": [], "events": []}
    path = write_gold(tmp_path / "gold.jsonl", ONE, empty)
    result = CliRunner().invoke(main, ["evaluate", "news", "--data", path, "--errors", "5"])
    lines = result.output.splitlines()
    assert result.exit_code == 1, result.output  # an article failed
    assert lines[-1].startswith("news statements P ")
    assert "2 articles, 1 failed" in result.output
    assert "failed (scored as empty): blank" in result.output
    assert any("is empty" in line for line in lines)

    result = CliRunner().invoke(main, ["evaluate", "news", "--data", path, "--limit", "1", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["counts"]["g_st"] == 1 and figures["failed"] == 0


def test_the_command_reports_a_missing_gold_file(tmp_path):
    result = CliRunner().invoke(main, ["evaluate", "news", "--data", str(tmp_path / "none.jsonl")])
    assert result.exit_code == 2
    assert "no news gold file here" in result.output


# ---------------------------------------------------------------------------- the reference scorer


@needs_shared(REFERENCE_SCORER)
def test_figures_equal_the_reference_scorers(tmp_path, nlp):
    gold_lines = [
        line for line in (NEWS / "dev.gold.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip() and json.loads(line)["id"] in AGREEMENT_ARTICLES
    ]
    assert len(gold_lines) == len(AGREEMENT_ARTICLES)
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(gold_lines) + "\n", encoding="utf-8")

    from newsledger.extraction import extract_many

    records = []

    def extract(articles):
        for item in extract_many(articles):  # the one extraction path, run once
            records.append(item)
            yield item

    report = evaluate_news(gold, extract=extract)
    assert not report.problems and len(records) == len(AGREEMENT_ARTICLES)
    out = tmp_path / "out.jsonl"  # what `newsledger extract gold.jsonl --format jsonl` writes
    out.write_text("".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in records), encoding="utf-8")

    reference = subprocess.run(
        [sys.executable, str(REFERENCE_SCORER), str(gold), str(out), "--json"],
        capture_output=True, text=True, check=True,
    ).stdout.splitlines()
    expected, expected_line = json.loads(reference[-2]), reference[-1]
    ours = report.to_dict()
    for name, value in expected.items():
        assert ours[name] == value, name
    assert report.summary_line() == expected_line
    assert report.statements.matched and report.events.matched  # the articles exercise both halves
