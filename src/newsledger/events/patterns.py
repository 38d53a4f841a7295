"""Match a verb in a parse against the CAMEO verb patterns (knowledge/data/event_verbs.csv). Pure: no I/O.

A pattern names a verb lemma and what its frame must hold: a particle (`called off`), a subject
(`gunmen killed`), an object (`imposed a curfew`, head last: `humanitarian aid`), a preposition and
its object (`fired at the convoy`). The words around a token are looked up by the word each pattern
is anchored on, so a verb costs a few dictionary lookups; of the patterns its frame fills, the most
specific wins (the first on a tie). A pattern of no type says that in this frame the verb reports no
event (`killed in an accident`), however specific the verb alone would be.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..knowledge import EventTrigger, EventVerbPattern, Knowledge

__all__ = ["match_verb", "verb_trigger"]

OBJECT_DEPS = frozenset({"dobj", "nsubjpass", "attr", "oprd", "dative"})
PARTICLE_DEPS = frozenset({"prt", "prep", "advmod", "agent"})
PREPOSITION_DEPS = frozenset({"prep", "agent"})


class _Frame:
    """The words around one verb token that patterns may require."""

    __slots__ = ("subjects", "objects", "preps", "particles")

    def __init__(self, tok: Token):
        children = list(tok.children)
        self.subjects = [c for c in children if c.dep_ == "nsubj"]
        self.objects = [c for c in children if c.dep_ in OBJECT_DEPS]
        self.particles = {c.lower_ for c in children if c.dep_ in PARTICLE_DEPS and c.i > tok.i}
        # a preposition of the verb or of its object (`imposed a state of emergency`) -> its objects
        self.preps: dict[str, list[Token]] = {}
        for head in (tok, *self.objects):
            for c in head.children:
                if c.dep_ in PREPOSITION_DEPS:
                    self.preps.setdefault(c.lower_, []).extend(o for o in c.children if o.dep_ in ("pobj", "pcomp"))

    def anchors(self):
        for obj in self.objects:
            yield from (("object", w) for w in _words(obj))
        for objs in self.preps.values():
            for obj in objs:
                yield from (("prep_object", w) for w in _words(obj))
        yield from (("preposition", p) for p in self.preps)
        yield from (("particle", p) for p in self.particles)
        for subj in self.subjects:
            yield from (("subject", w) for w in _words(subj))
        yield ("", "")

    def fills(self, p: EventVerbPattern) -> bool:
        if p.particle and p.particle not in self.particles:
            return False
        if p.subject and not any(_phrase_at(p.subject, s) for s in self.subjects):
            return False
        if p.object and not any(_phrase_at(p.object, o) for o in self.objects):
            return False
        if p.prepositions:
            objects = [o for prep in p.prepositions for o in self.preps.get(prep, ())]
            if not any(prep in self.preps for prep in p.prepositions):
                return False
            if p.prep_object and not any(_phrase_at(p.prep_object, o) for o in objects):
                return False
        return True


def _words(tok: Token) -> tuple[str, ...]:
    lemma, lower = tok.lemma_.lower(), tok.lower_
    return (lemma,) if lemma == lower else (lemma, lower)


def _phrase_at(phrase: tuple[tuple[str, ...], ...], noun: Token) -> bool:
    """Whether ``noun`` heads one of the phrase's alternatives: its head word, and its other words
    among the words before the noun in its phrase (`humanitarian aid`, `prime minister`)."""
    words = _words(noun)
    modifiers: set[str] | None = None
    for option in phrase:
        if option[-1] not in words:
            continue
        if len(option) == 1:
            return True
        if modifiers is None:
            modifiers = {w for t in noun.subtree if t.i < noun.i for w in _words(t)}
        if all(w in modifiers for w in option[:-1]):
            return True
    return False


def match_verb(tok: Token, kb: Knowledge) -> EventVerbPattern | None:
    """The most specific CAMEO pattern that the verb ``tok`` and the words around it fill (possibly
    one of no type: the frame is no event); None when the verb has none or none fits."""
    verbs = kb.event_verbs
    if verbs is None:
        return None
    lemma = tok.lemma_.lower()
    if lemma not in verbs:
        return None
    anchored = verbs.anchored(lemma)
    frame = _Frame(tok)
    best: EventVerbPattern | None = None
    for anchor in frame.anchors():
        for p in anchored.get(anchor, ()):
            if best is not None and (p.specificity, -p.order) <= (best.specificity, -best.order):
                break  # each list is most specific first: nothing later in it beats the best
            if frame.fills(p):
                best = p
                break
    return best


def verb_trigger(tok: Token, kb: Knowledge) -> EventTrigger | None:
    """The event a verb reports by the CAMEO patterns, as an event trigger of its PLOVER type and
    mode; None when no pattern fits or the best one says no event."""
    pattern = match_verb(tok, kb)
    if pattern is None or pattern.type is None:
        return None
    return EventTrigger(
        lemma=pattern.lemma, pos="verb", type=pattern.type, subtype=None, mode=pattern.mode, actor_role=None, needs=None
    )
