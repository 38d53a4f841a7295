"""The article text as HTML: every piece escaped, overlapping spans nested into balanced markup."""

from __future__ import annotations

import time
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


def reference_highlight(text: str, layers: list[Layer]) -> str:
    """The first highlight, which asked every layer for every piece: slow, but plainly right."""
    from itertools import pairwise

    from markupsafe import escape

    from newsledger.web.markup import NESTING

    kept = [Layer(max(0, l.start), min(len(text), l.end), l.css, l.anchor, l.title) for l in layers]
    kept = [l for l in kept if l.start < l.end]
    kept.sort(key=lambda l: (NESTING.index(l.css) if l.css in NESTING else len(NESTING), l.start, -l.end))
    bounds = sorted({0, len(text)} | {l.start for l in kept} | {l.end for l in kept})
    anchored: set[str] = set()

    def opening(layer: Layer, start: int) -> str:
        attributes = f' class="{escape(layer.css)}"'
        if layer.anchor is not None and layer.start == start and layer.anchor not in anchored:
            anchored.add(layer.anchor)
            attributes += f' id="{escape(layer.anchor)}"'
        if layer.title:
            attributes += f' title="{escape(layer.title)}"'
        return f"<span{attributes}>"

    pieces = []
    for start, end in pairwise(bounds):
        active = [l for l in kept if l.start <= start and end <= l.end]
        pieces += [opening(l, start) for l in active] + [str(escape(text[start:end])), "</span>" * len(active)]
    return "".join(pieces)


def test_highlight_writes_what_the_first_version_wrote_for_any_overlap():
    import random

    rng = random.Random(25)
    text = 'Pompeo said "<b>we</b> & they" agreed.\n\nLopez added that it was done. <i>x</i>'
    kinds = ["event", "ignored", "content", "speaker", "cue", "other"]
    for _ in range(300):
        layers = []
        for n in range(rng.randint(0, 12)):
            start = rng.randint(-3, len(text) + 2)
            css = rng.choice(kinds)
            layers.append(Layer(start, start + rng.randint(-2, 40), css, rng.choice([None, f"a{n}", "a0"]), rng.choice([None, f"t{n}"])))
        assert str(highlight(text, layers)) == reference_highlight(text, layers), layers


def _quotes_article(count: int) -> tuple[str, list[Layer]]:
    parts, layers, offset = [], [], 0
    for n in range(count):
        quote = f'"No {n}," he said. '
        layers += [
            Layer(offset + 1, offset + quote.index(","), "content", f"s{n}", f"s{n}: he, direct"),
            Layer(offset + quote.index("he"), offset + quote.index("he") + 2, "speaker", title=f"s{n}: he, direct"),
            Layer(offset + quote.index("said"), offset + quote.index("said") + 4, "cue", title=f"s{n}: he, direct"),
        ]
        parts.append(quote)
        offset += len(quote)
    text = "".join(parts)
    layers.append(Layer(0, len(text), "event", "v1"))
    return text, layers


def test_an_article_of_50000_statements_is_highlighted_in_linear_time():
    # Found: 850 KB of short quotes took over 18 minutes to show, every piece asking every layer.
    # Ten times the statements must cost about ten times the CPU, not a hundred (a ratio, so that a
    # loaded machine does not fail it; bench/web_load.py times the page itself).
    def cost(count: int) -> tuple[float, str]:
        text, layers = _quotes_article(count)
        started = time.process_time()
        html = str(highlight(text, layers))
        return time.process_time() - started, html

    small, _ = min((cost(5_000) for _ in range(2)), key=lambda r: r[0])
    large, html = cost(50_000)
    assert large < 25 * max(small, 0.01), f"5,000 statements {small:.2f} s, 50,000 {large:.2f} s"
    assert html.count('<span class="content" id="s') == 50_000
    assert html.startswith('<span class="event" id="v1">&#34;</span><span class="event"><span class="content" id="s0" title="s0: he, direct">No 0</span></span>')
