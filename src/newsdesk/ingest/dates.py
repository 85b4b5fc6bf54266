"""Dates from whatever a file offers: strings in many formats, epoch numbers, parsed tuples.

Every date that leaves here is timezone-aware so the index can sort and compare them.
A date without a zone is taken as UTC: archives rarely say which local time they meant,
and UTC keeps the calendar day the file shows.
"""

from __future__ import annotations

import time
import warnings
from datetime import UTC, date, datetime, timedelta, timezone

from dateutil import parser as dateparser

from newsdesk.ingest.text import one_line

_DEFAULT = datetime(2000, 1, 1)
_LONGEST = 120
_ZONES = {
    name: timezone(timedelta(hours=hours), name)
    for name, hours in {
        "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
        "PST": -8, "PDT": -7, "CET": 1, "CEST": 2, "BST": 1, "IST": 5.5, "JST": 9,
    }.items()
}  # fmt: skip


def parse_date(value: object) -> tuple[datetime | None, str | None]:
    """``(date, None)``, or ``(None, reason)`` for a value given but not understood.

    ``None`` and empty strings mean "no date" and give no reason.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    try:
        parsed = _convert(value)
    except Exception:  # dateutil raises several types for odd input; all mean "not a date"
        parsed = None
    if parsed is None or not _in_range(parsed):
        return None, f"date not understood: {one_line(_shown(value), 60)}"
    return _aware(parsed), None


def _shown(value: object) -> str:
    """The value as the file wrote it: YAML hands over dates already parsed."""
    if isinstance(value, date):
        return repr(value.isoformat())
    if isinstance(value, time.struct_time):
        return repr("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z".format(*value[:6]))
    return repr(value)


def _convert(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, time.struct_time):
        return datetime(*value[:6], tzinfo=UTC)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_epoch(float(value))
    if isinstance(value, str):
        return _from_text(value.strip())
    return None


def _from_epoch(seconds: float) -> datetime:
    """Unix time; values too large for seconds are taken as milliseconds (JavaScript)."""
    if abs(seconds) > 1e11:
        seconds /= 1000
    return datetime.fromtimestamp(seconds, tz=UTC)


def _from_text(text: str) -> datetime | None:
    """ISO 8601 strictly first (fast, unambiguous), then dateutil's general parser."""
    if len(text) > _LONGEST:
        return None
    try:
        return dateparser.isoparse(text)
    except (ValueError, OverflowError):
        pass
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return dateparser.parse(text, default=_DEFAULT, tzinfos=_ZONES)


def _in_range(value: datetime) -> bool:
    """Whether the index can hold the date: it stores UTC and seconds since 1970.

    ``9999-12-31T23:59:59-14:00`` is a valid ISO date, but in UTC it falls in year
    10000, which ``datetime`` cannot hold; ``0001-01-01T00:00:00+14:00`` falls before
    year 1. Accepted, such a date raised ``OverflowError`` in every commit of its
    batch, so nothing of the folder was ever indexed.
    """
    try:
        _aware(value).astimezone(UTC).timestamp()
    except (OverflowError, ValueError, OSError):
        return False
    return True


def _aware(value: datetime) -> datetime:
    """Naive dates are taken as UTC (see the module docstring)."""
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=UTC)
    return value
