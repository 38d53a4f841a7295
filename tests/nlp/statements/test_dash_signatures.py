"""Quotations signed with a dash and a name (``nlp/statements/dash_signatures.py``): rows of a text
and the statements the rule finds, as (dash, name, content)."""

from __future__ import annotations

import pytest

from newsledger.nlp.statements.dash_signatures import dash_attributions


@pytest.mark.parametrize("text, expected", [
    ("\u201cThe sanctions hurt ordinary people first.\u201d \u2015 Leyla Aydin\n\nPrices rose again.",
     [("\u2015", "Leyla Aydin", "The sanctions hurt ordinary people first.")]),
    # the name ends at a comma; a lower-case word may stand inside it (name_words.csv)
    ('"We are ready to buy more," \u2014 Ahmet bin Yilmaz, a defence analyst.',
     [("\u2014", "Ahmet bin Yilmaz", "We are ready to buy more,")]),
    # web copy: no-break spaces around the dash and before the line end
    ("\u201dPrices went up again.\u201d\u00a0\u2015\u00a0Leyla Aydin\u00a0\nMore later.",
     [("\u2015", "Leyla Aydin", "Prices went up again.")]),
    # a dash followed by no name is no signature
    ('"It was loud" \u2014 and then the lights went out.', []),
])
def test_dash_attributions(parsed, text, expected):
    doc, quotes = parsed(text)
    found = dash_attributions(doc, quotes)
    assert [(text[s.cue[0] : s.cue[1]], text[s.speaker[0] : s.speaker[1]], text[s.content[0] : s.content[1]]) for s in found] == expected
