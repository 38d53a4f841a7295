import pytest

from newsledger.nlp.quotes import find_quotes


@pytest.mark.parametrize(
    "text, quoted, closed",
    [
        ('"We will buy it," he said.', ["We will buy it,"], [True]),
        ("“Curly works,” she said.", ["Curly works,"], [True]),
        ('He called it "disturbing." Then he left.', ["disturbing."], [True]),
        # Unbalanced: the quote closes at the end of its paragraph, not at the next mark.
        ('He added that "there is one system.\n\nLater "another" came.', ["there is one system.", "another"], [False, True]),
        # A quote running across paragraphs: the next paragraph reopens with a mark.
        ('"First part.\n\n"Second part," he said.', ["First part.|Second part,"], [True]),
        ("It's the minister's view, not 'quoted'.", [], []),
        # A closing mark typed where a quote opens (before a word) opens it, as web copy has it.
        ("\u201dFear. I am afraid.\u201d \u2015 Ana Ruiz\n\u201cNext one.\u201d", ["Fear. I am afraid.", "Next one."], [True, True]),
        # Two-character marks: ''...'' (New York Times, LexisNexis) and ``...'' (typewriter style);
        # apostrophes inside them, and lone apostrophes anywhere, are no marks.
        ("''This isn't reform,'' said Ms. Lee. ''It's the opposite.''", ["This isn't reform,", "It's the opposite."], [True, True]),
        ("``We will buy it,'' he said.", ["We will buy it,"], [True]),
        ("The Joneses' house and O'Brien's car.", [], []),
        ("''First part.\n\n''Second part,'' he said.", ["First part.|Second part,"], [True]),
        # A closing mark after a word still closes, and one before a space opens nothing.
        ("He called it \u201cgood\u201d and \u201d left.", ["good"], [True]),
    ],
)
def test_quotes_pair_across_paragraphs(text, quoted, closed):
    quotes, _ = find_quotes(text, [])
    assert ["|".join(text[s:e] for s, e in q.parts) for q in quotes] == quoted
    assert [q.closed for q in quotes] == closed


def test_unpaired_mark_is_reported():
    text = 'He added that "there is one system.'
    _, unpaired = find_quotes(text, [])
    assert unpaired == [text.index('"')]
