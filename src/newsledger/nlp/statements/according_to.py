"""`According to Rostec, the contract is worth $5 billion`: the phrase is the cue, its object the
source, and the rest of the sentence the content."""

from __future__ import annotations

from spacy.tokens import Span, Token

from ...knowledge import Knowledge
from ..quotes import Quote
from .found import FoundStatement
from .speakers import speaker_tokens
from .spans import kind_of, quote_containing, runs, span_chars, subtree_indices

# The longest source phrase read after "according to" when the parse gives none.
_MAX_ACCORDING_SOURCE_TOKENS = 12


def is_according_to(tok: Token, knowledge: Knowledge) -> bool:
    """``tok`` opens a cue phrase of ``cues.csv`` (kind ``phrase``: `according to`), two words
    whose object is the source."""
    doc = tok.doc
    return tok.i + 1 < len(doc) and f"{tok.lower_} {doc[tok.i + 1].lower_}" in knowledge.cue_phrases


def according_to(according: Token, sent: Span, quotes: list[Quote], knowledge: Knowledge) -> FoundStatement | None:
    """The statement an `according to` phrase makes: its object is the source, unless it is a norm
    followed (`conducted according to law`); the content is the rest of the sentence's main clause.
    Where the parse gives no source or hangs the clause on it, the commas decide
    (``according_to_by_commas``)."""
    doc = according.doc
    to = doc[according.i + 1]
    source = next((c for c in to.children if c.dep_ == "pobj"), None)
    if source is None:
        source = next((c for c in according.children if c.dep_ == "pobj"), None)
    # The content is the rest of the sentence's main clause.
    root = sent.root
    phrase_indices = subtree_indices(according) | subtree_indices(to) | {according.i, to.i}
    indices = {t.i for t in sent if not t.is_space} - phrase_indices
    if source is not None and source.lower_ in knowledge.nouns("norm"):
        return None  # `conducted according to law`: a rule followed, not a source
    if source is None or root.i in phrase_indices or not indices:
        return according_to_by_commas(according, sent, quotes)
    parts = runs(doc, indices)
    if not parts:
        return None
    tokens = speaker_tokens(source)
    if not tokens:
        return None  # `According to ]]>, ...`: the source is punctuation only, no one to name
    return _according_statement(according, tokens, source, parts, quotes, 0.75)


def according_to_by_commas(according: Token, sent: Span, quotes: list[Quote]) -> FoundStatement | None:
    """`..., according to show insiders.` and `According to talk radio host Rush Limbaugh, the move
    reeks of ...`, where the parser read "show" as a verb or hung the clause on the name: the
    source runs from "to" to the next comma or the sentence's end, and the content is the rest of
    the sentence, on either side."""
    doc = according.doc
    to = doc[according.i + 1]
    end = to.i + 1
    while end < sent.end and doc[end].text not in (",", ";", ":") and not doc[end].is_sent_end:
        end += 1
    source = [t for t in doc[to.i + 1 : end] if not t.is_space and not t.is_punct]
    if not source or len(source) > _MAX_ACCORDING_SOURCE_TOKENS or not any(t.pos_ in ("PROPN", "NOUN", "PRON") for t in source):
        return None
    if quote_containing(quotes, source[0].idx, source[-1].idx + len(source[-1])) is not None:
        return None
    indices = {t.i for t in sent if not t.is_space and not (according.i <= t.i < end)}
    parts = runs(doc, indices)
    if not parts or sum(1 for i in indices if not doc[i].is_punct) < 3:
        return None  # `According to MSNBC, basically.`
    head = next((t for t in reversed(source) if t.pos_ in ("PROPN", "NOUN", "PRON")), source[-1])
    return _according_statement(according, source, head, parts, quotes, 0.6)


def _according_statement(
    according: Token, source: list[Token], head: Token, parts: list[tuple[int, int]], quotes: list[Quote], confidence: float
) -> FoundStatement:
    to = according.doc[according.i + 1]
    return FoundStatement(
        cue=(according.idx, to.idx + len(to)),
        speaker=span_chars(source),
        speaker_head=head.i,
        content_parts=tuple(parts),
        kind=kind_of(parts, quotes),
        addressee=None,
        confidence=confidence,
    )
