"""What makes a word a cue, and how much of the text the cue span covers.

A cue is a reporting verb from ``knowledge/data/cues.csv``, a verb listed there as reporting only
in some frames (`shows that ...`, `declined to ...`, `criticised the deal`, `talked about ...`), a
two-word cue (`point out`), or, when the finder is given a cue model (``attribution.cue_verbs``),
a verb outside the lexicon that the model accepts. The cue span is the verb group (`has not yet
said`), as PolNeAR marks cues.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from spacy.tokens import Token

from ...knowledge import PREPOSITION_FRAME, Knowledge
from .lookups import doc_text

# Dependents right before a cue that belong to its verb group (`has not yet said`).
_CUE_GROUP_LEFT = {"aux", "auxpass", "neg", "advmod"}


class CueModel(Protocol):
    """Decides on verbs outside the cue lexicon (``attribution.cue_verbs.CueVerbModel``)."""

    def decide(self, verb: Token, in_lexicon: Callable[[Token], bool]) -> tuple[frozenset[str], float] | None:
        """The content frames that make ``verb`` a cue here and how sure the model is, or None
        when it is not one."""


def is_cue(tok: Token, knowledge: Knowledge) -> bool:
    """A cue verb of the lexicon, a framed verb in one of its frames, or a two-word cue with its particle."""
    lemma = tok.lemma_.lower()
    if tok.pos_ not in ("VERB",) and not (tok.pos_ == "AUX" and lemma == "say"):
        return False
    if lemma in knowledge.cue_verbs:
        return True
    if is_framed_cue(tok, knowledge):
        return True
    particle = knowledge.cue_particles.get(lemma)
    return bool(particle) and any(c.dep_ == "prt" and c.lower_ == particle for c in tok.children)


def in_lexicon(tok: Token, knowledge: Knowledge) -> bool:
    """Whether ``tok``'s lemma is one of the lexicon's cues, in whatever frame."""
    lemma = tok.lemma_.lower()
    k = knowledge
    return lemma in k.cue_verbs or lemma in k.cue_frames or lemma in k.cue_particles


def is_framed_cue(tok: Token, knowledge: Knowledge) -> bool:
    """A verb that reports only in some frames, standing in one (`shows that ...`). In the
    passive its subject holds no view (`the sale is expected to ...`), so it is no cue then."""
    frames = knowledge.cue_frames.get(tok.lemma_.lower())
    if not frames or tok.pos_ != "VERB":
        return False
    deps = {c.dep_ for c in tok.children}
    if deps & {"auxpass", "nsubjpass"}:
        return False
    return bool(frames & deps) or framing_preposition(tok, frames) is not None


def framing_preposition(verb: Token, frames: frozenset[str]) -> Token | None:
    """The prepositional phrase that makes ``verb`` a cue in one of its ``frames``
    (`talked about the plan`): right after the verb, or after its particle or adverb, and with an
    object. A verb with a clause or a direct object is framed by those instead."""
    if not frames or any(c.dep_ in ("ccomp", "dobj") for c in verb.children):
        return None
    doc = verb.doc
    for c in verb.children:
        if c.dep_ != "prep" or PREPOSITION_FRAME + c.lower_ not in frames:
            continue
        between = doc[verb.i + 1 : c.i]
        if len(between) <= 1 and all(t.dep_ in ("prt", "advmod") for t in between) and any(
            g.dep_ in ("pobj", "pcomp") for g in c.children
        ):
            return c
    return None


def cue_span(cue: Token) -> tuple[int, int]:
    """The cue verb with the words that make up its verb group: auxiliaries, negation and adverbs
    right before it ("has not yet said"), and a particle or an adverb right after it ("pointed out",
    "hit back", "said again"). PolNeAR train marks the words before it and the particles inside the
    cue 90% of the time or more, and adverbs after it 68% of the time."""
    doc = cue.doc
    first = cue.i
    group = {cue.i}
    while first > 0:
        k = first - 1
        while k > 0 and doc[k].is_space and "\n" not in doc[k].text:
            k -= 1  # a no-break space the tokenizer kept as a token (`has\xa0acknowledged`)
        prev = doc[k]
        if prev.head.i not in group or prev.dep_ not in _CUE_GROUP_LEFT or prev.tag_ in ("WRB", "WDT", "WP"):
            break
        group.add(k)  # also a word qualifying one already in the group (`once` of `once again`)
        first = k
    last = cue.i
    while last + 1 < len(doc):
        nxt = doc[last + 1]
        adverb = nxt.dep_ == "advmod" and nxt.tag_ != "WRB" and nxt.lower_ != "however"
        if nxt.head.i != cue.i or not (nxt.dep_ == "prt" or adverb):
            break
        last += 1
    return doc[first].idx, doc[last].idx + len(doc[last])


def preposition_into_cue(
    cue: Token, span: tuple[int, int], parts: list[tuple[int, int]]
) -> tuple[tuple[int, int], list[tuple[int, int]]]:
    """A preposition that opens the content right after the cue joins the cue, as PolNeAR marks it
    ("warned of | possible sanctions", "called for | talks")."""
    if not parts:
        return span, parts
    doc = cue.doc
    first = doc.char_span(parts[0][0], parts[0][1], alignment_mode="expand")
    if first is None or len(first) < 2:
        return span, parts
    prep = first[0]
    if prep.dep_ != "prep" or prep.head.i != cue.i or doc_text(doc)[span[1] : prep.idx].strip():
        return span, parts
    rest = first[1]
    return (span[0], prep.idx + len(prep)), [(rest.idx, parts[0][1]), *parts[1:]]
