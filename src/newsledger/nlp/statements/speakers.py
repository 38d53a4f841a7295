"""Who speaks and to whom: the cue's subject through the usual shared-subject constructions, the
speaker phrase around it, the addressee of `told reporters`, and a speaker named after the
content that the parser hung elsewhere (`..., the head of the service, Dmitry Shugaev, said`)."""

from __future__ import annotations

from spacy.tokens import Span, Token

from ...knowledge import load_statement_words
from ..quotes import Quote
from .found import FoundStatement
from .spans import kind_of, quote_containing, runs, span_chars, subtree_indices

SUBJECT_DEPS = {"nsubj", "nsubjpass"}
ADDRESSEE_DEPS = {"dobj", "dative", "iobj"}
# What a speaker phrase leaves out of its subject's subtree: clauses and what joins them.
_SPEAKER_DROP_DEPS = {"relcl", "acl", "advcl", "punct", "cc", "conj"}


def cue_subject(cue: Token) -> Token | None:
    """Who speaks: the cue's subject, following the usual shared-subject constructions. A passive
    cue's subject is spoken to or about (`Erdogan was told that ...`; in PolNeAR train it is the
    source 15 times in 293), so there the speaker is the agent (`was criticised by Amnesty`) or
    no one."""
    for child in cue.children:
        if child.dep_ == "nsubj":
            return child
        if child.dep_ == "nsubjpass" or child.dep_ == "auxpass":
            agent = next((c for c in cue.children if c.dep_ == "agent"), None)
            return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    if cue.dep_ == "advcl" and cue.tag_ == "VBG":  # "Washington warned ..., saying ..."
        return cue_subject(cue.head)
    if cue.dep_ == "conj" and cue.head.pos_ in ("VERB", "AUX"):  # "He paused and added ..."
        return cue_subject(cue.head)
    if cue.dep_ == "xcomp":  # "he went on to say"
        return cue_subject(cue.head)
    if cue.dep_ == "pcomp" and cue.head.lower_ in ("by", "in") and cue.head.head.pos_ in ("VERB", "AUX"):
        return cue_subject(cue.head.head)  # "She began by saying ...", "In saying so, he ..."
    if cue.dep_ == "relcl":  # "Pompeo, who told reporters ..."
        return cue.head
    before = cue.doc[cue.i - 1] if cue.i > 0 else None
    if cue.dep_ == "advcl" and before is not None and before.dep_ == "appos" and before.pos_ in ("PROPN", "NOUN"):
        # "X signed a deal for 42 jets, Minister Florence Parly said": the parser hung the name on `jets`
        return before
    return None


def names_no_one(subject: Token) -> bool:
    """A subject that names no speaker (`there`, `this shows`, a determiner standing alone)."""
    return subject.lower_ in load_statement_words().non_speaker_subjects or subject.pos_ == "DET"


def subject_outside_quotes(cue: Token, subject: Token, quotes: list[Quote]) -> Token | None:
    """The parser may take a verbless quotation for the cue's subject and the speaker for a second
    one (`"Full panic mode," said Leslie Wimes`): the speaker is the one outside."""
    return next(
        (c for c in cue.children
         if c.dep_ == "nsubj" and c.i > subject.i and not quote_containing(quotes, c.idx, c.idx + len(c))),
        None,
    )


def speaker_tokens(subject: Token) -> list[Token]:
    """The speaker phrase: the subject with its modifiers, without relative or adverbial clauses."""
    keep = {subject.i}
    stack = [subject]
    while stack:
        tok = stack.pop()
        for child in tok.children:
            if child.dep_ in _SPEAKER_DROP_DEPS and not (child.dep_ == "punct" and child.text in "-–"):
                continue
            keep.add(child.i)
            stack.append(child)
    lo, hi = min(keep), max(keep)
    tokens = [t for t in subject.doc[lo : hi + 1]]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens = tokens[:-1]
    while tokens and (tokens[0].is_punct or tokens[0].is_space):
        tokens = tokens[1:]
    doc = subject.doc
    if tokens and tokens[-1].i + 1 < len(doc) and doc[tokens[-1].i + 1].text == ")":
        if sum(t.text == "(" for t in tokens) > sum(t.text == ")" for t in tokens):
            tokens.append(doc[tokens[-1].i + 1])  # "Sen. Mitch McConnell (R-Ky.)": close the bracket
    return tokens


def addressee(cue: Token, quotes: list[Quote]) -> tuple[int, int] | None:
    """Who is spoken to: the object of `told reporters`, `assured allies`, outside quotations."""
    if cue.lemma_.lower() not in load_statement_words().addressee_cues:
        return None
    for child in cue.children:
        if child.dep_ in ADDRESSEE_DEPS and not quote_containing(quotes, child.idx, child.idx + len(child)):
            tokens = speaker_tokens(child)
            if tokens:  # `told» a`: an addressee of punctuation only is none
                return span_chars(tokens)
    return None


def postposed_speaker(cue: Token, sent: Span, quotes: list[Quote]) -> FoundStatement | None:
    """`Russia has begun deliveries, the head of the service, Dmitry Shugaev, said.`: the parser often
    hangs such a speaker on the content as an apposition and leaves the cue without a subject."""
    if any(c.dep_ in SUBJECT_DEPS for c in cue.children) or cue.i == sent.start:
        return None
    doc = cue.doc
    before = cue.i - 1
    while before > sent.start and doc[before].text in ",":
        before -= 1
    if before == cue.i - 1:
        return None  # the speaker phrase must be set off by a comma
    appos = [t for t in sent if t.dep_ == "appos" and t.i < cue.i and max(subtree_indices(t)) in (before, before + 1)]
    if not appos:
        return None
    speaker_root = min(appos, key=lambda t: min(subtree_indices(t)))
    speaker_indices = subtree_indices(speaker_root)
    start = min(speaker_indices)
    if start <= sent.start + 1 or doc[start - 1].text != "," or not any(doc[i].pos_ == "PROPN" or doc[i].ent_type_ == "PERSON" for i in speaker_indices):
        return None
    content = [t.i for t in sent if t.i < start - 1 and not t.is_space]
    if not any(doc[i].pos_ in ("VERB", "AUX") for i in content):
        return None
    parts = runs(doc, set(content))
    speaker = span_chars([t for t in doc[start : max(speaker_indices) + 1]])
    return FoundStatement((cue.idx, cue.idx + len(cue)), speaker, speaker_root.i, tuple(parts), kind_of(parts, quotes), None, 0.7)
