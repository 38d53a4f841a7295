import pytest

from newsledger.knowledge import load_knowledge
from newsledger.nlp.debris import find_ignored_spans

KB = load_knowledge()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("He said it.\n\n7712345678001 1b2c3d4e-aaaa-4bbb-8ccc-123456789abc\nvideo\n\nShe said so.", [("7712345678001 1b2c3d4e-aaaa-4bbb-8ccc-123456789abc", "embed-code"), ("video", "boilerplate")]),
        ("The talks ended.\n\nWashington's response\nThe State Department said nothing.", [("Washington's response", "heading")]),
        ("The talks ended.\nnew decade\nRussia hopes to sign.", [("new decade", "heading")]),
        ("Advertisement\nThe minister said the deal was done.", [("Advertisement", "boilerplate")]),
        # A short last line of a hard-wrapped sentence is prose, not a heading.
        ("The minister said the deal\nwas done\nand signed on Monday.", []),
        # A short line that ends a sentence is prose.
        ("Yes, he said.\n\nNo.\n\nThe end came.", []),
        # A first line followed by a blank line is a headline.
        ("Poland signs deal for Korean tanks\n\nPoland signed a deal on Friday.", [("Poland signs deal for Korean tanks", "headline")]),
        # ... unless it opens with a speaker's name and a colon: then it is a statement to read
        ("Erdogan: Deliveries of the S-400 will begin in July\n\nTalks went on.", []),
        # ... which a kicker is not
        ("EXCLUSIVE: Saudis insist they are fighting terror\n\nTalks went on.", [("EXCLUSIVE: Saudis insist they are fighting terror", "headline")]),
        ("The Latest: Erdogan to visit Moscow next week\n\nTalks went on.", [("The Latest: Erdogan to visit Moscow next week", "headline")]),
        # A first line quoted with two apostrophes (NYT, LexisNexis) is prose, not a headline.
        ("''We are not giving up the system,'' Kalin said. ''Never.''\n\nTalks went on.", []),
        ("''Never,'' he said of the deal, ``not once''\n\nTalks went on.", []),
    ],
)
def test_debris_lines_are_marked_not_removed(text, expected):
    spans = find_ignored_spans(text, KB)
    assert [(text[s.start : s.end], s.reason) for s in spans] == expected
