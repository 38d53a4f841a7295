"""Find page debris (embed codes, stray headings, boilerplate lines) to ignore, without touching the text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..knowledge import Knowledge
from ..records import IgnoredSpan
from .statements import may_be_labelled_headline

_SENTENCE_END = (*'.!?:;,"”’»)…', "''")  # '' closes a quote in NYT and LexisNexis copy
_MAX_HEADING_WORDS = 4
_MAX_HEADLINE_WORDS = 20
_WORD = re.compile(r"\w+")


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line's stripped content; (pos, pos) for blank lines."""
    spans = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            start = pos + (len(body) - len(body.lstrip()))
            spans.append((start, start + len(stripped)))
        else:
            spans.append((pos, pos))
        pos += len(line)
    return spans


def _looks_like_heading(line: str, max_words: int) -> bool:
    words = line.split()
    return (
        0 < len(words) <= max_words
        and not line.endswith(_SENTENCE_END)
        and not any(q in line for q in ('"', "“", "”", "«", "»", "''", "``"))
        and bool(_WORD.search(line))
    )


# A dateline opening the story: a place in capitals, optionally its country, date and the agency
# filing it, then a colon or dash (`KUALA LUMPUR:`, `CAIRO, Egypt --`, `LAGOS, May 28 (Xinhua) --`,
# `ANKARA (Reuters) -`). Title-case places count only with an agency (`Tehran, March 3 (IRNA) -`).
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATELINE = re.compile(
    rf"""(?P<place>[A-Z][A-Z.'\- ]{{1,30}}[A-Z.]|[A-Z][a-z]+(?:[ \-][A-Z][a-z]+){{0,2}}(?=,?\s*(?:{_MONTH}\s+\d|\()))
    (?:,\s*(?P<country>[A-Z][a-z]+(?:\ [A-Z][a-z]+)?)(?![a-z]))?      # country or state
    (?:,\s*{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?)?        # date
    (?:\s*\((?P<agency>[A-Z][^()\n]{{1,40}})\))?           # agency
    \s*(?::|--|—|–|-)\s+(?=\S)""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class Dateline:
    start: int
    end: int
    places: tuple[tuple[int, int], ...]  # the place and, if given, its country or state (`CAIRO, Egypt`)
    agency: tuple[int, int] | None  # `Xinhua` of `(Xinhua)`


def find_dateline(text: str, start: int, end: int, knowledge: Knowledge | None = None) -> Dateline | None:
    """The dateline at the start of the line ``text[start:end]``, if it has one."""
    m = _DATELINE.match(text, start, end)
    if m is None:
        return None
    place = m.group("place")
    if knowledge is not None and knowledge.organization(place):
        return None  # `NATO: ...` is a body's label, not a place
    if place.isupper() or m.group("agency"):
        places = tuple((m.start(g), m.end(g)) for g in ("place", "country") if m.group(g))
        agency = (m.start("agency"), m.end("agency")) if m.group("agency") else None
        return Dateline(start, m.end(), places, agency)
    return None


def find_ignored_spans(text: str, knowledge: Knowledge) -> list[IgnoredSpan]:
    """Mark whole lines that are debris. A heading is a short line without end punctuation that
    stands on its own: the line before it is blank, debris, or ends a sentence."""
    lines = _lines(text)
    ignored: list[IgnoredSpan] = []
    first_text_line = next((i for i, (s, e) in enumerate(lines) if e > s), None)
    prev_ends_sentence = True  # the start of the text counts as a boundary
    datelined = False
    for i, (start, end) in enumerate(lines):
        if start == end:
            prev_ends_sentence = True
            continue
        line = text[start:end]
        reason = next((r for pattern, r in knowledge.debris_patterns if pattern.match(line)), None)
        if reason is None and prev_ends_sentence:
            next_blank = i + 1 >= len(lines) or lines[i + 1][0] == lines[i + 1][1]
            if (
                i == first_text_line
                and next_blank
                and i + 1 < len(lines)
                and _looks_like_heading(line, _MAX_HEADLINE_WORDS)
                and not may_be_labelled_headline(line)  # `Erdogan: Deliveries will begin in July` is a statement
            ):
                reason = "headline"
            elif _looks_like_heading(line, _MAX_HEADING_WORDS) and i + 1 < len(lines):
                reason = "heading"
        if reason:
            ignored.append(IgnoredSpan(start, end, reason))
            prev_ends_sentence = True
            continue
        if not datelined and prev_ends_sentence:
            # The story's first line of prose may open with a dateline; its text is not prose.
            dateline = find_dateline(text, start, end, knowledge)
            datelined = True
            if dateline is not None:
                ignored.append(IgnoredSpan(dateline.start, dateline.end, "dateline"))
        prev_ends_sentence = line.endswith(_SENTENCE_END)
    return ignored
