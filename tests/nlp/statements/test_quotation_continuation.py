"""`"A," she said. "B."`: a quotation after the attribution's sentence continues its statement
(``nlp/statements/continuation.py``), through the whole pipeline and on hand-made statements."""

from __future__ import annotations

import pytest

from newsledger.nlp.quotes import find_quotes
from newsledger.nlp.statements import FoundStatement, continue_quotations


@pytest.mark.parametrize(
    "text",
    [
        '"We signed the contract," Cavusoglu said on Tuesday. "We will not go back on it."',
        # the parser ends the attribution's sentence after the next opening mark when it is ''
        "Intro.\n\n''We signed the contract,'' Cavusoglu said. ''We will not go back on it.''",
    ],
)
def test_quotation_after_the_attribution_sentence_continues_the_statement(extract, text):
    (s,) = extract(text).statements
    assert [text[a:b] for a, b in s.content.parts] == ["We signed the contract", "We will not go back on it."]
    assert s.kind == "direct"


@pytest.mark.parametrize(
    "text",
    [
        # a new paragraph starts afresh
        '"We signed the contract," Cavusoglu said on Tuesday.\n\n"We will not go back on it."',
        # the next quotation has its own attribution
        '"We signed the contract," Cavusoglu said on Tuesday. "We will not go back," Erdogan added.',
        # the attribution stands before its quotation, so the next one is not its continuation
        'Cavusoglu said: "We signed the contract." "We will not go back."',
    ],
)
def test_quotation_that_does_not_continue_the_statement(extract, text):
    statements = extract(text).statements
    cavusoglu = [s for s in statements if s.speaker and s.speaker.text == "Cavusoglu"]
    assert len(cavusoglu) == 1
    assert "go back" not in cavusoglu[0].content.text


def _continued(nlp, text, *statements):
    """``continue_quotations`` over hand-made statements: (cue, speaker or None, content, confidence)
    phrases of ``text``."""

    def at(phrase):
        start = text.index(phrase)
        return start, start + len(phrase)

    found = [
        FoundStatement(at(cue), at(speaker) if speaker else None, 0 if speaker else None, (at(content),), "direct", None, p)
        for cue, speaker, content, p in statements
    ]
    return [
        (text[st.cue[0] : st.cue[1]], [text[a:b] for a, b in st.content_parts])
        for st in continue_quotations(nlp(text), found, find_quotes(text, [])[0])
    ]


@pytest.mark.parametrize("text, statements, expected", [
    # the tagger may hand the second quotation to a participle after the first cue; it continues
    # the first statement instead, and the participle's statement, left with nothing, goes
    ('"We signed," Cavusoglu said, pointing to the contract. "We will not go back."',
     [("said", "Cavusoglu", "We signed", 0.9), ("pointing to", None, "We will not go back.", 0.5)],
     [("said", ["We signed", "We will not go back."])]),
    # `"A?" she asked. "B."` where the tagger took only "B": "A" opens the statement
    ('"Who wants this deal?" Graham asked. "Nobody does."',
     [("asked", "Graham", "Nobody does.", 0.9)],
     [("asked", ["Who wants this deal?", "Nobody does."])]),
    # a new paragraph starts afresh
    ('"We signed," Cavusoglu said.\n\n"We will not go back."',
     [("said", "Cavusoglu", "We signed", 0.9)],
     [("said", ["We signed"])]),
])
def test_continue_quotations(nlp, text, statements, expected):
    assert _continued(nlp, text, *statements) == expected
