"""Lines of the form `NAME: what they said` (``nlp/statements/line_labels.py``): rows of a text and
the statements the rule finds, as (label, content); and the text-only check the debris finder asks."""

from __future__ import annotations

import pytest

from newsledger.nlp.char_ranges import CharRanges
from newsledger.nlp.statements.line_labels import labelled_lines, may_be_labelled_headline


@pytest.mark.parametrize("text, expected", [
    # a headline
    ("Erdogan: Deliveries of the S-400 will begin in July.\n\nThe talks went on.",
     [("Erdogan", "Deliveries of the S-400 will begin in July.")]),
    # a source noun, without the bracketed credit
    ("Talks went on.\n\nPoll: Most Turks back the purchase of the system. [Gallup.]",
     [("Poll", "Most Turks back the purchase of the system.")]),
    # a transcript: two capitals labels or more, quoted as a whole or not
    ('Mike Pence spoke on Sunday.\n\n"WALLACE: Will Trump attend the debate?\n\nPENCE: He will be there, and he will win."',
     [("WALLACE", "Will Trump attend the debate?"), ("PENCE", "He will be there, and he will win.")]),
    # not a kicker (line_labels.csv), a lone capitals label, a label with a verb, a list or a short line
    ("The Latest: Erdogan visits Moscow for talks.\n\nUPDATE: The talks were postponed until Friday.\n\n"
     "Clinton Wades In: Urges Britain to stay in the union.\n\n"
     "Iowa: Tim Albrecht, Brad Anderson, Rob Barron, Jeff Boeyink, Bonnie Campbell.\n\nKasich: Now or never.", []),
])
def test_labelled_lines(parsed, text, expected):
    doc, quotes = parsed(text)
    found = labelled_lines(doc, quotes, CharRanges([]))
    assert [(text[s.speaker[0] : s.speaker[1]], text[s.content[0] : s.content[1]]) for s in found] == expected


@pytest.mark.parametrize("line, expected", [
    ("Erdogan: Deliveries will begin in July", True),
    ("Secretary of State: The talks will go on next week", True),
    ("The Latest: Erdogan visits Moscow for talks", False),
    ("EXCLUSIVE: Erdogan visits Moscow for talks", False),
    ("Kasich: Now or never", False),
])
def test_may_be_labelled_headline(line, expected):
    assert may_be_labelled_headline(line) is expected
