"""Pathological article texts through the one extraction path: each finishes in bounded time or
is refused in one line. Each regression test below names the quadratic step it guards against;
at the sizes used, the old code took minutes to hours, the new code seconds."""

from __future__ import annotations

import time

import pytest

from newsledger.errors import InputError
from newsledger.extraction import extract_article
from newsledger.records import Article

PROSE = "\n\n".join(
    [
        'The interior minister said on Monday that "talks will resume in Geneva next week," according to officials.',
        "Officials in the capital told reporters that the border would reopen within days.",
        '"We are ready," the spokesman said.',
    ]
) + "\n\n"


def prose(length: int) -> str:
    return (PROSE * (length // len(PROSE) + 1))[:length]


def timed_extract(text: str):
    start = time.perf_counter()
    records = extract_article(Article("a", text, "a.txt"))
    return records, time.perf_counter() - start


def test_five_megabytes_without_punctuation_is_refused(nlp):
    with pytest.raises(InputError) as caught:
        extract_article(Article("a", "word " * 1_000_000, "a.txt"))
    assert str(caught.value) == (
        "a.txt: article is 5,000,000 characters, over the limit of 1,000,000; split it into smaller articles"
    )


def test_ten_thousand_quotation_marks(nlp):
    records, seconds = timed_extract('"' * 10_000)
    # The first two marks pair up (an empty quote); each of the other 9,998 is reported.
    assert len(records.warnings) == 9_998
    assert records.warnings[0].message == (
        "a.txt: unbalanced quotation mark at offset 2; the quote was closed at the end of its paragraph"
    )
    assert records.statements == ()
    assert seconds < 30  # about 2 s here; 8 s before the tokenizer fix


def test_a_long_quote_heavy_article(nlp):
    """Regression: each cue verb scanned every quote of the article (nlp/statements:
    spans.quote_containing, content.quotation_beside, spans.kind_of, content._extend_into_quotes)
    and every entity (spaCy's Span.ents)."""
    records, seconds = timed_extract(prose(100_000))
    assert len(records.statements) == 1_754  # the same as before the fix, only faster
    assert seconds < 60  # about 4 s here; 16 s before, and over 10 minutes at 1,000,000


def test_a_million_characters_of_prose_are_refused_for_their_tokens(nlp):
    """A million characters of prose are 210,525 tokens: about 3.6 GB of memory in spaCy's parser
    and entity recognizer. They are refused before the pipeline runs (settings.Limits.article_tokens)."""
    with pytest.raises(InputError) as caught:
        extract_article(Article("a", prose(999_999), "a.txt"))
    assert str(caught.value) == (
        "a.txt: article is 210,525 tokens (words and punctuation), over the limit of 80,000; "
        "split it into smaller articles, or raise the limit with NEWSLEDGER_LIMIT_ARTICLE_TOKENS"
    )


@pytest.mark.slow
def test_an_article_just_under_the_token_limit_finishes_within_two_gigabytes(tmp_path):
    """375,000 characters of prose, 79,000 tokens: measured in a subprocess (its own VmHWM, since
    getrusage's peak survives fork and exec), 1.7 GB at its peak
    here (3.6 GB for a million characters before the token limit), 74 s on two busy cores."""
    import json
    import subprocess
    import sys

    script = (
        "import json, re, sys\n"
        "sys.path.insert(0, sys.argv[1])\n"
        "from test_hostile_texts import prose\n"
        "from newsledger.extraction import extract_article\n"
        "from newsledger.records import Article\n"
        "records = extract_article(Article('a', prose(375_000), 'a.txt'))\n"
        "print(json.dumps({'statements': len(records.statements),"
        " 'peak_mb': int(re.search(r'VmHWM:\\s+(\\d+) kB', open('/proc/self/status').read()).group(1)) // 1024}))\n"
    )
    here = str(__import__("pathlib").Path(__file__).parent)
    result = subprocess.run([sys.executable, "-c", script, here], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout)
    assert seen["statements"] == 6_579
    assert seen["peak_mb"] < 2048, seen


def test_a_hundred_thousand_short_lines(nlp):
    """Regression: the rule components scanned every debris line for each token or sentence
    (BoundaryMarker, statements.finder._inside_ignored, events._is_ignored) and spaCy's
    ``Token.is_sent_start`` setter scans the whole Doc on each call: 50,000 one-word lines
    took 337 s. The statistical components are left out here; they are linear."""
    text = "a\n" * 100_000
    doc = nlp.make_doc(text)
    start = time.perf_counter()
    for name in ("newsledger_boundaries", "newsledger_statements", "newsledger_entities", "newsledger_events"):
        doc = nlp.get_pipe(name)(doc)
    seconds = time.perf_counter() - start
    assert len(doc._.ignored) == 99_999  # every line but the last is a stray heading
    assert sum(1 for _ in doc.sents) == 100_000
    assert doc._.statements == [] and doc._.events == []
    assert seconds < 30  # about 2 s here


@pytest.mark.parametrize("mark", ['"', "$", ")", "”", "!"])
def test_tokenizing_a_long_run_of_punctuation(nlp, mark):
    """Regression: spaCy peels affixes off a whitespace-free run one at a time, rescanning the
    run each time: 4,000 marks took 1 to 2 s, a million would take hours."""
    text = mark * 200_000
    start = time.perf_counter()
    doc = nlp.make_doc(text)
    assert time.perf_counter() - start < 10  # about 0.2 s here
    assert doc.text == text and len(doc) == 200_000


@pytest.mark.parametrize(
    "text",
    [
        "According to ]]>, the deal was signed.",  # the parse's source of "according to" is punctuation only
        "ein told» a",  # the addressee of "told" is punctuation only
    ],
)
def test_a_speaker_or_addressee_of_punctuation_only_does_not_drop_the_article(nlp, text):
    """Regression (issue 25): an empty speaker phrase raised IndexError in _span_chars, and the
    article was dropped as "extraction failed"."""
    records = extract_article(Article("a", text, "a.txt"))
    for statement in records.statements:
        assert statement.speaker is None or statement.speaker.text.strip()
