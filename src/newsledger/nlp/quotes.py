"""Pair quotation marks into quotes, across paragraphs, tolerating the unbalanced marks of scraped text."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..records import IgnoredSpan

OPENERS = {"“": "”", "«": "»", "„": "“", '"': '"', "''": "''", "``": "''"}
CLOSERS = {"”", "»", '"', "''"}
QUOTE_MARKS = frozenset('"“”«»„')
# Marks of two characters: the New York Times and LexisNexis copy's ''...'' and the typewriter
# (and Penn Treebank) style ``...''. An apostrophe alone is never a quotation mark here.
_DOUBLE_MARKS = ("''", "``")
_MARK = re.compile("''|``|[" + re.escape("".join(sorted(QUOTE_MARKS))) + "]")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")


@dataclass(frozen=True)
class Quote:
    """Text between quotation marks. ``parts`` are its pieces when it runs over several paragraphs."""

    start: int  # first character inside the marks
    end: int  # one past the last character inside the marks
    parts: tuple[tuple[int, int], ...]
    closed: bool  # False when no closing mark was found and the quote was closed at its paragraph's end

    def contains(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.parts)

    def overlaps(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.parts)


class IndexedQuotes(list):
    """The quotes of one text, in order, that also find the quote containing a span in log time
    (asking each quote in turn, once per token, made quote-heavy articles quadratic)."""

    def __init__(self, quotes: list[Quote]):
        super().__init__(quotes)
        parts = sorted((s, e, n) for n, q in enumerate(self) for s, e in q.parts)
        self._starts = [s for s, _, _ in parts]
        self._parts = parts
        # find_quotes makes parts that follow one another; were they to overlap, ask each quote.
        self._disjoint = all(a[1] <= b[0] for a, b in zip(parts, parts[1:])) and all(
            a.end <= b.start for a, b in zip(self, self[1:])
        )
        self._quote_starts = [q.start for q in self]
        self._ends = [q.end for q in self]

    def containing(self, start: int, end: int) -> Quote | None:
        """The first quote with a part that holds ``start:end``, as asking each in turn would give."""
        if not self._disjoint:
            return next((q for q in self if q.contains(start, end)), None)
        i = bisect.bisect_right(self._starts, start) - 1
        holders = []
        while i >= 0 and self._parts[i][1] >= start:  # disjoint: at most two parts reach start
            s, e, n = self._parts[i]
            if s <= start and end <= e:
                holders.append(n)
            i -= 1
        return self[min(holders)] if holders else None

    def overlapping(self, start: int, end: int) -> bool:
        """Some quote has a part that overlaps ``start:end``."""
        if not self._disjoint:
            return any(q.overlaps(start, end) for q in self)
        i = bisect.bisect_left(self._starts, end) - 1  # the last part starting before end
        return i >= 0 and start < self._parts[i][1]

    def part_reaching(self, start: int, end: int) -> tuple[int, int] | None:
        """The first part (in order) that starts after ``start`` and holds offset ``end``."""
        if not self._disjoint:
            return next(((s, e) for q in self for s, e in q.parts if s <= end <= e and start < s), None)
        i = bisect.bisect_right(self._starts, end) - 1
        found = None
        while i >= 0 and self._parts[i][1] >= end:  # disjoint: at most two parts hold end
            s, e, _ = self._parts[i]
            if start < s:
                found = (s, e)
            i -= 1
        return found

    def near(self, start: int, end: int, slack: int) -> range:
        """Indices of the quotes that may end within ``slack`` characters before ``start`` or
        begin within ``slack`` after ``end``, in order; a superset of those, never fewer."""
        if not self._disjoint:
            return range(len(self))
        ends = self._ends
        first = bisect.bisect_left(ends, start - slack)
        stop = bisect.bisect_right(self._quote_starts, end + slack)
        return range(first, max(first, stop))


def _paragraphs(text: str, ignored: list[IgnoredSpan]) -> list[tuple[int, int]]:
    """Paragraph spans; ignored debris lines also end a paragraph."""
    cuts = [(m.start(), m.end()) for m in _PARAGRAPH_BREAK.finditer(text)]
    cuts += [(i.start, i.end) for i in ignored]
    cuts.sort()
    paragraphs = []
    pos = 0
    for s, e in cuts:
        if s > pos:
            paragraphs.append((pos, s))
        pos = max(pos, e)
    if pos < len(text):
        paragraphs.append((pos, len(text)))
    return [(s, e) for s, e in paragraphs if text[s:e].strip()]


def _mark_at(text: str, i: int) -> str | None:
    """The quotation mark starting at ``i`` (one or two characters), or None."""
    if text.startswith(_DOUBLE_MARKS, i):
        return text[i : i + 2]
    return text[i] if text[i] in QUOTE_MARKS else None


def _is_opening(text: str, i: int, width: int = 1) -> bool:
    """For a straight mark: opening when it starts a word, i.e. follows a space or bracket and precedes text."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    if before.isspace() or before in "([{—–-:":
        return not after.isspace()
    return False


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def find_quotes(text: str, ignored: list[IgnoredSpan]) -> tuple[list[Quote], list[int]]:
    """Return the quotes and the offsets of marks that could not be paired (for warnings).

    A quote left open at the end of a paragraph continues when the next paragraph opens with a
    quotation mark (the newspaper convention); otherwise it closes at the end of its paragraph.
    """
    quotes: list[Quote] = []
    unpaired: list[int] = []
    open_at: int | None = None  # offset of the opening mark of the quote in progress
    closer = ""
    parts: list[tuple[int, int]] = []
    part_start = 0
    paragraphs = _paragraphs(text, ignored)
    for p_index, (p_start, p_end) in enumerate(paragraphs):
        first = p_start + (len(text[p_start:p_end]) - len(text[p_start:p_end].lstrip()))
        if open_at is not None:
            reopening = _mark_at(text, first)
            if reopening in OPENERS:
                part_start = first + len(reopening)  # the quote continues into this paragraph
            else:
                # Unbalanced: close the open quote at the end of its paragraph.
                quotes.append(Quote(parts[0][0], parts[-1][1], tuple(parts), closed=False))
                unpaired.append(open_at)
                open_at, parts = None, []
        i = part_start if open_at is not None else p_start
        for found in _MARK.finditer(text, i, p_end):
            i, mark = found.start(), found.group()
            width = len(mark)
            if open_at is None:
                if mark in OPENERS and (mark not in ('"', "''") or _is_opening(text, i, width)):
                    open_at, closer, part_start = i, OPENERS[mark], i + width
                elif mark == "”" and _is_opening(text, i):
                    # A closing mark where a quote opens (web copy's `”Fear. I am afraid.”`):
                    # typed for an opening one, as its place before a word shows.
                    open_at, closer, part_start = i, "”", i + 1
                else:
                    unpaired.append(i)
            elif mark == closer or (mark in CLOSERS and closer in CLOSERS):
                parts.append(_strip(text, part_start, i))
                quotes.append(Quote(parts[0][0], parts[-1][1], tuple(parts), closed=True))
                open_at, parts = None, []
        if open_at is not None:
            parts.append(_strip(text, part_start, p_end))
            if p_index == len(paragraphs) - 1:
                quotes.append(Quote(parts[0][0], parts[-1][1], tuple(parts), closed=False))
                unpaired.append(open_at)
                open_at, parts = None, []
    return [q for q in quotes if q.end > q.start], unpaired
