"""An index made by the previous schema (4, full-precision dates, no field of word
beginnings) after the upgrade to 5 (issue #15): it still answers every search while
its rebuild runs aside, and the indexing run says in one line why it rebuilds.

``tests/data/schema4`` is a real index of three articles (in ``corpus/``) built by
newsdesk at schema 4 (commit 5893ecd), Whoosh files and SQLite store as written then.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from newsdesk.cli import main
from newsdesk.index import layout
from newsdesk.index.generation import compatible, schema_of
from newsdesk.index.schema import SCHEMA_VERSION
from newsdesk.library import Library
from newsdesk.settings import Settings

DATA = Path(__file__).parent.parent / "data" / "schema4"
QUERIES = {
    "harbour": {"Quay lights repaired before winter", "Ferry timetable changes in spring"},
    "harb*": {"Quay lights repaired before winter", "Ferry timetable changes in spring"},
    "doc*": {"Library opens a reading room by the docks"},
    "date:2021": {"Quay lights repaired before winter"},
    "date:>2020-01-01 harbour": {"Quay lights repaired before winter"},
    "date:[2019 to 2021-12] -ferry": {"Quay lights repaired before winter"},
    "date:<2019-11-19": set(),
    "date:<2019-11-20": {"Ferry timetable changes in spring"},  # the day itself is in
}


@pytest.fixture
def old(schema4_index: tuple[Path, Path]) -> tuple[Path, Path]:
    return schema4_index


@pytest.fixture
def library(old: tuple[Path, Path], settings: Settings) -> Library:
    index_dir, corpus = old
    return Library(index_dir, corpus, settings)


def answers(library: Library) -> dict[str, set[str]]:
    return {q: {h.summary.title for h in library.search(q, limit=10).hits} for q in QUERIES}


def test_the_fixture_is_an_older_schema(old: tuple[Path, Path]) -> None:
    assert schema_of(old[0] / "gen-000001") == "4" != str(SCHEMA_VERSION)


def test_an_older_index_still_answers_every_search(library: Library) -> None:
    """Before, it said "not indexed" until rebuilt: an hour's wait at 100,000 articles."""
    assert answers(library) == QUERIES
    assert library.search("harbour", exact=False).total == 2


def test_the_rebuild_is_announced_in_one_line(library: Library) -> None:
    why = library.rebuild_reason()
    assert why is not None and "\n" not in why
    assert "older newsdesk" in why and "by day" in why


def test_indexing_rebuilds_aside_and_answers_the_same(library: Library) -> None:
    before = layout.live_generation(library.index_dir)
    report = library.refresh()
    after = layout.live_generation(library.index_dir)
    assert report.added == 3
    assert after is not None and after != before and compatible(after)
    assert answers(library) == QUERIES
    assert library.rebuild_reason() is None


def test_the_index_command_says_why_before_it_rebuilds(old: tuple[Path, Path]) -> None:
    index_dir, corpus = old
    result = CliRunner().invoke(main, ["--index", str(index_dir), "index", str(corpus)])
    assert result.exit_code == 0, result.output
    assert "older newsdesk" in result.stderr
    assert "added 3" in result.stdout
