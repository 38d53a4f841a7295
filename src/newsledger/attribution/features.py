"""Parse features for the tagger's wordpieces, read off the spaCy parse. No torch here.

The encoder sees, beside each wordpiece, four facts about the word it belongs to: its dependency
label, its part of speech, whether its lemma is a cue in the lexicon (``cues.csv``), and whether a
clause starts or ends at it. Each is a small id that the model turns into a learned vector and adds
to the wordpiece's embedding. The vocabularies are stored with the weights, so the same ids come
back at prediction time whatever the lexicon holds by then.

Id 0 is padding (the special tokens); every real id is at least 1, and an unknown label gets the
last id of its vocabulary.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from .encoding import Window

FEATURES = ("dep", "pos", "cue", "edge")
UNIVERSAL_POS = (
    "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN",
    "PUNCT", "SCONJ", "SPACE", "SYM", "VERB", "X",
)
# Dependency labels that head a clause: a clause's first and last word are marked.
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "relcl", "parataxis", "conj", "acl", "pcomp", "ROOT"})
CLAUSE_START, CLAUSE_END = 1, 2

Ids = tuple[int, int, int, int]


@dataclass(frozen=True)
class FeatureVocab:
    """The labels each feature's ids stand for, as stored in the weights' ``config.json``."""

    deps: tuple[str, ...]
    pos: tuple[str, ...] = UNIVERSAL_POS
    cue_lemmas: frozenset[str] = frozenset()

    @classmethod
    def build(cls, dep_labels: Iterable[str], cue_lemmas: Iterable[str]) -> FeatureVocab:
        return cls(deps=tuple(sorted(dep_labels)), cue_lemmas=frozenset(cue_lemmas))

    @classmethod
    def from_meta(cls, meta: dict) -> FeatureVocab:
        return cls(deps=tuple(meta["deps"]), pos=tuple(meta["pos"]), cue_lemmas=frozenset(meta["cue_lemmas"]))

    def to_meta(self) -> dict:
        return {"deps": list(self.deps), "pos": list(self.pos), "cue_lemmas": sorted(self.cue_lemmas)}

    def sizes(self) -> dict[str, int]:
        """Rows each feature's embedding table needs: padding, the labels, and one for unknown."""
        return {"dep": len(self.deps) + 2, "pos": len(self.pos) + 2, "cue": 3, "edge": 5}


def token_features(doc: Doc, vocab: FeatureVocab) -> list[Ids]:
    """Per spaCy token: (dep, pos, cue, edge) ids."""
    dep_ids = {d: i + 1 for i, d in enumerate(vocab.deps)}
    pos_ids = {p: i + 1 for i, p in enumerate(vocab.pos)}
    edges = [0] * len(doc)
    for t in doc:
        if t.dep_ in CLAUSE_DEPS:
            edges[t.left_edge.i] |= CLAUSE_START
            edges[t.right_edge.i] |= CLAUSE_END
    return [
        (
            dep_ids.get(t.dep_, len(vocab.deps) + 1),
            pos_ids.get(t.pos_, len(vocab.pos) + 1),
            1 + (t.lemma_.lower() in vocab.cue_lemmas),
            1 + edges[t.i],
        )
        for t in doc
    ]


def window_features(starts: Sequence[int], per_token: Sequence[Ids], window: Window) -> list[Ids]:
    """Per wordpiece of ``window``, the ids of the token it starts in (``starts``: the tokens'
    character offsets, ascending)."""
    out = []
    for s, _ in window.offsets:
        out.append(per_token[max(bisect.bisect_right(starts, s) - 1, 0)])
    return out


def doc_windows_features(doc: Doc, vocab: FeatureVocab, wins: Sequence[Window]) -> list[list[Ids]]:
    """The ids for each of ``wins``, windows over ``doc.text``."""
    per_token = token_features(doc, vocab)
    if not per_token:
        return [[(0, 0, 0, 0)] * len(w.offsets) for w in wins]
    starts = [t.idx for t in doc]
    return [window_features(starts, per_token, w) for w in wins]
