"""Helpers for the statement rules' tables: parse a text with the pipeline and hand one rule the
cue (or the Doc) it reads, as the finder would."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def knowledge():
    from newsledger.knowledge import load_knowledge

    return load_knowledge()


@pytest.fixture(scope="session")
def parsed(nlp):
    """parsed(text) -> (doc, quotes): the Doc through the whole fast pipeline, and its quotations
    indexed as the finder indexes them."""
    from newsledger.nlp.quotes import IndexedQuotes

    def parse(text):
        doc = nlp(text)
        return doc, IndexedQuotes(doc._.quotes)

    return parse


def token(doc, word, nth=0):
    """The ``nth`` token of ``doc`` written ``word``."""
    return [t for t in doc if t.text == word][nth]


@pytest.fixture(scope="session")
def cue_context(parsed, knowledge):
    """cue_context(text, cue) -> CueContext: what the content rules read about the cue word
    ``cue`` of ``text``, its speaker found as the finder finds it."""
    from newsledger.nlp.statements.content import CueContext
    from newsledger.nlp.statements.speakers import cue_subject, speaker_tokens

    def context(text, cue):
        doc, quotes = parsed(text)
        tok = token(doc, cue)
        subject = cue_subject(tok)
        speaker = speaker_tokens(subject) if subject is not None else []
        return CueContext.of(tok, tok.sent, quotes, speaker, knowledge)

    return context
