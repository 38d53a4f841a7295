"""Who speaks and to whom (``nlp/statements/speakers.py``), on parsed Docs: rows of a text, its
cue word and the phrase the rule finds (None for none)."""

from __future__ import annotations

import pytest

from newsledger.nlp.statements.speakers import addressee, cue_subject, postposed_speaker, speaker_tokens


def _token(doc, word):
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize("text, cue, expected", [
    ("Indian Defence Minister Rajnath Singh said that the deliveries would continue.", "said",
     "Indian Defence Minister Rajnath Singh"),
    # a participle shares the subject of the verb it hangs on
    ("Washington criticised the deal, saying it undermined the alliance.", "saying", "Washington"),
    ("Lloyd Austin began by saying the talks were over.", "saying", "Lloyd Austin"),
    # a relative pronoun speaks for the noun it hangs on, and is recorded as written
    ("The deal was backed by Sergei Lavrov, who said the talks would go on.", "said", "who"),
    # a bracketed party and state stays inside, brackets balanced
    ("Sen. Mitch McConnell (R-Ky.) said the bill would pass.", "said", "Sen. Mitch McConnell (R-Ky.)"),
    # a passive cue's subject is spoken to: the agent speaks, or no one we know
    ("Erdogan was told that the deal was off.", "told", None),
    ("The deal was criticised by Amnesty International.", "criticised", "Amnesty International"),
])
def test_cue_subject(parsed, text, cue, expected):
    doc, _ = parsed(text)
    subject = cue_subject(_token(doc, cue))
    tokens = speaker_tokens(subject) if subject is not None else []
    assert (doc[tokens[0].i : tokens[-1].i + 1].text if tokens else None) == expected


@pytest.mark.parametrize("text, cue, expected", [
    ("Lloyd Austin told reporters the United States would send more Patriot batteries.", "told", "reporters"),
    ("Erdogan assured Putin that the deal would go ahead.", "assured", "Putin"),
    # only the cues whose object is who is spoken to (addressee_cues.csv)
    ("Ankara criticised Washington on Monday.", "criticised", None),
])
def test_addressee(parsed, text, cue, expected):
    doc, quotes = parsed(text)
    found = addressee(_token(doc, cue), quotes)
    assert (text[found[0] : found[1]] if found else None) == expected


@pytest.mark.parametrize("text, cue, expected", [
    # a speaker after the content that the parser hung on it as an apposition
    ("Russia has begun deliveries, the head of the service, Dmitry Shugaev, said.", "said",
     ("the head of the service, Dmitry Shugaev", ["Russia has begun deliveries"])),
    # a cue with a subject of its own
    ("Florence Parly said on Thursday that Indonesia had signed.", "said", None),
])
def test_postposed_speaker(parsed, text, cue, expected):
    doc, quotes = parsed(text)
    tok = _token(doc, cue)
    found = postposed_speaker(tok, tok.sent, quotes)
    got = found and (text[found.speaker[0] : found.speaker[1]], [text[a:b] for a, b in found.content_parts])
    assert got == expected
