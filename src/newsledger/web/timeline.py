"""The timeline chart of an entity's events: where each mark goes on a time axis, for an inline SVG.

An event is placed by its normalised time value when that starts with a year (``2019-11-26``,
``2020-H1``, ``2019-W47``, ``2016/``), else by its article's publication date; one with neither
is listed under the chart but not drawn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from newsledger.records import MODALITIES

WIDTH = 800
LEFT, RIGHT = 110, 20  # room for the lane names, and for the last mark
LANE_HEIGHT = 34
TOP, AXIS_ROOM = 14, 34
_VALUE = re.compile(
    r"^(?P<year>\d{4})"
    r"(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?"
    r"|-W(?P<week>\d{2})(?:-(?P<weekday>[1-7]|WE))?"
    r"|-H(?P<half>[12])|-Q(?P<quarter>[1-4])|-(?P<season>SP|SU|FA|WI))?"
)
_SEASONS = {"SP": (4, 15), "SU": (7, 15), "FA": (10, 15)}


def value_date(value: str | None) -> date | None:
    """A point for a TIMEX3-style value that starts with a year: the day itself, else the middle of
    the month, week, quarter, season, half or year it names; for a period, its start."""
    if not value:
        return None
    match = _VALUE.match(value)
    if match is None:
        return None
    g = match.groupdict()
    year = int(g["year"])
    try:
        if g["month"]:
            return date(year, int(g["month"]), int(g["day"]) if g["day"] else 15)
        if g["week"]:
            weekday = g["weekday"]
            day = 6 if weekday == "WE" else int(weekday) if weekday else 4
            return date.fromisocalendar(year, int(g["week"]), day)
        if g["half"]:
            return date(year, 4 if g["half"] == "1" else 10, 1)
        if g["quarter"]:
            return date(year, 3 * int(g["quarter"]) - 1, 15)
        if g["season"]:
            if g["season"] == "WI":  # the winter that starts in December of that year
                return date(year + 1, 1, 15)
            return date(year, *_SEASONS[g["season"]])
        return date(year, 7, 2)
    except ValueError:  # a month 13 or week 54 in a hand-written record: place it by its year
        return date(year, 7, 2)


def published_date(published: str | None) -> date | None:
    try:
        return date.fromisoformat(published) if published else None
    except ValueError:
        return None


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    when: date
    row: dict[str, Any]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    lanes: list[tuple[str, float]]  # modality, y of its lane
    ticks: list[tuple[float, str]]  # x, label
    marks: list[Mark]
    axis_y: float
    left: int
    right: int


def place(rows: list[dict[str, Any]]) -> Chart | None:
    """Lay out one mark per dated row (each has ``when``: a date or None, and ``modality``); None when no row is dated."""
    dated = [row for row in rows if row["when"] is not None]
    if not dated:
        return None
    modalities = [m for m in MODALITIES if any(row["modality"] == m for row in dated)]
    modalities += sorted({row["modality"] for row in dated} - set(modalities))
    lane_y = {m: TOP + LANE_HEIGHT * (i + 0.5) for i, m in enumerate(modalities)}
    first = min(row["when"] for row in dated)
    last = max(row["when"] for row in dated)
    first, last = first - timedelta(days=20), last + timedelta(days=20)
    span = (last - first).days
    height = TOP + LANE_HEIGHT * len(modalities) + AXIS_ROOM

    def x_of(day: date) -> float:
        return round(LEFT + (WIDTH - LEFT - RIGHT) * (day - first).days / span, 1)

    marks = []
    taken: dict[tuple[str, float], int] = {}
    for row in sorted(dated, key=lambda r: r["when"]):
        x = x_of(row["when"])
        slot = (row["modality"], round(x / 8))  # marks that would touch are spread up and down
        n = taken.get(slot, 0)
        taken[slot] = n + 1
        offset = ((n + 1) // 2) * 8 * (1 if n % 2 else -1)
        marks.append(Mark(x, lane_y[row["modality"]] + max(-14, min(14, offset)), row["when"], row))
    axis_y = TOP + LANE_HEIGHT * len(modalities) + 4
    return Chart(
        width=WIDTH,
        height=height,
        lanes=[(m, y) for m, y in lane_y.items()],
        ticks=[(x_of(day), label) for day, label in _ticks(first, last)],
        marks=marks,
        axis_y=axis_y,
        left=LEFT,
        right=WIDTH - RIGHT,
    )


def _ticks(first: date, last: date) -> list[tuple[date, str]]:
    """Tick marks on the first day of months, every 1, 2, 3, 6 months or 1, 2, 5, 10 years: at most 8."""
    months = (last.year - first.year) * 12 + last.month - first.month
    step = next((s for s in (1, 2, 3, 6, 12, 24, 60, 120) if months / s <= 8), 240)
    ticks = []
    index = first.year * 12 + first.month  # months since year 0, of the month after `first`
    while True:
        year, month0 = divmod(index, 12)
        day = date(year, month0 + 1, 1)
        if day > last:
            break
        if (year * 12 + month0) % step == 0:
            ticks.append((day, str(year) if step >= 12 else f"{year}-{month0 + 1:02d}"))
        index += 1
    return ticks
