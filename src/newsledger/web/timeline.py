"""The charts, laid out for inline SVG: an entity's events on a time axis (``place``), and how many
events fall in each day, month or year for the events page (``overview``).

An event is placed by its normalised time value when that starts with a year (``2019-11-26``,
``2020-H1``, ``2019-W47``, ``2016/``), else by its article's publication date; one with neither
is listed under the chart but not drawn. Marks that would overlap in a lane are spread up and
down, up to ``STACK`` of them; more than that on one spot become one numbered mark.
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


STACK = 3  # marks one spot of a lane shows side by side; more become one mark with their count
SPOT = 8  # marks whose x is this close share a spot


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    when: date
    row: dict[str, Any]  # the (first) event it stands for
    count: int = 1  # events it stands for: more than one is a numbered mark
    last: date | None = None  # for a numbered mark, the latest of its events


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

    spots: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for row in sorted(dated, key=lambda r: r["when"]):
        spots.setdefault((row["modality"], round(x_of(row["when"]) / SPOT)), []).append(row)
    marks = []
    for (modality, _), group in spots.items():
        y = lane_y[modality]
        if len(group) > STACK:
            first_day, last_day = group[0]["when"], group[-1]["when"]
            middle = first_day + (last_day - first_day) / 2
            marks.append(Mark(x_of(middle), y, first_day, group[0], count=len(group), last=last_day))
            continue
        for n, row in enumerate(group):  # 0, above, below: never past the lane's edge
            offset = ((n + 1) // 2) * 10 * (1 if n % 2 else -1)
            marks.append(Mark(x_of(row["when"]), y + offset, row["when"], row))
    marks.sort(key=lambda mark: (mark.x, mark.y))
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


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    count: int
    label: str  # the day, month or year it counts
    since: str  # the first and last day it counts, for a link to those events
    until: str


@dataclass(frozen=True)
class Overview:
    width: int
    height: int
    bars: list[Bar]
    ticks: list[tuple[float, str]]
    axis_y: float
    left: int
    right: int
    top_count: int  # the tallest bar's count, written on the vertical axis
    unit: str  # day | month | year
    undated: int  # events with no date, not drawn


OVERVIEW_HEIGHT = 160
OVERVIEW_LEFT = 48


def overview(dates: list[tuple[str | None, int]]) -> Overview | None:
    """Bars of how many events fall in each day (a span of two months or less), month (three years
    or less) or year, from (date as stored, count) pairs; None when nothing is dated. A date the
    text gives only as a month or year counts where ``value_date`` places it."""
    counted: dict[date, int] = {}
    undated = 0
    for value, count in dates:
        day = value_date(value)
        if day is None:
            undated += count
        else:
            counted[day] = counted.get(day, 0) + count
    if not counted:
        return None
    first, last = min(counted), max(counted)
    months = (last.year - first.year) * 12 + last.month - first.month
    unit = "day" if (last - first).days <= 62 else "month" if months <= 36 else "year"
    bins: dict[date, int] = {}
    for day, count in counted.items():
        start = day if unit == "day" else date(day.year, day.month, 1) if unit == "month" else date(day.year, 1, 1)
        bins[start] = bins.get(start, 0) + count
    starts = _bin_starts(first, last, unit)
    top = max(bins.values())
    plot = WIDTH - OVERVIEW_LEFT - RIGHT
    slot = plot / len(starts)
    axis_y = OVERVIEW_HEIGHT - AXIS_ROOM
    room = axis_y - TOP
    bars = []
    for i, start in enumerate(starts):
        count = bins.get(start, 0)
        if not count:
            continue
        height = max(1.5, room * count / top)
        end = _bin_end(start, unit)
        label = start.isoformat() if unit == "day" else start.isoformat()[:7] if unit == "month" else str(start.year)
        bars.append(Bar(
            x=round(OVERVIEW_LEFT + i * slot + slot * 0.1, 1), y=round(axis_y - height, 1), width=round(max(1.0, slot * 0.8), 1),
            height=round(height, 1), count=count, label=label, since=start.isoformat(), until=end.isoformat(),
        ))
    every = max(1, -(-len(starts) // 8))
    ticks = []
    for i in range(0, len(starts), every):
        start = starts[i]
        label = start.isoformat()[5:] if unit == "day" else start.isoformat()[:7] if unit == "month" else str(start.year)
        ticks.append((round(OVERVIEW_LEFT + (i + 0.5) * slot, 1), label))
    return Overview(
        width=WIDTH, height=OVERVIEW_HEIGHT, bars=bars, ticks=ticks, axis_y=axis_y, left=OVERVIEW_LEFT, right=WIDTH - RIGHT,
        top_count=top, unit=unit, undated=undated,
    )


def _bin_starts(first: date, last: date, unit: str) -> list[date]:
    if unit == "day":
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]
    if unit == "year":
        return [date(year, 1, 1) for year in range(first.year, last.year + 1)]
    index = first.year * 12 + first.month - 1
    end = last.year * 12 + last.month - 1
    return [date(i // 12, i % 12 + 1, 1) for i in range(index, end + 1)]


def _bin_end(start: date, unit: str) -> date:
    if unit == "day":
        return start
    if unit == "year":
        return date(start.year, 12, 31)
    following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return following - timedelta(days=1)
