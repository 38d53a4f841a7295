"""`"...." ― Sonya Herridge`: a quotation signed with a dash and a name, as in vox pops and pull
quotes. The dash is the cue, the name the speaker."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ...knowledge import load_statement_words
from ..quotes import Quote
from .found import FoundStatement
from .lookups import doc_text

# The name runs to the end of its line, or to a comma, full stop or parenthesis; lower-case words
# may stand inside it (`bin`, `von`: name_words.csv). Web copy often pads the dash and the line end
# with no-break spaces.
_DASH_SIGNATURE = re.compile(
    r"(?:''|[\"\u201d\u00bb])?[ \t\u00a0\u202f]*([\u2015\u2014\u2013])[ \t\u00a0\u202f]*"
    r"((?:[A-Z][\w'\u2019.-]*)(?:[ \t\u00a0]+(?:[A-Z][\w'\u2019.-]*|"
    + "|".join(map(re.escape, load_statement_words().signature_name_words))
    + r")){0,4})"
    r"[ \t\u00a0\u202f]*(?=[,.(\r\n]|$)"
)


def dash_attributions(doc: Doc, quotes: list[Quote]) -> list[FoundStatement]:
    """Quotations signed with a dash and a name: the dash is the cue, the name the speaker."""
    text = doc_text(doc)
    found = []
    for q in quotes:
        if not q.closed:
            continue
        m = _DASH_SIGNATURE.match(text, q.end)
        if m is None:
            continue
        name = doc.char_span(m.start(2), m.end(2), alignment_mode="expand")
        if name is None or not any(t.pos_ == "PROPN" for t in name):
            continue
        name_end = m.end(2)
        while name_end > m.start(2) and text[name_end - 1] == ".":
            name_end -= 1
        found.append(
            FoundStatement(
                cue=(m.start(1), m.end(1)),
                speaker=(m.start(2), name_end),
                speaker_head=name.root.i,
                content_parts=tuple(q.parts),
                kind="direct",
                addressee=None,
                confidence=0.9,
            )
        )
    return found
