"""Dates: many formats in, timezone-aware datetimes out; naive means UTC."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from ingest_helpers import read
from newsdesk.ingest.dates import parse_date

JUNE_15 = datetime(2021, 6, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-06-15", JUNE_15),
        ("15 June 2021", JUNE_15),
        ("June 15, 2021", JUNE_15),
        ("2021-06-15T10:30:00", datetime(2021, 6, 15, 10, 30, tzinfo=UTC)),
        ("2021-06-15T10:30:00Z", datetime(2021, 6, 15, 10, 30, tzinfo=UTC)),
        (
            "2021-06-15T10:30:00+02:00",
            datetime(2021, 6, 15, 10, 30, tzinfo=timezone(timedelta(hours=2))),
        ),
        ("Tue, 15 Jun 2021 10:30:00 GMT", datetime(2021, 6, 15, 10, 30, tzinfo=UTC)),
        ("Tue, 15 Jun 2021 10:30:00 -0400", datetime(2021, 6, 15, 14, 30, tzinfo=UTC)),
        ("Tue, 15 Jun 2021 05:30:00 EST", datetime(2021, 6, 15, 10, 30, tzinfo=UTC)),
        (1623715200, JUNE_15),
        (1623715200000, JUNE_15),
        (date(2021, 6, 15), JUNE_15),
        (datetime(2021, 6, 15), JUNE_15),
        (time.struct_time((2021, 6, 15, 0, 0, 0, 1, 166, 0)), JUNE_15),
    ],
)
def test_formats(value: object, expected: datetime) -> None:
    parsed, problem = parse_date(value)
    assert problem is None
    assert parsed == expected
    assert parsed is not None and parsed.tzinfo is not None


def test_naive_dates_are_utc() -> None:
    parsed, _ = parse_date("2021-06-15 23:59")
    assert parsed is not None
    assert parsed.utcoffset() == timedelta(0)
    assert parsed.day == 15


@pytest.mark.parametrize("value", [None, "", "   "])
def test_missing_dates_are_silent(value: object) -> None:
    assert parse_date(value) == (None, None)


@pytest.mark.parametrize(
    "value", ["next tuesday", "2021-13-45", "x" * 5000, True, [2021, 6, 15], 1e300]
)
def test_unparseable_dates_give_a_reason(value: object) -> None:
    parsed, problem = parse_date(value)
    assert parsed is None
    assert problem is not None and problem.startswith("date not understood: ")
    assert len(problem) < 100 and "\n" not in problem


def test_date_in_an_article_is_aware(tmp_path: Path) -> None:
    result = read(tmp_path, "a.txt", "Date: 2021-06-15 08:00\n\nText.\n")
    assert result.articles[0].date == datetime(2021, 6, 15, 8, tzinfo=UTC)
