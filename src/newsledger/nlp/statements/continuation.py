"""`"A," she said. "B."`: the quotation after an attribution's sentence continues its statement.
Runs over the statements of both profiles (the rules' and the tagger's, merged)."""

from __future__ import annotations

import bisect
from dataclasses import replace

from spacy.tokens import Doc

from ..quotes import Quote
from .found import FoundStatement
from .lookups import doc_text
from .spans import trim_trailing

_OPENING_MARKS = " \t\u00a0\"\u201c\u00ab'`"


def continue_quotations(doc: Doc, found: list[FoundStatement], quotes: list[Quote]) -> list[FoundStatement]:
    """`"A," she said. "B."`: a quotation that opens the next sentence of the same paragraph, right
    after a statement whose attribution follows its quoted content, continues that statement. In
    PolNeAR train such a quotation is part of the same attribution 1,170 times in 1,261 (after a
    paragraph break, only 30 times in 314, so a new paragraph starts afresh).

    A quotation whose sentence holds a cue of its own (`"B," he added.`) is left alone; one that a
    statement cued from elsewhere had taken (the tagger's `..., she said, emphasizing ...`) moves
    over. A statement that holds only "B" (the tagger missed "A") takes "A" too, unless another
    statement reports it."""
    if not found or len(quotes) < 2:
        return found
    text = doc_text(doc)
    starts = [s.start_char for s in doc.sents]
    ends = [s.end_char for s in doc.sents]
    found = list(found)
    quote_starts = [q.start for q in quotes]  # find_quotes gives them in order, none inside another
    taken: set[int] = set()  # quotes already added to a statement

    def quote_of(part: tuple[int, int]) -> int | None:
        n = bisect.bisect_right(quote_starts, part[1] - 1) - 1  # the last quote starting inside or before it
        return n if n >= 0 and quotes[n].overlaps(*part) else None

    def parts_of(q: Quote) -> tuple[tuple[int, int], ...]:
        return tuple(p for p in (trim_trailing(text, s, e) for s, e in q.parts) if p[0] < p[1])

    def pair(st: FoundStatement, q1: Quote, q2: Quote) -> bool:
        """`q1` and `q2` stand as in `"A," she said. "B."` around ``st``'s attribution."""
        attribution = [st.cue] + ([st.speaker] if st.speaker else [])
        sent = bisect.bisect_right(starts, st.cue[0]) - 1
        return (
            q1.closed
            and q2.closed
            and "\n" not in text[q1.end : q2.end]  # one paragraph, and not a quotation running over several
            and all(q1.end <= s and e <= q2.start for s, e in attribution)
            and sent + 1 < len(starts)
            and ends[sent] <= q2.start
            and not text[ends[sent] : q2.start].strip(_OPENING_MARKS)
            and text[: ends[sent]].rstrip(_OPENING_MARKS).endswith(".")  # the parser may end it after the next opening mark
        )

    for i, st in enumerate(found):
        if st is None:
            continue
        first = quote_of(st.content_parts[0])
        if first and first - 1 not in taken and pair(st, quotes[first - 1], quotes[first]):
            q1 = quotes[first - 1]
            if not any(q1.overlaps(a, b) for o in found if o is not None for a, b in o.content_parts):
                found[i] = st = replace(st, content_parts=parts_of(q1) + st.content_parts)
                taken.add(first - 1)
        n = quote_of(st.content_parts[-1])
        if n is None or n + 1 >= len(quotes) or n + 1 in taken or not pair(st, quotes[n], quotes[n + 1]):
            continue
        q2 = quotes[n + 1]
        k = bisect.bisect_right(starts, q2.start) - 1
        others = [j for j, o in enumerate(found) if o is not None and j != i]
        if any(starts[k] <= found[j].cue[0] < max(ends[k], q2.end) for j in others):
            continue  # "B," he added: the quotation has its own attribution
        for j in others:
            o = found[j]
            if any(q2.overlaps(a, b) for a, b in o.content_parts):
                rest = tuple(p for p in o.content_parts if not q2.overlaps(*p))
                found[j] = replace(o, content_parts=rest) if rest else None
        found[i] = replace(st, content_parts=st.content_parts + parts_of(q2))
        taken.add(n + 1)
    return [st for st in found if st is not None]
