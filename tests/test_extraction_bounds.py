"""The extraction bounds each article in tokens and in time (``settings.Limits``): an article over
either is one Problem, and the articles around it are extracted. The limits are lowered through
the environment so the cases here are quick."""

from __future__ import annotations

import time

import pytest

from newsledger.extraction import extract_many
from newsledger.records import Article, ArticleRecord, Problem

PARAGRAPH = 'The interior minister said on Monday that "talks will resume in Geneva next week," according to officials.\n\n'
SHORT = Article("short", "The minister said the talks would resume.", "short.txt")
TIME_FIX = "split it into smaller articles, or raise the limit with NEWSLEDGER_LIMIT_ARTICLE_SECONDS"
TOKEN_FIX = "split it into smaller articles, or raise the limit with NEWSLEDGER_LIMIT_ARTICLE_TOKENS"


def outcomes(items) -> list[str]:
    return [item.message if isinstance(item, Problem) else f"records of {item.article.id}" for item in items]


def test_an_article_over_its_time_is_a_problem_and_the_run_goes_on(nlp, monkeypatch):
    monkeypatch.setenv("NEWSLEDGER_LIMIT_ARTICLE_SECONDS", "0.5")
    slow = Article("slow", PARAGRAPH * 600, "slow.txt")  # about 2 s to extract here
    start = time.perf_counter()
    items = list(extract_many([SHORT, slow, SHORT]))
    seconds = time.perf_counter() - start
    assert outcomes(items) == [
        "records of short",
        f"slow.txt: extraction took longer than 0.5 seconds, the most one article may take; {TIME_FIX}",
        "records of short",
    ]
    timeout = items[1]
    assert (timeout.source, timeout.kind, timeout.problem, timeout.fix) == (
        "slow.txt", "timeout", "extraction took longer than 0.5 seconds, the most one article may take", TIME_FIX
    )
    assert seconds < 5  # the batch's half second, the slow article's, and the short ones


def test_articles_within_their_time_are_extracted_as_before(nlp, monkeypatch):
    before = list(extract_many([SHORT, Article("a", PARAGRAPH * 20, "a.txt")]))
    monkeypatch.setenv("NEWSLEDGER_LIMIT_ARTICLE_SECONDS", "30")
    after = list(extract_many([SHORT, Article("a", PARAGRAPH * 20, "a.txt")]))
    assert all(isinstance(item, ArticleRecord) for item in after)
    assert after == before


def test_the_timer_is_put_back_after_the_extraction(nlp, monkeypatch):
    import signal

    monkeypatch.setenv("NEWSLEDGER_LIMIT_ARTICLE_SECONDS", "5")
    handler = signal.getsignal(signal.SIGALRM)
    list(extract_many([SHORT]))
    assert signal.getsignal(signal.SIGALRM) is handler
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ('"' * 2_000, 2_000),  # a quotation mark is a token: few characters, many tokens
        ("word " * 1_500, 1_500),
    ],
)
def test_an_article_over_the_token_limit_is_a_problem(nlp, monkeypatch, text, tokens):
    monkeypatch.setenv("NEWSLEDGER_LIMIT_ARTICLE_TOKENS", "1000")
    items = list(extract_many([SHORT, Article("big", text, "big.txt"), SHORT]))
    assert outcomes(items) == [
        "records of short",
        f"big.txt: article is {tokens:,} tokens (words and punctuation), over the limit of 1,000; {TOKEN_FIX}",
        "records of short",
    ]
    assert (items[1].kind, items[1].fix) == ("too_large", TOKEN_FIX)


def test_extract_article_raises_the_problem_with_its_fields(nlp, monkeypatch):
    from newsledger.errors import InputError
    from newsledger.extraction import extract_article

    monkeypatch.setenv("NEWSLEDGER_LIMIT_ARTICLE_TOKENS", "1000")
    with pytest.raises(InputError) as raised:
        extract_article(Article("big", "word " * 1_500, "big.txt"))
    err = raised.value
    assert (err.source, err.kind, err.fix) == ("big.txt", "too_large", TOKEN_FIX)
    assert str(err) == f"big.txt: article is 1,500 tokens (words and punctuation), over the limit of 1,000; {TOKEN_FIX}"
