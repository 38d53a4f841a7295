import pytest

from newsledger.errors import StoreError


def found(stored):
    return [(s.article_id, s.statement.id) for s in stored]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("missile", [("a1", "s2"), ("c3", "s1")]),
        ("MISSILE response", [("a1", "s2")]),
        ("productive", [("a1", "s1")]),
        ('"back down"', [("b2", "s1")]),
        ('"down back"', []),
        ("miss*", [("a1", "s2"), ("c3", "s1")]),
        ("missile NOT test", [("a1", "s2")]),
        ("talks OR changed", [("a1", "s1"), ("c3", "s2")]),
        # the second part of a discontinuous quote is searched too
        ("inch", [("b2", "s1")]),
        # only the content is searched, not the speaker's name
        ("pompeo", []),
    ],
)
def test_full_text_search_over_content(ledger, records, query, expected):
    ledger.add_many(records)
    assert found(ledger.statements(text=query)) == expected


def test_full_text_and_speaker_combine(ledger, records):
    ledger.add_many(records)
    assert found(ledger.statements(speaker="spokesman", text="missile")) == [("c3", "s1")]
    assert found(ledger.statements(speaker="zarif", text="talks")) == []


def test_an_invalid_full_text_query_says_how_to_fix_it(ledger, records):
    ledger.add_many(records)
    with pytest.raises(StoreError) as err:
        ledger.statements(text="missile OR")
    assert str(err.value) == (
        "invalid full-text query 'missile OR' (fts5: syntax error near \"\"); "
        "put words with punctuation in double quotes, e.g. '\"al-Qaeda\"'"
    )


def test_a_word_with_punctuation_is_searched_as_a_phrase(ledger, records):
    """`al-Qaeda`, `S-400`, `SAMP/T`: FTS5 alone would read the hyphen as a column filter."""
    ledger.add_many(records)
    assert ledger.statements(text="al-Qaeda") == ledger.statements(text='"al-Qaeda"') == []
    assert ledger.statements(text="back-down") == ledger.statements(text='"back down"') != []
