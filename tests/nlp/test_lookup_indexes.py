"""The indexes that replaced linear scans give exactly what the scans gave (property-based), and
the bounded tokenizer leaves ordinary text to spaCy untouched."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsledger.nlp.bounded_tokenizer import LONG_RUN, BoundedTokenizer
from newsledger.nlp.char_ranges import CharRanges
from newsledger.nlp.quotes import IndexedQuotes, find_quotes
from newsledger.nlp.statements import ent_at, ents_within

SETTINGS = settings(derandomize=True, max_examples=200, deadline=None)
RANGES = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 12)).map(lambda r: (r[0], r[0] + r[1])), max_size=8)
PROBE = st.tuples(st.integers(-2, 60), st.integers(0, 10)).map(lambda p: (p[0], p[0] + p[1]))


@SETTINGS
@given(ranges=RANGES, probe=PROBE)
def test_char_ranges_answer_as_any_would(ranges, probe):
    index, (start, end) = CharRanges(ranges), probe
    assert index.covers(start) == any(a <= start < b for a, b in ranges)
    assert index.contains(start, end) == any(a <= start and end <= b for a, b in ranges)
    assert index.overlaps(start, end) == any(a < end and start < b for a, b in ranges)


QUOTE_TEXT = st.lists(st.sampled_from(['"', "“", "”", "«", "»", "„", " ", "a", "b", "\n", "\n\n", ","]), max_size=40).map("".join)


@SETTINGS
@given(text=QUOTE_TEXT, probe=PROBE)
def test_indexed_quotes_answer_as_a_scan_would(text, probe):
    quotes, _ = find_quotes(text, [])
    index, (start, end) = IndexedQuotes(quotes), probe
    assert index == quotes
    assert index.containing(start, end) == next((q for q in quotes if q.contains(start, end)), None)
    assert index.overlapping(start, end) == any(q.overlaps(start, end) for q in quotes)
    assert index.part_reaching(start, end) == next(
        ((s, e) for q in quotes for s, e in q.parts if s <= end <= e and start < s), None
    )
    window = set(index.near(start, end, 6))
    for n, q in enumerate(quotes):  # every quote within 6 characters of start:end is in the window
        if start - 6 <= q.end <= start or end <= q.start <= end + 6:
            assert n in window


def test_entity_lookups_match_spacy(nlp):
    doc = nlp(
        "Foreign Minister Annalena Baerbock met Antony Blinken in Washington on Monday. "
        "The European Union and NATO said Russia had moved troops near Kharkiv."
    )
    assert doc.ents
    for sent in doc.sents:
        assert ents_within(sent) == list(sent.ents)
    for i in range(len(doc)):
        assert ent_at(doc, i) == next((e for e in doc.ents if e.start <= i < e.end), None)


@settings(derandomize=True, max_examples=60, deadline=None)
@given(
    text=st.lists(
        st.sampled_from(["a", "B", "7", " ", "\n", ".", ",", '"', "'", "(", ")", "-", "$", "n't", "é", "https://x.example/a?b=c"]),
        max_size=30,
    ).map("".join)
)
def test_ordinary_text_is_tokenized_by_spacy_alone(nlp, text):
    bounded = nlp.tokenizer
    assert isinstance(bounded, BoundedTokenizer)
    ours, spacys = bounded(text), bounded.tokenizer(text)
    assert [(t.text, t.whitespace_, t.norm_) for t in ours] == [(t.text, t.whitespace_, t.norm_) for t in spacys]


@settings(derandomize=True, max_examples=40, deadline=None)
@given(run=st.text(st.sampled_from(['"', "a", ".", "!", "$", ")"]), min_size=LONG_RUN + 1, max_size=3 * LONG_RUN))
def test_long_runs_keep_the_text_and_every_offset(nlp, run):
    text = f"He said {run} today."
    doc = nlp.tokenizer(text)
    assert doc.text == text
    assert all(text[t.idx : t.idx + len(t)] == t.text for t in doc)
    assert max(len(t) for t in doc) <= 2 * LONG_RUN
