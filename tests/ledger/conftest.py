"""Small hand-made ArticleRecords, with offsets computed from their texts, and an open ledger."""

from __future__ import annotations

import pytest

from newsledger.ledger import Ledger
from newsledger.records import (
    Article,
    ArticleRecord,
    Content,
    Event,
    EventArg,
    Entity,
    IgnoredSpan,
    Span,
    Statement,
)


def span(text: str, fragment: str, after: str = "") -> Span:
    """The first ``fragment`` in ``text`` that follows ``after``."""
    start = text.index(fragment, text.index(after) + len(after))
    return Span(start, start + len(fragment), fragment)


def content(text: str, fragment: str, parts: tuple[tuple[int, int], ...] = ()) -> Content:
    found = span(text, fragment)
    return Content(found.start, found.end, found.text, parts)


def mentions(text: str, *fragments: str) -> tuple[tuple[int, int], ...]:
    return tuple((text.index(f), text.index(f) + len(f)) for f in fragments)


POMPEO_TEXT = (
    'Mike Pompeo said the talks were "productive". '
    "Iran's foreign minister warned of a missile response.\n"
    "<iframe embed>"
)
SECRETARY_TEXT = '"We will not back down," the Secretary of State told reporters, "not one inch."'
SPOKESMAN_TEXT = "A spokesman said the missile test failed. Ségolène Royal said nothing had changed."


def pompeo_record() -> ArticleRecord:
    text = POMPEO_TEXT
    pompeo = Entity(
        "e1",
        "Mike Pompeo",
        "person",
        aliases=("Pompeo", "Secretary Pompeo"),
        title="Secretary of State",
        affiliation="United States",
        mentions=mentions(text, "Mike Pompeo"),
    )
    zarif = Entity(
        "e2",
        "Mohammad Javad Zarif",
        "person",
        aliases=("Zarif", "Iran's top diplomat"),
        title="foreign minister",
        affiliation="Iran",
        mentions=mentions(text, "Iran's foreign minister"),
    )
    return ArticleRecord(
        article=Article("a1", text, "wire/a1.txt", "Talks in Geneva", "2020-01-05", "https://example.org/a1"),
        ignored=(IgnoredSpan(text.index("<iframe"), len(text), "embed code"),),
        statements=(
            Statement(
                "s1",
                speaker=span(text, "Mike Pompeo"),
                speaker_entity=pompeo.ref(),
                cue=span(text, "said"),
                content=content(text, 'the talks were "productive"'),
                kind="mixed",
                confidence=0.875,
            ),
            Statement(
                "s2",
                speaker=span(text, "Iran's foreign minister"),
                speaker_entity=zarif.ref(),
                cue=span(text, "warned"),
                content=content(text, "of a missile response"),
                kind="indirect",
                confidence=0.5,
            ),
        ),
        entities=(pompeo, zarif),
    )


def secretary_record() -> ArticleRecord:
    text = SECRETARY_TEXT
    pompeo = Entity(
        "p", "Mike Pompeo", "person", aliases=("Pompeo",), mentions=mentions(text, "the Secretary of State")
    )
    first = content(text, "We will not back down,")
    second = content(text, "not one inch.")
    return ArticleRecord(
        article=Article("b2", text, "wire/b2.txt", "No retreat", "2019-12-30"),
        statements=(
            Statement(
                "s1",
                speaker=span(text, "the Secretary of State"),
                speaker_entity=pompeo.ref(),
                cue=span(text, "told"),
                content=Content(
                    first.start,
                    second.end,
                    text[first.start : second.end],
                    parts=((first.start, first.end), (second.start, second.end)),
                ),
                kind="direct",
                addressee=span(text, "reporters"),
            ),
        ),
        entities=(pompeo,),
        events=(
            Event(
                "ev1", "CONSULT", None, None, actors=(EventArg("e1", "Mike Pompeo"),), recipients=(), item=None,
                location=None, time=None, modality="asserted", evidence=Span(0, 10, text[:10]),
            ),
        ),
    )


def spokesman_record() -> ArticleRecord:
    text = SPOKESMAN_TEXT
    royal = Entity("r", "Ségolène Royal", "person", mentions=mentions(text, "Ségolène Royal"))
    return ArticleRecord(
        article=Article("c3", text, "blog/c3.html"),
        statements=(
            Statement(
                "s1",
                speaker=span(text, "A spokesman"),
                speaker_entity=None,
                cue=span(text, "said"),
                content=content(text, "the missile test failed"),
                kind="indirect",
            ),
            Statement(
                "s2",
                speaker=span(text, "Ségolène Royal"),
                speaker_entity=royal.ref(),
                cue=span(text, "said", after="Royal"),
                content=content(text, "nothing had changed"),
                kind="indirect",
            ),
        ),
        entities=(royal,),
    )


@pytest.fixture
def records() -> list[ArticleRecord]:
    return [pompeo_record(), secretary_record(), spokesman_record()]


@pytest.fixture
def ledger_path(tmp_path):
    return tmp_path / "ledger.db"


@pytest.fixture
def ledger(ledger_path):
    with Ledger.open(ledger_path) as opened:
        yield opened
