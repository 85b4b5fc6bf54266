"""Dates: many formats in, timezone-aware datetimes out; naive means UTC."""

from __future__ import annotations

import json
import time
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest_helpers import read
from newsdesk.index.whooshdb import document
from newsdesk.ingest.dates import parse_date
from newsdesk.models import Article

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


EDGES = ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "9999-12-31T23:00:00-01:00"]
"""Valid ISO dates that fall outside year 1 to 9999 once written in UTC."""


@pytest.mark.parametrize("value", EDGES)
def test_a_date_past_the_calendar_edge_is_not_understood(value: str) -> None:
    """Before, these came back as dates, and the commit's UTC conversion raised OverflowError."""
    assert parse_date(value) == (None, f"date not understood: {value!r}")


def test_a_date_at_the_calendar_edge_in_utc_is_kept() -> None:
    parsed, problem = parse_date("9999-12-31T23:59:59Z")
    assert problem is None and parsed == datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)


EDGE_FILES = {
    "a.md": f"---\ntitle: Edge\ndate: {EDGES[0]}\n---\n\nMarkdown text.\n",
    "b.json": json.dumps({"title": "Edge", "date": EDGES[1], "body": "JSON text."}),
    "c.txt": f"Title: Edge\nDate: {EDGES[0]}\n\nPlain text.\n",
    "d.rss": '<?xml version="1.0"?><rss version="2.0"><channel><title>F</title><item>'
    f"<title>Edge</title><pubDate>{EDGES[0]}</pubDate><description>Feed text.</description>"
    "</item><item><title>Edge 2</title><pubDate>Fri, 31 Dec 9999 23:59:59 -1400</pubDate>"
    "<description>More feed text.</description></item></channel></rss>",
}


@pytest.mark.parametrize("name", sorted(EDGE_FILES))
def test_an_edge_date_in_any_format_is_a_warning(tmp_path: Path, name: str) -> None:
    """The article is kept, undated, with a warning that quotes the date."""
    result = read(tmp_path, name, EDGE_FILES[name])
    assert result.articles and all(a.date is None for a in result.articles)
    assert len(result.warnings) == len(result.articles)
    assert all("date not understood: '" in w for w in result.warnings), result.warnings


def test_an_edge_date_in_html_meta_never_gives_an_unstorable_date(tmp_path: Path) -> None:
    page = (
        f'<html><head><title>Edge</title><meta property="article:published_time" '
        f'content="{EDGES[0]}"><meta name="date" content="{EDGES[1]}"></head><body><article>'
        "<p>The county fair returns this summer with many stalls, rides and food.</p>"
        "</article></body></html>"
    )
    (article,) = read(tmp_path, "e.html", page).articles
    assert article.date is None or article.date.astimezone(UTC).timestamp()


OFFSETS = st.integers(-(24 * 60 - 1), 24 * 60 - 1).map(lambda m: timezone(timedelta(minutes=m)))


NEAR_EDGES = st.one_of(
    st.datetimes(timezones=OFFSETS),
    st.datetimes(max_value=datetime(1, 1, 2), timezones=OFFSETS),
    st.datetimes(min_value=datetime(9999, 12, 30), timezones=OFFSETS),
)
"""Any date, and often one within a day of the calendar's ends, where offsets overflow."""


@given(NEAR_EDGES, st.booleans())
def test_any_datetime_with_any_offset_is_storable_or_not_understood(
    value: datetime, as_text: bool
) -> None:
    """Whatever the offset, a date that comes back can be written to the index: the Whoosh
    document is built from it as a commit builds it (that raised OverflowError)."""
    parsed, problem = parse_date(value.isoformat() if as_text else value)
    if parsed is None:
        assert problem is not None and problem.startswith("date not understood: ")
    else:
        assert problem is None and parsed == value
        document(Article("x", "title", "body", date=parsed), "x.txt", [])
        parsed.astimezone(UTC).isoformat()
