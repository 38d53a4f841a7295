"""Find statements (speaker, cue, content) in a parsed Doc. Pure: no I/O, no knowledge of stores or CLIs.

A cue is a reporting verb or phrase from ``knowledge/data/cues.csv``, a verb listed there as
reporting only in some frames (`shows that ...`, `declined to ...`, `criticised the deal`), or,
when the finder is given a cue model (``attribution.cue_verbs``), a verb outside the lexicon that
the model accepts in the frame of its complement (`laid out her proposals`). Its
content is, in order of preference: a quotation standing next to the cue clause (`"...," he said`;
`He said: "..."`), the clause it governs (`said that ...`), the clause it interrupts (`The deal, he
said, was done`), or for some cues an object or prepositional phrase (`announced its hope ...`,
`warned of ...`). The cue span is the verb group (`has not yet said`), with a preposition that
opens the content (`warned of`), as PolNeAR marks cues.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from dataclasses import dataclass, replace
from typing import Protocol

from spacy.tokens import Doc, Span, Token

from ..knowledge import PREPOSITION_FRAME, Knowledge
from .char_ranges import CharRanges
from .quotes import IndexedQuotes, Quote

SUBJECT_DEPS = {"nsubj", "nsubjpass"}
CLAUSE_DEPS = {"ccomp", "xcomp", "parataxis"}
ADDRESSEE_DEPS = {"dobj", "dative", "iobj"}
# Dependents that may stand between a cue and a quotation it introduces ("told reporters on Tuesday:").
_CUE_CLAUSE_PUNCT = set(",:;—–-")
_SPEAKER_DROP_DEPS = {"relcl", "acl", "advcl", "punct", "cc", "conj"}
_CUE_GROUP_LEFT = {"aux", "auxpass", "neg", "advmod"}
_PRONOUN_SUBJECTS_SKIP = {"there", "this", "that", "what"}


@dataclass(frozen=True)
class FoundStatement:
    """A statement before speaker resolution: character spans into ``doc.text``."""

    cue: tuple[int, int]
    speaker: tuple[int, int] | None
    speaker_head: int | None  # token index of the speaker phrase's head
    content_parts: tuple[tuple[int, int], ...]
    kind: str
    addressee: tuple[int, int] | None
    confidence: float
    # The phrase to resolve the speaker from, when it differs from ``speaker`` (the span recorded):
    # the accurate profile keeps the tagger's span but names the speaker from the parse's phrase.
    resolve_from: tuple[tuple[int, int], int] | None = None

    @property
    def content(self) -> tuple[int, int]:
        return self.content_parts[0][0], self.content_parts[-1][1]

    @property
    def resolution(self) -> tuple[tuple[int, int], int | None]:
        """The span and head token that name the speaker."""
        if self.resolve_from is not None:
            return self.resolve_from
        return self.speaker, self.speaker_head


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


def _in_any(quotes: list[Quote], start: int, end: int) -> Quote | None:
    if isinstance(quotes, IndexedQuotes):
        return quotes.containing(start, end)
    return next((q for q in quotes if q.contains(start, end)), None)


def _span_chars(tokens: list[Token]) -> tuple[int, int]:
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _runs(doc: Doc, indices: set[int]) -> list[tuple[int, int]]:
    """Contiguous token runs (as char spans) of a token set, without spaces, edge punctuation or a
    conjunction at either edge ("But ...", "... and"); tokens apart only by spaces within a line
    are one run."""
    runs: list[list[Token]] = []
    for i in sorted(indices):
        tok = doc[i]
        if runs and all(doc[k].is_space and "\n" not in doc[k].text for k in range(runs[-1][-1].i + 1, i)):
            runs[-1].append(tok)  # next to it, or apart only by spaces the parse left out (no-break spaces)
        else:
            runs.append([tok])
    spans = []
    for run in runs:
        while run and (run[0].is_space or run[0].is_punct and run[0].text in ",;:—–-" or run[0].dep_ == "cc"):
            run = run[1:]
        while run and (run[-1].is_space or run[-1].is_punct and run[-1].text in ",;:—–-." or run[-1].dep_ == "cc"):
            run = run[:-1]  # edge spaces and punctuation, and a conjunction left dangling ("... and")
        if run:
            spans.append(_span_chars(run))
    return spans


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


def _speaker_tokens(subject: Token) -> list[Token]:
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


def _subtree_indices(tok: Token, exclude: set[int] = frozenset()) -> set[int]:
    out: set[int] = set()
    stack = [tok]
    while stack:
        t = stack.pop()
        if t.i in exclude:
            continue
        out.add(t.i)
        stack.extend(t.children)
    return out


def _trim_afterthought(clause: Token, indices: set[int]) -> set[int]:
    """Cut a trailing ', but had not yet imposed ...' that the parser hung on the reported clause
    although it lacks a subject of its own and belongs to the main clause."""
    for child in clause.children:
        if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX") and not any(
            c.dep_ in SUBJECT_DEPS for c in child.children
        ):
            cut = min(_subtree_indices(child) | {c.i for c in clause.children if c.dep_ == "cc" and c.i < child.i})
            return {i for i in indices if i < cut or i <= clause.i}
    return indices


def _trim_contrast(clause: Token, indices: set[int]) -> set[int]:
    """Cut the journalist's asides off the end of a reported clause: a contrast (', while Moscow
    announced ...') or a participle that narrates the reporting (', announcing the decision as ...')."""
    doc = clause.doc
    for tok in sorted((doc[i] for i in indices), key=lambda t: t.i):
        contrast = any(c.dep_ == "mark" and c.lower_ in ("while", "whereas") for c in tok.children) and any(
            c.dep_ in SUBJECT_DEPS for c in tok.children
        )
        narration = tok.tag_ == "VBG" and min(_subtree_indices(tok)) == tok.i and tok.head.i == clause.i
        if tok.dep_ == "advcl" and (contrast or narration):
            start = min(_subtree_indices(tok))
            if start > 0 and doc[start - 1].text == ",":
                return {i for i in indices if i < start - 1}
    return indices


def _trim_trailing(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


class CueModel(Protocol):
    """Decides on verbs outside the cue lexicon (``attribution.cue_verbs.CueVerbModel``)."""

    def decide(self, verb: Token, in_lexicon: Callable[[Token], bool]) -> tuple[frozenset[str], float] | None:
        """The content frames that make ``verb`` a cue here and how sure the model is, or None
        when it is not one."""


class StatementFinder:
    """Finds statements in parsed Docs using the cues and rules of a Knowledge base."""

    def __init__(self, knowledge: Knowledge, cue_model: CueModel | None = None):
        self.knowledge = knowledge
        self.cue_model = cue_model

    def is_cue(self, tok: Token) -> bool:
        lemma = tok.lemma_.lower()
        if tok.pos_ not in ("VERB",) and not (tok.pos_ == "AUX" and lemma == "say"):
            return False
        if lemma in self.knowledge.cue_verbs:
            return True
        if self.is_framed_cue(tok):
            return True
        particle = self.knowledge.cue_particles.get(lemma)
        return bool(particle) and any(c.dep_ == "prt" and c.lower_ == particle for c in tok.children)

    def in_lexicon(self, tok: Token) -> bool:
        """Whether ``tok``'s lemma is one of the lexicon's cues, in whatever frame."""
        lemma = tok.lemma_.lower()
        k = self.knowledge
        return lemma in k.cue_verbs or lemma in k.cue_frames or lemma in k.cue_particles

    def is_framed_cue(self, tok: Token) -> bool:
        """A verb that reports only in some frames, standing in one (`shows that ...`). In the
        passive its subject holds no view (`the sale is expected to ...`), so it is no cue then."""
        frames = self.knowledge.cue_frames.get(tok.lemma_.lower())
        if not frames or tok.pos_ != "VERB":
            return False
        deps = {c.dep_ for c in tok.children}
        if deps & {"auxpass", "nsubjpass"}:
            return False
        return bool(frames & deps) or _framing_preposition(tok, frames) is not None

    def find(self, doc: Doc, quotes: list[Quote], ignored: list[tuple[int, int]]) -> list[FoundStatement]:
        found: list[FoundStatement] = []
        framed: set[int] = set()  # id() of the statements found by a framed cue
        used_quotes: set[int] = set()
        debris = CharRanges(ignored)
        quotes = IndexedQuotes(quotes)
        for sent in doc.sents:
            if _inside_ignored(sent, debris):
                continue
            for tok in sent:
                if _in_any(quotes, tok.idx, tok.idx + len(tok)):
                    continue  # speech reported inside a quotation belongs to the quoted speaker
                if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                    st = self._according_to(tok, sent, quotes)
                elif self.is_cue(tok):
                    st = self._verb_statement(tok, sent, quotes, used_quotes)
                elif self.cue_model is not None and (decision := self.cue_model.decide(tok, self.in_lexicon)):
                    frames, probability = decision
                    st = self._verb_statement(tok, sent, quotes, used_quotes, frames)
                    if st is not None:  # no surer than the model; framed by its complement
                        st = replace(st, confidence=min(st.confidence, probability))
                        framed.add(id(st))
                else:
                    continue
                if st is not None and not any(debris.overlaps(s, e) for s, e in st.content_parts):
                    found.append(st)
                    if self.is_framed_cue(tok):
                        framed.add(id(st))
        if framed:
            # A framed verb inside what someone else said is part of their claim, not a statement
            # of its own ("Peskov said the announcement showed that ...").
            outer = [p for st in found for p in st.content_parts]
            found = [
                st for st in found
                if not (id(st) in framed and any(a <= st.cue[0] and st.cue[1] <= b for a, b in outer))
            ]
        found.extend(_labelled_lines(doc, quotes, debris))
        taken = [p for st in found for p in st.content_parts]
        for st in _dash_attributions(doc, quotes):
            if not any(a < e and s < b for s, e in st.content_parts for a, b in taken) and not any(
                debris.overlaps(s, e) for s, e in st.content_parts
            ):
                found.append(st)
        return found

    # -- cue verbs ---------------------------------------------------------------------------------

    def _verb_statement(
        self, cue: Token, sent: Span, quotes: list[Quote], used_quotes: set[int],
        frames: frozenset[str] | None = None,
    ) -> FoundStatement | None:
        """The statement a cue verb makes; ``frames``: its content frames when the cue model, not
        the lexicon, made it a cue."""
        postposed = _postposed_speaker(cue, sent, quotes)
        if postposed is not None:
            return postposed
        subject = cue_subject(cue)
        if subject is not None and (subject.lower_ in _PRONOUN_SUBJECTS_SKIP or subject.pos_ == "DET"):
            return None
        if subject is not None and _in_any(quotes, subject.idx, subject.idx + len(subject)):
            # The parser may take a verbless quotation for the cue's subject and the speaker for a
            # second one (`"Full panic mode," said Leslie Wimes`): the speaker is the one outside.
            subject = next(
                (c for c in cue.children
                 if c.dep_ == "nsubj" and c.i > subject.i and not _in_any(quotes, c.idx, c.idx + len(c))),
                None,
            )
            if subject is not None and (subject.lower_ in _PRONOUN_SUBJECTS_SKIP or subject.pos_ == "DET"):
                return None
        speaker_tokens = _speaker_tokens(subject) if subject is not None else []
        cue_span = _cue_span(cue)
        addressee = None
        if cue.lemma_.lower() in ("tell", "ask", "assure", "inform", "brief", "remind"):
            for child in cue.children:
                if child.dep_ in ADDRESSEE_DEPS and not _in_any(quotes, child.idx, child.idx + len(child)):
                    addressee_tokens = _speaker_tokens(child)
                    if addressee_tokens:  # `told» a`: an addressee of punctuation only is none
                        addressee = _span_chars(addressee_tokens)
                        break
        speaker = _span_chars(speaker_tokens) if speaker_tokens else None

        parts, kind, confidence = self._quoted_content(cue, speaker_tokens, sent, quotes, used_quotes)
        if not parts:
            parts, confidence = self._clause_content(cue, quotes, frames)
            cue_span, parts = _preposition_into_cue(cue, cue_span, parts)
            if not parts and speaker_tokens:
                parts, confidence = _preposed_content(cue, speaker_tokens, sent), 0.7
            kind = _kind(parts, quotes) if parts else "direct"
            if not parts and speaker_tokens:
                parts, confidence = _block_after_colon(cue, sent), 0.7
            if not parts:
                return None
        if speaker is None:
            return None  # a cue with no one saying it ("it was said") is not a statement we can attribute
        return FoundStatement(cue_span, speaker, subject.i, tuple(parts), kind, addressee, confidence)

    def _quoted_content(
        self, cue: Token, speaker: list[Token], sent: Span, quotes: list[Quote], used: set[int]
    ) -> tuple[list[tuple[int, int]], str, float]:
        """A quotation right before the cue clause or right after it."""
        doc = cue.doc
        text = doc_text(doc)
        clause_tokens = [cue] + speaker
        clause_start = min(t.idx for t in clause_tokens)
        # The cue clause: speaker, cue and the cue's own non-clausal dependents, outside quotes.
        clause_end_tok = cue
        for child in cue.children:
            if child.dep_ in CLAUSE_DEPS or child.dep_ == "punct":
                continue
            last = max(_subtree_indices(child))
            if not _in_any(quotes, doc[last].idx, doc[last].idx + 1):
                clause_end_tok = doc[max(clause_end_tok.i, last)]
        for t in speaker:
            if t.i > clause_end_tok.i:
                clause_end_tok = t
        clause_end = clause_end_tok.idx + len(clause_end_tok)

        before = after = None
        # Only quotes within a few characters of the clause can qualify (the gaps are at most 6).
        window = quotes.near(clause_start, clause_end, 6) if isinstance(quotes, IndexedQuotes) else range(len(quotes))
        for n in window:
            q = quotes[n]
            if n in used:
                continue
            gap_before = text[q.end : clause_start]
            if q.end <= clause_start and _only_marks_between(gap_before) and "\n" not in gap_before:
                before = n
            gap_after = text[clause_end : q.start]
            if q.start >= clause_end and _only_marks_between(gap_after, allow_colon=True):
                after = n
                break
        chosen = [n for n in (before, after) if n is not None]
        # A quotation belongs to the cue only if the cue has no reported clause of its own outside it.
        own_clause = [
            c for c in cue.children if c.dep_ == "ccomp" and not any(quotes[n].overlaps(c.idx, c.idx + 1) for n in chosen)
        ]
        if not chosen or own_clause:
            return [], "", 0.0
        parts: list[tuple[int, int]] = []
        for n in chosen:
            used.add(n)
            parts.extend(_trim_trailing(text, s, e) for s, e in quotes[n].parts)
        confidence = 0.9 if all(quotes[n].closed for n in chosen) else 0.75
        return parts, "direct", confidence

    def _clause_content(
        self, cue: Token, quotes: list[Quote], frames: frozenset[str] | None = None
    ) -> tuple[list[tuple[int, int]], float]:
        doc = cue.doc
        takes = self.knowledge.cue_verbs.get(cue.lemma_.lower(), "")
        if frames is None:
            frames = self.knowledge.cue_frames.get(cue.lemma_.lower(), frozenset())
        clause = _reported_clause(cue)
        confidence = 0.8
        if clause is None:
            clause = next(
                (c for c in cue.children if c.dep_ == "xcomp" and cue.lemma_.lower() not in ("say",)), None
            )
        if clause is None and cue.dep_ in ("parataxis",) and cue.head.pos_ in ("VERB", "AUX"):
            # "The deal, he said, was done": the cue interrupts the content.
            indices = _subtree_indices(cue.head, exclude={cue.i}) - _subtree_indices(cue)
            return _runs(doc, indices), 0.7
        if clause is None and takes == "object":
            # Only an object that carries a proposition ("its hope to sign a contract"), not a bare
            # noun ("announced the purchase"), is something said.
            obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
            if obj is not None and any(t.pos_ in ("VERB", "AUX") for t in obj.subtree):
                clause = obj
                confidence = 0.65
        if clause is None and cue.lemma_.lower() == "call":
            # "called the deal a mistake": the object and what it is called (PolNeAR train: a cue
            # 72% of the time, and exactly this content 44%).
            obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
            named = next((c for c in cue.children if c.dep_ == "oprd"), None)
            if obj is not None and named is not None and obj.i < named.i:
                indices = _subtree_indices(obj) | _subtree_indices(named)
                return _extend_into_quotes(doc_text(doc), _runs(doc, indices), quotes), 0.6
        if clause is None and "dobj" in frames:
            # A stance verb's object is what the stance is about, with its reason or role after it:
            # "criticized the sanctions", "blamed Ankara for the delay", "cited the report as proof",
            # "accused Moscow of breaking the treaty".
            obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
            if obj is None:
                return [], 0.0
            indices = _subtree_indices(obj) - _set_off(obj)
            for c in cue.children:
                if c.i > obj.i and c.dep_ == "prep" and c.lower_ in _OBJECT_PREPOSITIONS:
                    indices |= _subtree_indices(c)
            return _extend_into_quotes(doc_text(doc), _runs(doc, indices), quotes), 0.6
        if clause is None:
            prep = _framing_preposition(cue, frames)
            if prep is not None:
                clause = prep  # "talked about the plan", "referred to her remarks"
                confidence = 0.6
        if clause is None and takes in ("about", "for"):
            preps = ("of", "about", "against", "over") if takes == "about" else ("for",)
            prep = next((c for c in cue.children if c.dep_ == "prep" and c.lower_ in preps), None)
            if prep is not None and any(c.dep_ in ("pobj", "pcomp") for c in prep.children):
                clause = prep  # "warned of possible sanctions" (the cue then takes the "of")
                confidence = 0.6
        if clause is None:
            return [], 0.0
        indices = _subtree_indices(clause)
        if clause.dep_ == "xcomp" and cue.lemma_.lower() != "tell":
            # "urged allies to send more": who is urged is part of what was urged, as PolNeAR marks
            # it (120 times in train against 44); not the addressee of "told him to ...".
            obj = next((c for c in cue.children if c.dep_ == "dobj" and c.i < clause.i), None)
            if obj is None:
                # `called on Trump to stop ...`: the "on" joins the cue, who is called on the content
                obj = next(
                    (c for c in cue.children
                     if c.dep_ == "prep" and c.lower_ in ("on", "upon") and c.i == cue.i + 1 and c.i < clause.i),
                    None,
                )
            if obj is not None:
                indices |= _subtree_indices(obj)
        indices = _trim_contrast(clause, indices)
        if cue.dep_ == "advcl":
            indices = _trim_afterthought(clause, indices)
        parts = _runs(doc, indices)
        parts = _extend_into_quotes(doc_text(doc), parts, quotes)
        return parts, confidence

    # -- according to ------------------------------------------------------------------------------

    def _according_to(self, according: Token, sent: Span, quotes: list[Quote]) -> FoundStatement | None:
        doc = according.doc
        to = doc[according.i + 1]
        source = next((c for c in to.children if c.dep_ == "pobj"), None)
        if source is None:
            source = next((c for c in according.children if c.dep_ == "pobj"), None)
        # The content is the rest of the sentence's main clause.
        root = sent.root
        phrase_indices = _subtree_indices(according) | _subtree_indices(to) | {according.i, to.i}
        indices = {t.i for t in sent if not t.is_space} - phrase_indices
        if source is not None and source.lower_ in self.knowledge.nouns("norm"):
            return None  # `conducted according to law`: a rule followed, not a source
        if source is None or root.i in phrase_indices or not indices:
            return _according_to_by_commas(according, sent, quotes)
        parts = _runs(doc, indices)
        if not parts:
            return None
        speaker_tokens = _speaker_tokens(source)
        if not speaker_tokens:
            return None  # `According to ]]>, ...`: the source is punctuation only, no one to name
        return _according_statement(according, speaker_tokens, source, parts, quotes, 0.75)


# The longest source phrase read after "according to" when the parse gives none.
_MAX_ACCORDING_SOURCE_TOKENS = 12


def _according_to_by_commas(according: Token, sent: Span, quotes: list[Quote]) -> FoundStatement | None:
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
    if _in_any(quotes, source[0].idx, source[-1].idx + len(source[-1])) is not None:
        return None
    indices = {t.i for t in sent if not t.is_space and not (according.i <= t.i < end)}
    parts = _runs(doc, indices)
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
        speaker=_span_chars(source),
        speaker_head=head.i,
        content_parts=tuple(parts),
        kind=_kind(parts, quotes),
        addressee=None,
        confidence=confidence,
    )


# Prepositional phrases after a stance verb's object that PolNeAR train keeps in the content at
# least twice as often as it leaves them out, when the object is content (as 129:16, for 90:9,
# of 62:2, to 16:0, with 12:4, by 12:4, against 7:0, from 6:0, about 4:0). `in` (46:27) and `on`
# (27:14) fall short and cost 0.2 of content F1 on dev; time phrases (before, during) stay out.
_OBJECT_PREPOSITIONS = frozenset({"as", "for", "of", "to", "with", "by", "against", "from", "about"})


def _framing_preposition(verb: Token, frames: frozenset[str]) -> Token | None:
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


def _set_off(noun: Token) -> set[int]:
    """A noun's apposition or relative clause set off by a comma (`endorsed Trump, who says he is
    honored`): the journalist's aside, not what the stance is about. PolNeAR train leaves it out
    of the content 14 times and keeps it 12 (13 neither); on dev, leaving it out gained 0.1."""
    doc = noun.doc
    out: set[int] = set()
    for child in noun.children:
        if child.dep_ in ("appos", "relcl") and child.i > noun.i:
            sub = _subtree_indices(child)
            start = min(sub)
            if start > 0 and doc[start - 1].text == ",":
                out |= sub | {start - 1}
    return out


def _reported_clause(cue: Token) -> Token | None:
    """The clause a cue governs. The parser sometimes hangs the clause before a semicolon or colon
    on the cue as well (`It is unlikely; the team says she will continue`, `... on Friday:
    Republicans said they were convinced ...`): then the clause after the cue is the one said."""
    clauses = [c for c in cue.children if c.dep_ == "ccomp"]
    if len(clauses) > 1 and clauses[0].i < cue.i < clauses[-1].i:
        if any(c.dep_ == "punct" and c.text in (";", ":") and clauses[0].i < c.i < cue.i for c in cue.children):
            return next(c for c in clauses if c.i > cue.i)
    return clauses[0] if clauses else None


def _cue_span(cue: Token) -> tuple[int, int]:
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


def _preposition_into_cue(
    cue: Token, cue_span: tuple[int, int], parts: list[tuple[int, int]]
) -> tuple[tuple[int, int], list[tuple[int, int]]]:
    """A preposition that opens the content right after the cue joins the cue, as PolNeAR marks it
    ("warned of | possible sanctions", "called for | talks")."""
    if not parts:
        return cue_span, parts
    doc = cue.doc
    first = doc.char_span(parts[0][0], parts[0][1], alignment_mode="expand")
    if first is None or len(first) < 2:
        return cue_span, parts
    prep = first[0]
    if prep.dep_ != "prep" or prep.head.i != cue.i or doc_text(doc)[cue_span[1] : prep.idx].strip():
        return cue_span, parts
    rest = first[1]
    return (cue_span[0], prep.idx + len(prep)), [(rest.idx, parts[0][1]), *parts[1:]]


def _block_after_colon(cue: Token, sent: Span) -> list[tuple[int, int]]:
    """`The governor added:` at the end of a paragraph, with the words set out as the next one
    (block quotations in web copy, without quotation marks): the content is that paragraph."""
    doc = cue.doc
    last = sent[-1]
    while last.i > sent.start and last.is_space:
        last = doc[last.i - 1]
    if last.text != ":" or not any(a.i == cue.i for a in last.ancestors):  # also `said the following:`
        return []
    text = doc_text(doc)
    end_of_line = text.find("\n", last.idx)
    if end_of_line < 0 or text[last.idx + 1 : end_of_line].strip():
        return []
    start = end_of_line
    while start < len(text) and text[start].isspace():
        start += 1
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    end = start + len(text[start:end].rstrip())
    return [(start, end)] if end > start else []


def _preposed_content(cue: Token, speaker: list[Token], sent: Span) -> list[tuple[int, int]]:
    """`Slovakia will give Ukraine its jets, Prime Minister Eduard Heger said on Friday`: a cue clause
    after a comma, with nothing reported after it, reports the clause that opens the sentence."""
    doc = cue.doc
    start = min(t.i for t in speaker + [cue])
    if start <= sent.start + 1 or doc[start - 1].text != ",":
        return []
    if any(c.dep_ in CLAUSE_DEPS | {"dobj"} and c.i > cue.i for c in cue.children):
        return []
    content = [t.i for t in doc[sent.start : start - 1] if not t.is_space]
    if not any(doc[i].pos_ in ("VERB", "AUX") and doc[i].dep_ in ("ROOT", "ccomp", "conj") for i in content):
        return []
    return _runs(doc, set(content))


def _postposed_speaker(cue: Token, sent: Span, quotes: list[Quote]) -> FoundStatement | None:
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
    appos = [t for t in sent if t.dep_ == "appos" and t.i < cue.i and max(_subtree_indices(t)) in (before, before + 1)]
    if not appos:
        return None
    speaker_root = min(appos, key=lambda t: min(_subtree_indices(t)))
    speaker_indices = _subtree_indices(speaker_root)
    start = min(speaker_indices)
    if start <= sent.start + 1 or doc[start - 1].text != "," or not any(doc[i].pos_ == "PROPN" or doc[i].ent_type_ == "PERSON" for i in speaker_indices):
        return None
    content = [t.i for t in sent if t.i < start - 1 and not t.is_space]
    if not any(doc[i].pos_ in ("VERB", "AUX") for i in content):
        return None
    parts = _runs(doc, set(content))
    speaker = _span_chars([t for t in doc[start : max(speaker_indices) + 1]])
    return FoundStatement((cue.idx, cue.idx + len(cue)), speaker, speaker_root.i, tuple(parts), _kind(parts, quotes), None, 0.7)


# `"...." ― Sonya Herridge`: a quotation signed with a dash and a name, as in vox pops and
# pull quotes. The name runs to the end of its line, or to a comma, full stop or parenthesis.
# Web copy often pads the dash and the line end with no-break spaces.
_DASH_SIGNATURE = re.compile(
    r"(?:''|[\"\u201d\u00bb])?[ \t\u00a0\u202f]*([\u2015\u2014\u2013])[ \t\u00a0\u202f]*"
    r"((?:[A-Z][\w'\u2019.-]*)(?:[ \t\u00a0]+(?:[A-Z][\w'\u2019.-]*|de|van|von|al|bin|da|di|la|le)){0,4})"
    r"[ \t\u00a0\u202f]*(?=[,.(\r\n]|$)"
)


def _dash_attributions(doc: Doc, quotes: list[Quote]) -> list[FoundStatement]:
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


# `PENCE: Well, look, ...` (a transcript) and `Erdogan: Deliveries will begin in July` (a headline):
# a line that opens with a name and a colon is that speaker's words, to the end of the line.
_LINE_LABEL = re.compile(
    r"^[ \t\u00a0]*[\"\u201c]?((?:[A-Z][\w.'\u2019&-]*)(?:[ \t\u00a0]+(?:[A-Z][\w.'\u2019&-]*|of|de|the|van|von|al|bin)){0,4})"
    r"(:)[ \t\u00a0]+(\S[^\r\n]*?)[ \t\u00a0]*$",
    re.M,
)
# Labels that head a line without naming a speaker (`The Latest:`, `UPDATE:`, `Q:`).
_NOT_SPEAKER_LABELS = frozenset({
    'the latest', "editor's note", 'editor\u2019s note', 'update', 'note', 'byline', 'email',
    'e-mail', 'exclusive', 'breaking', 'breaking news', 'watch', 'look', 'video', 'photo',
    'photos', 'source', 'sources', 'related', 'read more', 'correction', 'age', 'name', 'city',
    'job', 'pay', 'question', 'answer', 'boom', 'bombshell', 'busted', 'revealed', 'wow', 'so',
    'full text', 'why', 'where', 'when', 'what', 'who', 'how', 'more', 'also', 'see', 'subject',
    'date', 'from', 'to', 'cc', 'sent', 'title', 'caption', 'credit', 'tags', 'topics',
    'filed under', 'contributing', 'paid notice', 'news guide', 'delegate update', 'twitter',
    'facebook', 'instagram', 'follow', 'listen', 'warning', 'analysis', 'opinion', 'editorial',
    'comment', 'commentary', 'transcript', 'live', 'timeline', 'fact check', 'background',
    'context', 'disclaimer', 'advertisement', 'sponsored', 'summary', 'headline', 'dateline',
    'location', 'published', 'updated', 'posted',
})
# Common nouns that head a source label (`Poll: Clinton leads`, `Officials: ...`).
_SOURCE_LABEL_NOUNS = frozenset(
    "poll polls report survey study newspaper officials experts insiders historians analysts".split()
)
# A trailing bracketed credit (`[HuffPost.]`) is not part of what was said.
_TRAILING_CREDIT = re.compile(r"[ \t\u00a0]*\[[^\[\]\r\n]{1,40}\][ \t\u00a0.]*$")


def _content_words_ok(content: str) -> bool:
    """At least four words, and no list (`Iowa: Tim Albrecht, Brad Anderson, ...`)."""
    words = re.findall(r"[^\W\d_]{2,}", content)
    commas = content.count(",")
    return len(words) >= 4 and not (commas >= 4 and commas * 4 > len(words))


def may_be_labelled_headline(line: str) -> bool:
    """`Erdogan: Deliveries will begin in July` read from its text alone: a label that is not a
    kicker (`The Latest:`, `EXCLUSIVE:`) and enough words after it. The debris finder keeps such a
    first line as text, so that the statement finder can read it; the finder then checks the
    label against the parse."""
    m = _LINE_LABEL.match(line)
    if m is None or m.group(1).isupper() or m.group(1).lower() in _NOT_SPEAKER_LABELS:
        return False
    return _content_words_ok(m.group(3))


def _labelled_lines(doc: Doc, quotes: list[Quote], debris: CharRanges) -> list[FoundStatement]:
    """Lines of the form `NAME: what they said`. In PolNeAR train, such lines are attributions 79
    times in 94 once these checks are passed: the label is a name (its last word a proper noun,
    or a word the article uses as one), or a source noun (`Poll:`); it holds no verb (`Clinton
    Wades In: ...`); the rest holds at least four words and is no list (`Iowa: Tim Albrecht,
    Brad Anderson, ...`). An all-capitals label (`PENCE:`) counts only in a transcript, where at
    least two lines open so, since a lone one is usually a kicker (`EXCLUSIVE:`, `BOOM:`); a
    transcript may stand inside quotation marks as a whole."""
    text = doc_text(doc)
    matches = [
        m for m in _LINE_LABEL.finditer(text)
        if m.group(1).lower() not in _NOT_SPEAKER_LABELS and len(m.group(1)) > 1
    ]
    if not matches:
        return []
    caps_labels = sum(1 for m in matches if m.group(1).isupper())
    names = {t.text for t in doc if t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")}
    found = []
    for m in matches:
        label_start, label_end = m.span(1)
        start, end = m.span(3)
        credit = _TRAILING_CREDIT.search(text, start, end)
        if credit is not None and credit.start() > start:
            end = credit.start()
        content = text[start:end]
        if content.endswith(('"', "\u201d")) and (content.count('"') % 2 or content.count("\u201d") > content.count("\u201c")):
            end -= 1  # the close of a quotation opened before the label (a quoted transcript)
            content = content[:-1]
        if not _content_words_ok(content):
            continue
        transcript = m.group(1).isupper()
        if debris.overlaps(label_start, end) or transcript and caps_labels < 2:
            continue
        label = doc.char_span(label_start, label_end, alignment_mode="expand")
        if label is None:
            continue
        if not transcript:
            if _in_any(quotes, label_start, m.end(2)) is not None:
                continue  # a quoted headline is what someone else said about it
            last = label[-1]
            if any(t.pos_ in ("VERB", "AUX") for t in label):
                continue
            if not (last.pos_ == "PROPN" or last.ent_type_ or last.text in names or last.lower_ in _SOURCE_LABEL_NOUNS):
                continue
        parts = ((start, end),)
        found.append(
            FoundStatement(
                cue=m.span(2),
                speaker=(label_start, label_end),
                speaker_head=label[-1].i,
                content_parts=parts,
                kind="direct" if transcript else _kind(parts, quotes),
                addressee=None,
                confidence=0.8 if transcript else 0.7,
            )
        )
    return found


def _only_marks_between(gap: str, allow_colon: bool = False) -> bool:
    allowed = set(",;—–- \t\n\"”’»“«'`") | ({":"} if allow_colon else set())
    return len(gap) <= 6 and all(ch in allowed for ch in gap)


def _extend_into_quotes(text: str, parts: list[tuple[int, int]], quotes: list[Quote]) -> list[tuple[int, int]]:
    """A reported clause that ends inside a quotation ends where the quotation does ("disturbing.")."""
    if not parts:
        return parts
    start, end = parts[-1]
    if isinstance(quotes, IndexedQuotes):
        reached = quotes.part_reaching(start, end)
    else:
        reached = next(((qs, qe) for q in quotes for qs, qe in q.parts if qs <= end <= qe and start < qs), None)
    if reached is None:
        return parts
    close = reached[1]
    if close < len(text) and text[close] in '"”»':
        close += 1
    return parts[:-1] + [(start, close)]


def _kind(parts: list[tuple[int, int]] | tuple[tuple[int, int], ...], quotes: list[Quote]) -> str:
    if _in_any(quotes, parts[0][0], parts[-1][1]) is not None:
        return "direct"
    if isinstance(quotes, IndexedQuotes):
        mixed = any(quotes.overlapping(s, e) for s, e in parts)
    else:
        mixed = any(q.overlaps(s, e) for q in quotes for s, e in parts)
    return "mixed" if mixed else "indirect"


def _inside_ignored(sent: Span, debris: CharRanges) -> bool:
    s = sent.start_char
    text = sent.text
    core_start = s + (len(text) - len(text.lstrip()))
    core_end = s + len(text.rstrip())
    return core_end <= core_start or debris.contains(core_start, core_end)


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
        return tuple(p for p in (_trim_trailing(text, s, e) for s, e in q.parts) if p[0] < p[1])

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
