"""What makes a word a cue, and the cue span (``nlp/statements/cues.py``), on parsed Docs: rows of
a text, a word of it and what the rule says of it."""

from __future__ import annotations

import pytest

from newsledger.nlp.statements.cues import cue_span, is_cue


def _token(doc, word):
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize("text, word, expected", [
    ("Erdogan said the deal is done.", "said", True),
    # a two-word cue, with its particle
    ("Jens Stoltenberg pointed out that the system is not compatible.", "pointed", True),
    # a framed verb, in one of its frames and out of them
    ("Rostec found that the radar had been damaged.", "found", True),
    ("Rostec found the radar in the hangar.", "found", False),
    # ... and never in the passive, whose subject holds no view
    ("The first battery is expected to arrive in June.", "expected", False),
    ("The minister visited the factory on Monday.", "visited", False),
])
def test_is_cue(parsed, knowledge, text, word, expected):
    doc, _ = parsed(text)
    assert is_cue(_token(doc, word), knowledge) is expected


@pytest.mark.parametrize("text, word, expected", [
    # auxiliaries, negation and adverbs before the verb; a particle or an adverb after it
    ("Erdogan has repeatedly said the deal is done.", "said", "has repeatedly said"),
    ("Erdogan is once again questioning whether the deal is fair.", "questioning", "is once again questioning"),
    ("Erdogan has\u00a0acknowledged that the deal was late.", "acknowledged", "has\u00a0acknowledged"),
    ("Jens Stoltenberg pointed out that the system is not compatible.", "pointed", "pointed out"),
    # a question word before the verb is no part of it
    ("Nobody knows when Erdogan said it.", "said", "said"),
])
def test_cue_span(parsed, text, word, expected):
    doc, _ = parsed(text)
    start, end = cue_span(_token(doc, word))
    assert text[start:end] == expected
