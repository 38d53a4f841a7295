"""The article text as HTML: every piece escaped, overlapping spans nested into balanced markup."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from newsledger.web.markup import Layer, highlight

VOID = {"br", "img", "input", "meta", "link", "hr"}


class Balance(HTMLParser):
    """Checks that every tag opened is closed in order, and collects the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)
        self.ids += [value for name, value in attrs if name == "id"]

    def handle_endtag(self, tag):
        assert self.stack and self.stack.pop() == tag, f"</{tag}> closes nothing open"

    def handle_data(self, data):
        self.text.append(data)


def parsed(html: str) -> Balance:
    checker = Balance()
    checker.feed(html)
    checker.close()
    assert checker.stack == [], f"unclosed: {checker.stack}"
    return checker


TEXT = 'Pompeo said "<b>we</b> & they" agreed. <script>alert(1)</script>'


@pytest.mark.parametrize(
    "layers, expected",
    [
        ([], "Pompeo said &#34;&lt;b&gt;we&lt;/b&gt; &amp; they&#34; agreed. &lt;script&gt;alert(1)&lt;/script&gt;"),
        ([Layer(0, 6, "speaker")], '<span class="speaker">Pompeo</span> said'),
        ([Layer(7, 11, "cue")], 'Pompeo <span class="cue">said</span>'),
        ([Layer(13, 29, "content", "s1")], '<span class="content" id="s1">&lt;b&gt;we&lt;/b&gt; &amp; they</span>'),
        # a span crossing another's end is split: both pieces carry its class, only the first its id
        (
            [Layer(0, 11, "content", "s2"), Layer(7, 18, "cue")],
            (
                '<span class="content" id="s2">Pompeo </span><span class="content"><span class="cue">said</span></span>'
                '<span class="cue"> &#34;&lt;b&gt;we</span>'
            ),
        ),
        # the event's sentence holds the statement's spans
        (
            [Layer(0, 38, "event", "v1"), Layer(0, 6, "speaker")],
            '<span class="event" id="v1"><span class="speaker">Pompeo</span></span><span class="event"> said',
        ),
        ([Layer(39, 64, "ignored")], '<span class="ignored">&lt;script&gt;alert(1)&lt;/script&gt;</span>'),
        ([Layer(-5, 3, "speaker"), Layer(60, 999, "cue"), Layer(5, 5, "cue")], '<span class="speaker">Pom</span>pe'),
    ],
)
def test_highlight(layers, expected):
    html = str(highlight(TEXT, layers))
    assert expected in html
    checker = parsed(html)
    assert "".join(checker.text) == TEXT


def test_any_overlap_gives_balanced_markup_and_the_text_unchanged():
    text = "abcdefghijklmnopqrstuvwxyz <i>"
    layers = [
        Layer(start, end, css, f"x{n}" if css in ("content", "event") else None)
        for n, (start, end, css) in enumerate(
            [(0, 10, "event"), (2, 8, "content"), (5, 15, "speaker"), (7, 9, "cue"), (1, 30, "ignored"), (3, 12, "content"), (0, 30, "event")]
        )
    ]
    checker = parsed(str(highlight(text, layers)))
    assert "".join(checker.text) == text
    assert sorted(checker.ids) == ["x0", "x1", "x5", "x6"]  # each anchor once


def test_title_attributes_are_escaped():
    html = str(highlight("abc", [Layer(0, 3, "cue", title='"><script>x</script>')]))
    assert html == '<span class="cue" title="&#34;&gt;&lt;script&gt;x&lt;/script&gt;">abc</span>'
