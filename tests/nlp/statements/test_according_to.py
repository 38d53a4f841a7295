"""`According to ...` (``nlp/statements/according_to.py``), on parsed Docs: rows of a text and the
source and content the rule finds (None for no statement)."""

from __future__ import annotations

import pytest

from newsledger.nlp.statements.according_to import according_to, is_according_to


@pytest.mark.parametrize("text, expected", [
    ("According to Rostec, the contract is worth $5 billion.", ("Rostec", ["the contract is worth $5 billion"])),
    ("The contract is worth $5 billion, according to Rostec.", ("Rostec", ["The contract is worth $5 billion"])),
    # where the parser misreads the source (`show` as a verb) or hangs the clause on it, the commas decide
    ("Erdogan repeatedly rejected the offer, according to show insiders.",
     ("show insiders", ["Erdogan repeatedly rejected the offer"])),
    ("According to conservative talk radio host Rush Limbaugh, the move reeks of fear and desperation.",
     ("conservative talk radio host Rush Limbaugh", ["the move reeks of fear and desperation"])),
    # too little said
    ("According to MSNBC, basically.", None),
    # a norm followed is no source
    ("The operation was being conducted according to law.", None),
    ("The deliveries went ahead according to plan.", None),
])
def test_according_to(parsed, knowledge, text, expected):
    doc, quotes = parsed(text)
    according = next(t for t in doc if is_according_to(t, knowledge))
    found = according_to(according, according.sent, quotes, knowledge)
    got = found and (text[found.speaker[0] : found.speaker[1]], [text[a:b] for a, b in found.content_parts])
    assert got == expected
