"""Where an event goes on the timeline: its time value when it starts with a year."""

from __future__ import annotations

from datetime import date

import pytest

from newsledger.web.timeline import place, value_date


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
