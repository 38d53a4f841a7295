"""The fast profile's learned cue verbs: a linear model over the parse that says whether a verb
outside the cue lexicon reports a view here (`Clinton laid out her proposals ...`, `The minister
outlined a plan to ...`, `Analysts believe the deal will survive`). Pure Python: no torch, no I/O
beyond reading the shipped weights.

A candidate is a verb with a subject and a complement that could hold what was said: a clause
(`ccomp`), an infinitive (`xcomp`), a direct object (`dobj`) or a prepositional phrase (`prep`).
The model scores its features (the lemma, the complement, the lemma with the complement, the
subject's kind, the verb's tense and place in the sentence, ...) with weights learned by logistic
regression on PolNeAR train (``training/cue_verbs.py``); a verb scoring at least the stored threshold is a
cue, and the complement is its content frame, as for the lexicon's framed verbs.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Token

from ..errors import ProfileError
from ..knowledge import PREPOSITION_FRAME, load_words
from ..nlp.statements import cue_subject

WEIGHTS = Path(__file__).parent / "weights" / "cue-verbs" / "weights.json"

# The complements a candidate may have, in the order a content is taken from them.
COMPLEMENTS = ("ccomp", "xcomp", "dobj", "prep")
_MARKED_DEPS = ("ccomp", "xcomp", "dobj", "prep", "dative", "advmod", "neg", "prt", "agent", "nsubjpass")


def complement(verb: Token) -> Token | None:
    """The first of the verb's complements, in ``COMPLEMENTS`` order (a prepositional phrase
    counts only with an object of its own)."""
    kids = list(verb.children)
    for dep in COMPLEMENTS:
        for c in kids:
            if c.dep_ == dep and (dep != "prep" or any(g.dep_ in ("pobj", "pcomp") for g in c.children)):
                return c
    return None


def features(verb: Token, comp: Token, subject: Token) -> list[str]:
    """The names of the features that hold for ``verb`` with complement ``comp`` and ``subject``."""
    lemma = verb.lemma_.lower()
    kind = comp.dep_
    out = ["bias", f"lemma={lemma}", f"comp={kind}", f"lemma+comp={lemma}|{kind}", f"dep={verb.dep_}", f"tag={verb.tag_}"]
    kids = list(verb.children)
    deps = {c.dep_ for c in kids}
    out += [f"has={d}" for d in _MARKED_DEPS if d in deps]
    if any(c.dep_ == "aux" and c.tag_ == "MD" for c in kids):
        out.append("modal")
    particle = next((c for c in kids if c.dep_ == "prt"), None)
    if particle is not None:
        out.append(f"lemma+particle={lemma}|{particle.lower_}")
    if kind == "prep":
        out += [f"prep={comp.lower_}", f"lemma+prep={lemma}|{comp.lower_}"]
        if comp.i == verb.i + 1:
            out.append("prep_adjacent")
    elif kind == "dobj":
        head = comp.lemma_.lower()
        out += [f"object={head}", f"lemma+object={lemma}|{head}", f"object_pos={comp.pos_}"]
        if any(t.pos_ in ("VERB", "AUX") for t in comp.subtree):
            out.append("object_has_verb")
        if comp.ent_type_:
            out.append(f"object_entity={comp.ent_type_}")
    elif kind == "ccomp":
        if any(c.dep_ == "mark" and c.lower_ == "that" for c in comp.children):
            out.append("that_clause")
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in comp.children):
            out.append("clause_subject")
    elif kind == "xcomp":
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in comp.children):
            out.append("to_infinitive")
        out.append(f"lemma+infinitive={lemma}|{comp.lemma_.lower()}")
    pronoun = load_words().subject_persons.get(subject.lower_)  # pronouns.csv: the model was trained on these
    if pronoun:
        out.append(f"subject_pronoun={pronoun}")
    if subject.ent_type_:
        out.append(f"subject_entity={subject.ent_type_}")
    out.append(f"subject_pos={subject.pos_}")  # not the subject's own word: who speaks differs by beat
    return out


def candidate(verb: Token, in_lexicon: Callable[[Token], bool]) -> tuple[Token, Token] | None:
    """(complement, subject) when ``verb`` may be a cue the model decides on, else None. A verb of
    the lexicon is left to the lexicon's frames (`talked to reporters` is no statement, though
    `talked about` is), and a verb whose clause or infinitive is headed by one only leads up to it
    (`went on to say`, `tried to explain`): that verb speaks."""
    if verb.pos_ != "VERB" or in_lexicon(verb):
        return None
    comp = complement(verb)
    if comp is None or (comp.dep_ in ("ccomp", "xcomp") and in_lexicon(comp)):
        return None
    if comp.dep_ == "dobj" and comp.lemma_.lower() in load_words().speech_act_nouns:
        return None
    subject = cue_subject(verb)
    if subject is None:
        return None
    return comp, subject


def frame_of(comp: Token) -> str:
    """The cue frame (as ``knowledge.cue_frames`` spells it) a complement stands for."""
    return PREPOSITION_FRAME + comp.lower_ if comp.dep_ == "prep" else comp.dep_


@dataclass(frozen=True)
class CueVerbModel:
    """Feature weights, the bias and the threshold on the probability that a candidate is a cue."""

    weights: Mapping[str, float]
    threshold: float
    meta: Mapping[str, object]

    def probability(self, names: list[str]) -> float:
        score = sum(self.weights.get(n, 0.0) for n in names)
        if score >= 0:
            return 1.0 / (1.0 + math.exp(-score))
        odds = math.exp(score)  # this way round, a very negative score cannot overflow
        return odds / (1.0 + odds)

    def decide(self, verb: Token, in_lexicon: Callable[[Token], bool]) -> tuple[frozenset[str], float] | None:
        """The content frame that makes ``verb`` a cue here and the model's probability, or None
        when it is not one (``in_lexicon``: whether a word is one of the lexicon's cues, in any frame)."""
        found = candidate(verb, in_lexicon)
        if found is None:
            return None
        comp, subject = found
        probability = self.probability(features(verb, comp, subject))
        if probability < self.threshold:
            return None
        return frozenset({frame_of(comp)}), probability

    def to_json(self) -> dict:
        return {**self.meta, "threshold": self.threshold, "weights": dict(sorted(self.weights.items()))}

    @classmethod
    def from_json(cls, data: dict, where: str = "cue-verb weights") -> CueVerbModel:
        try:
            weights = {str(k): float(v) for k, v in data["weights"].items()}
            threshold = float(data["threshold"])
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise ProfileError(where, f"not a cue-verb model ({err})", "rebuild it with: newsledger train cues") from err
        meta = {k: v for k, v in data.items() if k not in ("weights", "threshold")}
        return cls(weights, threshold, meta)


@lru_cache(maxsize=4)
def load_cue_model(path: str | None = None) -> CueVerbModel:
    """The model at ``path`` (default: the shipped weights), read once per process."""
    where = Path(path) if path else WEIGHTS
    try:
        data = json.loads(where.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ProfileError(str(where), f"cannot read the cue-verb model ({err})", "rebuild it with: newsledger train cues") from err
    return CueVerbModel.from_json(data, str(where))
