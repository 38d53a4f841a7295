"""Publication dates: ISO dates and datetimes become YYYY-MM-DD; anything else is no date."""

import pytest

from newsledger.dates import normalise_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05", "2024-03-05"),
        ("2024-03-05T10:11:12Z", "2024-03-05"),
        ("2024-03-05T23:30:00-05:00", "2024-03-05"),  # the date as written, not shifted to UTC
        (" 2024-03-05 10:11 ", "2024-03-05"),
        ("2024-03-05T10:11:12.123456+01:00", "2024-03-05"),
        ("March 5, 2024", None),
        ("2024-13-01", None),
        ("", None),
        (None, None),
        (20240305, None),
    ],
)
def test_normalise_date(value, expected):
    assert normalise_date(value) == expected
