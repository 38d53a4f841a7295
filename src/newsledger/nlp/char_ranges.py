"""A fixed set of character ranges (the ignored debris lines) that answers "is this inside one?"
in log time, so that checking every token of an article costs O(n log n), not O(n * lines)."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from itertools import accumulate


class CharRanges:
    """Half-open ``(start, end)`` ranges, in any order, overlapping or not.

    Sorted by start, with the running maximum of their ends: the ranges that start at or before
    a point are a prefix, and the furthest any of them reaches is one lookup. Every answer is
    exactly what ``any(...)`` over the ranges would give.
    """

    def __init__(self, ranges: Iterable[tuple[int, int]]):
        ordered = sorted(ranges)
        self._starts = [start for start, _ in ordered]
        self._reach = list(accumulate((end for _, end in ordered), max))

    def __bool__(self) -> bool:
        return bool(self._starts)

    def _furthest_end(self, count: int) -> int | None:
        """The furthest end among the first ``count`` ranges (by start), None if there are none."""
        return self._reach[count - 1] if count else None

    def covers(self, offset: int) -> bool:
        """Some range has ``start <= offset < end``."""
        end = self._furthest_end(bisect.bisect_right(self._starts, offset))
        return end is not None and offset < end

    def contains(self, start: int, end: int) -> bool:
        """Some range has ``range.start <= start and end <= range.end``."""
        reach = self._furthest_end(bisect.bisect_right(self._starts, start))
        return reach is not None and end <= reach

    def overlaps(self, start: int, end: int) -> bool:
        """Some range has ``range.start < end and start < range.end``."""
        reach = self._furthest_end(bisect.bisect_left(self._starts, end))
        return reach is not None and start < reach
