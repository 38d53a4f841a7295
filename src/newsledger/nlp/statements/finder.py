"""``StatementFinder``: walks a parsed Doc's sentences and hands each cue to its rules: `according
to` (``according_to``), a cue verb (its speaker from ``speakers``, its content from the rule table
of ``content``), then the statements the layout makes (``line_labels``, ``dash_signatures``)."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from ...knowledge import Knowledge
from ..char_ranges import CharRanges
from ..quotes import IndexedQuotes, Quote
from .according_to import according_to, is_according_to
from .content import CueContext, find_content
from .cues import CueModel, cue_span, in_lexicon, is_cue, is_framed_cue
from .dash_signatures import dash_attributions
from .found import FoundStatement
from .line_labels import labelled_lines
from .speakers import addressee, cue_subject, names_no_one, postposed_speaker, speaker_tokens, subject_outside_quotes
from .spans import quote_containing, span_chars


class StatementFinder:
    """Finds statements in parsed Docs using the cues and rules of a Knowledge base."""

    def __init__(self, knowledge: Knowledge, cue_model: CueModel | None = None):
        self.knowledge = knowledge
        self.cue_model = cue_model

    def is_cue(self, tok: Token) -> bool:
        return is_cue(tok, self.knowledge)

    def in_lexicon(self, tok: Token) -> bool:
        """Whether ``tok``'s lemma is one of the lexicon's cues, in whatever frame."""
        return in_lexicon(tok, self.knowledge)

    def is_framed_cue(self, tok: Token) -> bool:
        return is_framed_cue(tok, self.knowledge)

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
                if quote_containing(quotes, tok.idx, tok.idx + len(tok)):
                    continue  # speech reported inside a quotation belongs to the quoted speaker
                if is_according_to(tok, self.knowledge):
                    st = according_to(tok, sent, quotes, self.knowledge)
                elif self.is_cue(tok):
                    st = self.verb_statement(tok, sent, quotes, used_quotes)
                elif self.cue_model is not None and (decision := self.cue_model.decide(tok, self.in_lexicon)):
                    frames, probability = decision
                    st = self.verb_statement(tok, sent, quotes, used_quotes, frames)
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
        found.extend(labelled_lines(doc, quotes, debris))
        taken = [p for st in found for p in st.content_parts]
        for st in dash_attributions(doc, quotes):
            if not any(a < e and s < b for s, e in st.content_parts for a, b in taken) and not any(
                debris.overlaps(s, e) for s, e in st.content_parts
            ):
                found.append(st)
        return found

    def verb_statement(
        self, cue: Token, sent: Span, quotes: list[Quote], used_quotes: set[int],
        frames: frozenset[str] | None = None,
    ) -> FoundStatement | None:
        """The statement a cue verb makes; ``frames``: its content frames when the cue model, not
        the lexicon, made it a cue. A cue with no one saying it (`it was said`) makes none that we
        can attribute."""
        postposed = postposed_speaker(cue, sent, quotes)
        if postposed is not None:
            return postposed
        subject = cue_subject(cue)
        if subject is not None and names_no_one(subject):
            return None
        if subject is not None and quote_containing(quotes, subject.idx, subject.idx + len(subject)):
            subject = subject_outside_quotes(cue, subject, quotes)
            if subject is not None and names_no_one(subject):
                return None
        speaker = speaker_tokens(subject) if subject is not None else []
        # The content before the speaker check: a quotation it reports is used even so.
        content = find_content(CueContext.of(cue, sent, quotes, speaker, self.knowledge, frames, used_quotes))
        if content is None or not speaker:
            return None
        return FoundStatement(
            content.cue or cue_span(cue), span_chars(speaker), subject.i, tuple(content.parts), content.kind,
            addressee(cue, quotes), content.confidence,
        )


def _inside_ignored(sent: Span, debris: CharRanges) -> bool:
    s = sent.start_char
    text = sent.text
    core_start = s + (len(text) - len(text.lstrip()))
    core_end = s + len(text.rstrip())
    return core_end <= core_start or debris.contains(core_start, core_end)
