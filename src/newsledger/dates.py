"""Publication dates: normalise the ones inputs carry, and check one given by a user (--published,
a form field, a query bound). Shared by the readers, the ledger and the commands."""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from .errors import InputError

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def normalise_date(value: object) -> str | None:
    """``YYYY-MM-DD`` for an ISO 8601 date or datetime, or an RFC 2822 one (``Tue, 05 Mar 2024
    10:00:00 GMT``, as HTTP headers and feeds write them), else None.

    The date is kept as written: a time zone does not shift it to another day.
    """
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.strip()).date().isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def check_published(value: str | None, source: str = "--published") -> str | None:
    """Return ``value`` if it is a ``YYYY-MM-DD`` date (or None); raise ``InputError`` if not."""
    if value is None:
        return None
    try:
        if _DAY.fullmatch(value):
            return date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    raise InputError(
        source, f"{value!r} is not a date in YYYY-MM-DD form", "give a date such as 2024-03-05"
    )
