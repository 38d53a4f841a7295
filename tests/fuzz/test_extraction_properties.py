"""Property-based tests of the extraction of one article (fast profile): whatever the text, it
gives records whose spans point into the text, or an InputError, never an internal failure."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from invariants import check_extraction

from newsledger.extraction import extract_article

# Pieces of news prose and of what breaks it: quotes, dashes, debris lines, odd whitespace.
PIECES = [
    "The minister", " said", " told reporters", ' "We are ready,"', " “Talks will resume,”", " «non»", " „ja“",
    " according to officials", " Kyiv", " Russia launched 12 missiles at", " Germany delivered two IRIS-T systems to Ukraine",
    " on Monday", " last week", ".", ",", ":", " -", " —", "\n", "\n\n", "\r\n", "\r", "\t", " ", "\u00a0", "\u2028",
    "Share this\n", "Follow us on Twitter\n", "READ MORE:", "(Reuters) -", '"', "“", "”", "'", "(", ")", "é", "李", "🙂",
]
SETTINGS = settings(derandomize=True, max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(pieces=st.lists(st.sampled_from(PIECES), max_size=60))
def test_news_like_text(nlp, pieces):
    check_extraction(extract_article, "".join(pieces))


@SETTINGS
@given(text=st.text(max_size=400))
def test_any_text(nlp, text):
    check_extraction(extract_article, text)
