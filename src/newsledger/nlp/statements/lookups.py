"""The Doc's text and entities, built once per Doc: the statement rules, the speaker resolution
and the event finder ask for them often, and spaCy builds them afresh on each access."""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Span


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc: spaCy joins every token on each access, and the rules ask often."""
    text = doc.user_data.get("newsledger_text")
    if text is None:
        text = doc.user_data["newsledger_text"] = doc.text
    return text


def doc_ents(doc: Doc) -> tuple[list[Span], list[int]]:
    """``doc.ents`` and their start tokens, built once per Doc: spaCy's ``Span.ents`` walks every
    entity of the Doc on each call, which made asking once per statement quadratic."""
    cached = doc.user_data.get("newsledger_ents")  # the entity recognizer has run by now
    if cached is None:
        ents = list(doc.ents)
        cached = doc.user_data["newsledger_ents"] = (ents, [e.start for e in ents])
    return cached


def ents_within(span: Span) -> list[Span]:
    """The entities wholly inside ``span``, as ``span.ents`` gives them."""
    ents, starts = doc_ents(span.doc)
    found = []
    for ent in ents[bisect.bisect_left(starts, span.start) :]:
        if ent.end > span.end:
            break
        found.append(ent)
    return found


def ent_at(doc: Doc, i: int) -> Span | None:
    """The entity that token ``i`` is part of, if any."""
    ents, starts = doc_ents(doc)
    j = bisect.bisect_right(starts, i) - 1
    return ents[j] if j >= 0 and i < ents[j].end else None
