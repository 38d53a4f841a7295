"""Joining tagged spans into statements (attribution/linking.py). Spans are given by hand here, so
these rows test the linking alone, whatever the trained tagger predicts."""

import pytest

from newsledger.attribution.linking import link, merge
from newsledger.nlp.quotes import find_quotes
from newsledger.nlp.statements import FoundStatement


def _at(text: str, phrase: str, nth: int = 0) -> tuple[int, int, float]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase), 0.9


def _statements(nlp, text, **spans):
    doc = nlp(text)
    quotes, _ = find_quotes(text, [])
    return doc, link(doc, {role: spans.get(role, []) for role in ("source", "cue", "content")}, quotes, [])


def _texts(doc, st: FoundStatement):
    t = doc.text
    return (
        t[st.speaker[0] : st.speaker[1]] if st.speaker else None,
        t[st.cue[0] : st.cue[1]],
        [t[s:e] for s, e in st.content_parts],
    )


def test_each_cue_takes_its_own_source_and_content(nlp):
    text = "Smith said the deal was done. Later, Jones told reporters that talks would resume."
    doc, found = _statements(
        nlp, text,
        source=[_at(text, "Smith"), _at(text, "Jones")],
        cue=[_at(text, "said"), _at(text, "told")],
        content=[_at(text, "the deal was done"), _at(text, "talks would resume")],
    )
    assert [_texts(doc, st) for st in found] == [
        ("Smith", "said", ["the deal was done"]),
        ("Jones", "told", ["talks would resume"]),
    ]
    assert doc[found[0].speaker_head].text == "Smith"


def test_a_cue_inside_a_content_belongs_to_a_nested_statement(nlp):
    text = "Smith said Jones claimed the deal was done."
    doc, found = _statements(
        nlp, text,
        source=[_at(text, "Smith"), _at(text, "Jones")],
        cue=[_at(text, "said"), _at(text, "claimed")],
        content=[_at(text, "Jones claimed the deal was done"), _at(text, "the deal was done")],
    )
    assert ("Smith", "said", ["Jones claimed the deal was done"]) in [_texts(doc, st) for st in found]
    assert ("Jones", "claimed", ["the deal was done"]) in [_texts(doc, st) for st in found]


def test_split_quote_gives_one_statement_with_two_parts(nlp):
    text = "\u201cWe are ready,\u201d the minister said. \u201cThe rest is up to them.\u201d"
    doc, found = _statements(
        nlp, text,
        source=[_at(text, "the minister")],
        cue=[_at(text, "said")],
        content=[_at(text, "We are ready"), _at(text, "The rest is up to them.")],
    )
    (st,) = found
    assert _texts(doc, st) == ("the minister", "said", ["We are ready", "The rest is up to them."])
    assert st.kind == "direct"


def test_content_far_from_any_cue_is_dropped_and_so_is_a_cue_without_content(nlp):
    text = "Smith said so. The weather was fine. Rain fell in the north. Prices rose in March."
    _, found = _statements(
        nlp, text,
        cue=[_at(text, "said")],
        content=[_at(text, "Prices rose in March")],
    )
    assert found == []


def test_a_cue_without_a_source_in_its_sentence_has_no_speaker(nlp):
    text = "Smith arrived. The plan, it was said, would fail."
    doc, found = _statements(nlp, text, source=[_at(text, "Smith")], cue=[_at(text, "was said")],
                             content=[_at(text, "would fail")])
    (st,) = found
    assert st.speaker is None


def _found(cue, speaker, content, addressee=None):
    return FoundStatement(cue, speaker, 0 if speaker else None, (content,), "indirect", addressee, 0.9)


@pytest.mark.parametrize(
    "model, rules, expected",
    [
        # the tagger's statement wins where both found it; the speaker is named from the rules' phrase
        ([_found((5, 9), (0, 4), (10, 30))], [_found((5, 9), (0, 3), (10, 28))],
         [FoundStatement((5, 9), (0, 4), 0, ((10, 30),), "indirect", None, 0.9, resolve_from=((0, 3), 0))]),
        # ... but where the tagger's content stops inside the rules' longer one, the rules' is taken
        ([_found((5, 9), (0, 4), (10, 20))], [_found((5, 9), (0, 3), (10, 28))],
         [FoundStatement((5, 9), (0, 4), 0, ((10, 28),), "indirect", None, 0.9, resolve_from=((0, 3), 0))]),
        ([_found((5, 9), (0, 4), (10, 20))], [_found((5, 9), (0, 3), (15, 40))],
         [FoundStatement((5, 9), (0, 4), 0, ((10, 20),), "indirect", None, 0.9, resolve_from=((0, 3), 0))]),
        # ... and so is the rules' cue where the tagger's is a piece of it (`has` of `has shown`)
        ([_found((5, 9), (0, 4), (10, 30))], [_found((5, 12), (0, 4), (13, 30))],
         [FoundStatement((5, 12), (0, 4), 0, ((10, 30),), "indirect", None, 0.9, resolve_from=((0, 4), 0))]),
        # where the tagger is unsure and its content lies elsewhere than the rules' (an apposition
        # of the speaker read as what was said), the rules' content is taken; a sure one stays
        ([FoundStatement((50, 54), (40, 48), 0, ((20, 38),), "indirect", None, 0.57)], [_found((50, 54), (40, 48), (0, 18))],
         [FoundStatement((50, 54), (40, 48), 0, ((0, 18),), "indirect", None, 0.57, resolve_from=((40, 48), 0))]),
        ([_found((50, 54), (40, 48), (20, 38))], [_found((50, 54), (40, 48), (0, 18))],
         [FoundStatement((50, 54), (40, 48), 0, ((20, 38),), "indirect", None, 0.9, resolve_from=((40, 48), 0))]),
        # two different speakers for one cue: the tagger's stays, resolved from its own span
        ([_found((5, 9), (0, 4), (10, 30))], [_found((5, 9), (31, 35), (10, 28))], [_found((5, 9), (0, 4), (10, 30))]),
        # a rule statement the tagger missed is kept
        ([_found((5, 9), (0, 4), (10, 30))], [_found((45, 49), (40, 44), (50, 60))],
         [_found((5, 9), (0, 4), (10, 30)), _found((45, 49), (40, 44), (50, 60))]),
        # a tagger statement with no source takes the speaker of the rule statement on its cue
        ([_found((5, 9), None, (10, 30))], [_found((5, 9), (0, 4), (10, 28), addressee=(31, 35))],
         [FoundStatement((5, 9), (0, 4), 0, ((10, 30),), "indirect", (31, 35), 0.9)]),
        # a tagger statement left without a speaker stays only when the tagger is sure of it
        ([_found((5, 9), None, (10, 30)), FoundStatement((45, 49), None, None, ((50, 60),), "indirect", None, 0.5)], [],
         [_found((5, 9), None, (10, 30))]),
        # ... and a rule statement it would have covered is kept instead
        ([FoundStatement((5, 9), None, None, ((10, 30),), "indirect", None, 0.5)], [_found((31, 35), (0, 4), (12, 28))],
         [_found((31, 35), (0, 4), (12, 28))]),
        # a rule statement whose content holds a tagged statement is kept: one is reported in the other
        ([_found((20, 24), (15, 19), (25, 40))], [_found((5, 6), (0, 4), (7, 50))],
         [_found((5, 6), (0, 4), (7, 50)), _found((20, 24), (15, 19), (25, 40))]),
        # ... and a tagged statement inside it that reads the same content goes: a misread of it
        ([_found((40, 45), (0, 4), (7, 30))], [_found((5, 6), (0, 4), (7, 50))], [_found((5, 6), (0, 4), (7, 50))]),
        # ... and one whose content only overlaps a tagged statement's, with its cue outside it
        ([_found((5, 9), (0, 4), (10, 30))], [_found((40, 45), (35, 39), (20, 34))],
         [_found((5, 9), (0, 4), (10, 30)), _found((40, 45), (35, 39), (20, 34))]),
        # ... but not one whose cue lies inside a tagged content: the tagger read that as nested
        ([_found((5, 9), (0, 4), (10, 50))], [_found((20, 24), (15, 19), (25, 40))], [_found((5, 9), (0, 4), (10, 50))]),
    ],
)
def test_merge(model, rules, expected):
    assert merge(model, rules) == expected


def test_a_content_that_swallowed_its_own_source_and_cue_ends_before_them(nlp):
    text = "Egypt has ordered 30 more jets from France, the defence ministry said on Tuesday."
    doc, found = _statements(
        nlp, text,
        source=[_at(text, "the defence ministry")],
        cue=[_at(text, "said")],
        content=[_at(text, "Egypt has ordered 30 more jets from France, the defence ministry said on Tuesday")],
    )
    (st,) = found
    assert _texts(doc, st) == ("the defence ministry", "said", ["Egypt has ordered 30 more jets from France"])


def test_a_source_cut_inside_a_name_runs_to_the_names_end(nlp):
    text = "Armed Forces Minister Florence Parly said the order was a sign of trust."
    doc, found = _statements(
        nlp, text,
        source=[_at(text, "Armed Forces Minister Florence")],
        cue=[_at(text, "said")],
        content=[_at(text, "the order was a sign of trust")],
    )
    (st,) = found
    assert _texts(doc, st)[0] == "Armed Forces Minister Florence Parly"


def test_a_cue_keeps_only_the_contents_joined_to_it(nlp):
    text = "Smith said the deal was done, and markets fell at once. Prices rose in March."
    doc, found = _statements(
        nlp, text,
        source=[_at(text, "Smith")],
        cue=[_at(text, "said")],
        content=[_at(text, "the deal was done"), _at(text, "Prices rose in March")],
    )
    assert [_texts(doc, st) for st in found] == [("Smith", "said", ["the deal was done"])]


def test_a_content_of_function_words_only_is_dropped_with_its_cue(nlp):
    """`to` or `the` alone is a broken span; a pronoun (`denied it`) is a content."""
    text = "Smith appealed to the court. Jones denied it."
    doc, found = _statements(
        nlp, text,
        source=[_at(text, "Smith"), _at(text, "Jones")],
        cue=[_at(text, "appealed"), _at(text, "denied")],
        content=[_at(text, "to"), (text.rindex("it"), text.rindex("it") + 2, 0.9)],
    )
    assert [_texts(doc, st) for st in found] == [("Jones", "denied", ["it"])]


@pytest.mark.parametrize(
    "tail, kept",
    [
        (", amounting to", ""),  # a comma and words that break off
        (", which", ""),
        (" --", ""),  # a trailing dash
        (", the ministry's main target", ", the ministry's main target"),  # a whole phrase stays
        (", but Ankara will not agree to", ", but Ankara will not agree to"),  # more than two words stay
    ],
)
def test_a_content_that_stops_just_after_the_start_of_what_follows_ends_before_it(nlp, tail, kept):
    text = f"Smith said the funds built hotels and convention centers{tail} in the end."
    content = "the funds built hotels and convention centers" + tail
    doc, found = _statements(
        nlp, text, source=[_at(text, "Smith")], cue=[_at(text, "said")], content=[_at(text, content)]
    )
    assert [_texts(doc, st) for st in found] == [("Smith", "said", ["the funds built hotels and convention centers" + kept])]


def test_a_content_never_goes_to_a_cue_in_another_paragraph(nlp):
    """A quotation that opens a paragraph and runs on the one before is the earlier speaker's, not
    the next paragraph's source's."""
    text = (
        "A spokesperson for the group said: \u201cVoters approved new jets, not this jet.\n\n"
        "\u201cWe are confident that the people will have the last word.\u201d\n\n"
        "Diplomatic sources in Bern said Paris had hoped until the last moment."
    )
    doc, found = _statements(
        nlp, text,
        source=[_at(text, "A spokesperson for the group"), _at(text, "Diplomatic sources in Bern")],
        cue=[_at(text, "said"), _at(text, "said", 1)],
        content=[
            _at(text, "Voters approved new jets, not this jet."),
            _at(text, "We are confident that the people will have the last word."),
            _at(text, "Paris had hoped until the last moment"),
        ],
    )
    assert [_texts(doc, st) for st in found] == [
        ("A spokesperson for the group", "said",
         ["Voters approved new jets, not this jet.", "We are confident that the people will have the last word."]),
        ("Diplomatic sources in Bern", "said", ["Paris had hoped until the last moment"]),
    ]


def test_a_paragraph_without_a_cue_is_not_what_the_next_paragraphs_source_said(nlp):
    text = "Smith said that the deal was done.\n\nThe talks would resume in May.\n\nJones said on Friday that Paris had hoped."
    doc, found = _statements(
        nlp, text,
        source=[_at(text, "Smith"), _at(text, "Jones")],
        cue=[_at(text, "said"), _at(text, "said", 1)],
        content=[_at(text, "the deal was done"), _at(text, "The talks would resume in May."), _at(text, "Paris had hoped")],
    )
    assert [_texts(doc, st) for st in found] == [
        ("Smith", "said", ["the deal was done"]),
        ("Jones", "said", ["Paris had hoped"]),
    ]
