"""Where an event goes on the timeline: its time value when it starts with a year."""

from __future__ import annotations

from datetime import date

import pytest

from newsledger.web.timeline import LANE_HEIGHT, TOP, overview, place, value_date


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2019-11-26", date(2019, 11, 26)),
        ("2019-11", date(2019, 11, 15)),
        ("2019", date(2019, 7, 2)),
        ("2020-H1", date(2020, 4, 1)),
        ("2020-H2", date(2020, 10, 1)),
        ("2019-Q3", date(2019, 8, 15)),
        ("2019-W47", date(2019, 11, 21)),
        ("2019-W47-2", date(2019, 11, 19)),
        ("2019-W47-WE", date(2019, 11, 23)),
        ("2020-SU", date(2020, 7, 15)),
        ("2019-WI", date(2020, 1, 15)),
        ("2016/", date(2016, 7, 2)),
        ("2019-11-01/2019-11-28", date(2019, 11, 1)),
        ("2019-13", date(2019, 7, 2)),  # no such month: placed by its year
        ("/2025", None),
        ("XXXX-11", None),
        ("199X", None),
        ("PAST_REF", None),
        ("", None),
        (None, None),
    ],
)
def test_value_date(value, expected):
    assert value_date(value) == expected


def test_marks_lie_on_the_axis_in_time_order_one_lane_per_modality():
    rows = [
        {"when": date(2019, 1, 1), "modality": "asserted"},
        {"when": date(2020, 1, 1), "modality": "planned"},
        {"when": None, "modality": "hoped"},
        {"when": date(2019, 6, 1), "modality": "asserted"},
    ]
    chart = place(rows)
    assert [m for m, _ in chart.lanes] == ["asserted", "planned"]
    xs = [mark.x for mark in chart.marks]
    assert xs == sorted(xs) and chart.left < xs[0] and xs[-1] < chart.right
    assert len(chart.marks) == 3  # the undated one is in the table only
    assert [label for _, label in chart.ticks][:3] == ["2019-01", "2019-03", "2019-05"]


def test_nothing_dated_gives_no_chart():
    assert place([{"when": None, "modality": "asserted"}]) is None


def test_up_to_three_marks_on_one_spot_sit_side_by_side_within_their_lane():
    rows = [{"when": date(2019, 1, 1), "modality": "asserted", "n": n} for n in range(3)]
    chart = place(rows + [{"when": date(2020, 1, 1), "modality": "asserted", "n": 3}])
    (_, lane_y), = chart.lanes
    on_day = [mark for mark in chart.marks if mark.when == date(2019, 1, 1)]
    assert len(on_day) == 3 and all(mark.count == 1 for mark in on_day)
    assert len({mark.y for mark in on_day}) == 3  # none on top of another
    assert all(abs(mark.y - lane_y) + 6 <= LANE_HEIGHT / 2 for mark in on_day)  # nor out of the lane


@pytest.mark.parametrize("many", [4, 40, 400])
def test_more_on_one_spot_become_one_numbered_mark(many):
    rows = [{"when": date(2019, 11, 26), "modality": "planned", "n": n} for n in range(many)]
    rows.append({"when": date(2019, 11, 26), "modality": "asserted", "n": -1})
    rows.append({"when": date(2020, 6, 1), "modality": "planned", "n": -2})
    chart = place(rows)
    numbered = [mark for mark in chart.marks if mark.count > 1]
    assert [(m.count, m.when, m.last, m.row["modality"]) for m in numbered] == [(many, date(2019, 11, 26), date(2019, 11, 26), "planned")]
    assert len(chart.marks) == 3  # the numbered one, the asserted one that day, and the later one
    assert sum(mark.count for mark in chart.marks) == many + 2


def test_overview_bins_by_day_month_or_year_with_the_undated_counted_apart():
    by_day = overview([("2019-11-26", 3), ("2019-11-28", 1), (None, 5)])
    assert by_day.unit == "day" and by_day.undated == 5
    assert [(b.label, b.count, b.since, b.until) for b in by_day.bars] == [
        ("2019-11-26", 3, "2019-11-26", "2019-11-26"), ("2019-11-28", 1, "2019-11-28", "2019-11-28"),
    ]
    tallest = max(by_day.bars, key=lambda b: b.height)
    assert tallest.count == 3 and tallest.y == TOP and by_day.top_count == 3
    by_month = overview([("2019-11-26", 2), ("2019-11", 1), ("2020-02-29", 4), ("PAST_REF", 1)])
    assert by_month.unit == "month" and by_month.undated == 1
    assert [(b.label, b.count, b.until) for b in by_month.bars] == [("2019-11", 3, "2019-11-30"), ("2020-02", 4, "2020-02-29")]
    by_year = overview([("2015", 1), ("2019-11-26", 2), ("2019-W47", 1)])
    assert by_year.unit == "year"
    assert [(b.label, b.count, b.since, b.until) for b in by_year.bars] == [("2015", 1, "2015-01-01", "2015-12-31"), ("2019", 3, "2019-01-01", "2019-12-31")]
    xs = [b.x for b in by_year.bars]
    assert xs == sorted(xs) and by_year.left <= xs[0] and xs[-1] + by_year.bars[-1].width <= by_year.right


def test_no_dated_event_gives_no_overview():
    assert overview([(None, 3), ("PRESENT_REF", 1)]) is None
    assert overview([]) is None
