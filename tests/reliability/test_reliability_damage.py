"""A damaged index is named in one line, and ``newsdesk index --rebuild`` repairs it.

Whoosh files (the TOC, a segment) and the SQLite store are deleted, truncated or
overwritten. Every command then fails with one line naming ``newsdesk index --rebuild``
(never a traceback, never a silent empty result), and the rebuild recovers. Damage
that Whoosh only meets while searching (it reads segments lazily) becomes the same
``IndexDamaged`` line.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import newsdesk.entities
from newsdesk.cli import main
from newsdesk.errors import IndexDamaged
from newsdesk.index import layout, whoosh_query
from newsdesk.index.whooshdb import WhooshIndex
from newsdesk.library import Library, open_library
from newsdesk.settings import Settings
from reliability_helpers import FakeRecognizer, expected_ids, index_contents, make_corpus

REBUILD = re.compile(r"; run newsdesk index (\S+) --rebuild$")
"""The command each damage line ends with: the corpus folder named when it is known."""
READ_LAZILY = {"segment truncated", "segment emptied"}
"""Whoosh reads postings only when a search needs them: damage there is met by the first
search (and reported), not by commands that read only the store, like ``entity``."""


def _segment(gen: Path) -> Path:
    """A segment's postings: segments are written as separate files, not compound."""
    return next((gen / "whoosh").glob("*.pst"))


def _toc(gen: Path) -> Path:
    return next((gen / "whoosh").glob("*.toc"))


def _truncate(path: Path, fraction: float) -> None:
    with path.open("r+b") as fh:
        fh.truncate(int(path.stat().st_size * fraction))


def _overwrite(path: Path, fraction: float, size: int = 256) -> None:
    with path.open("r+b") as fh:
        fh.seek(int(path.stat().st_size * fraction))
        fh.write(b"\xa5" * size)


DAMAGE: dict[str, Callable[[Path], None]] = {
    "toc deleted": lambda gen: _toc(gen).unlink(),
    "toc truncated": lambda gen: _truncate(_toc(gen), 0.5),
    "segment deleted": lambda gen: _segment(gen).unlink(),
    "segment truncated": lambda gen: _truncate(_segment(gen), 0.5),
    "segment emptied": lambda gen: _truncate(_segment(gen), 0),
    "whoosh folder deleted": lambda gen: shutil.rmtree(gen / "whoosh"),
    "store truncated": lambda gen: _truncate(gen / "store.sqlite", 0.5),
    "store emptied": lambda gen: _truncate(gen / "store.sqlite", 0),
    "store deleted": lambda gen: (gen / "store.sqlite").unlink(),
    "store header overwritten": lambda gen: _overwrite(gen / "store.sqlite", 0, 100),
}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> tuple[Path, Path]:
    """(corpus, a complete index of it) to copy and damage."""
    root = tmp_path_factory.mktemp("damage")
    corpus, index_dir = root / "corpus", root / "index"
    make_corpus(corpus, 60)
    library = open_library(corpus, index_dir=index_dir, settings=settings)
    library.refresh(recognizer=FakeRecognizer())
    library.close()
    return corpus, index_dir


@pytest.fixture
def damaged_copy(pristine: tuple[Path, Path], tmp_path: Path) -> Callable[[str], Path]:
    def make(kind: str) -> Path:
        index_dir = tmp_path / "index"
        shutil.copytree(pristine[1], index_dir)
        live = layout.current_generation(index_dir)
        assert live is not None
        DAMAGE[kind](live)
        return index_dir

    return make


def cli(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result


def assert_one_line_naming_rebuild(result: Result) -> None:
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "damaged" in result.stderr and REBUILD.search(result.stderr.strip()), result.stderr


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_damage_is_one_line_and_rebuild_recovers(
    kind: str, pristine: tuple[Path, Path], damaged_copy: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    corpus = pristine[0]
    index_dir = damaged_copy(kind)
    at = ["--index", str(index_dir)]
    assert_one_line_naming_rebuild(cli(*at, "search", "story", "--corpus", str(corpus)))
    assert_one_line_naming_rebuild(cli(*at, "search", "story", "--json", "--corpus", str(corpus)))
    entity = cli(*at, "entity", "Maria Lopez", "--corpus", str(corpus))
    if kind not in READ_LAZILY:
        assert_one_line_naming_rebuild(entity)
    monkeypatch.setattr(newsdesk.entities, "Recognizer", FakeRecognizer)
    index = cli(*at, "index", str(corpus))
    if kind not in READ_LAZILY:  # an update with nothing to do never reads postings
        assert_one_line_naming_rebuild(index)
    rebuilt = cli(*at, "index", str(corpus), "--rebuild")
    assert rebuilt.exit_code == 0, rebuilt.output
    sql_ids, whoosh_ids = index_contents(index_dir)
    assert sql_ids == whoosh_ids == sorted(expected_ids(corpus))
    assert '"total": 60' in cli(*at, "search", "story", "--json", "--corpus", str(corpus)).stdout
    assert [p.name for p in index_dir.glob("gen-*")] == ["gen-000002"]


def test_a_damaged_index_still_counts_as_indexed(damaged_copy: Callable[[str], Path]) -> None:
    """So ``newsdesk PATH`` opens the reader (which reports the damage) instead of
    silently indexing everything again over it."""
    library = open_library(None, index_dir=damaged_copy("store emptied"), settings=Settings())
    try:
        assert library.is_indexed()
        with pytest.raises(IndexDamaged, match="--rebuild"):
            library.article_count()
    finally:
        library.close()


def _search_outcomes(library: Library) -> list[str]:
    """Each query's total, or "damaged"; any other exception fails the test."""
    outcomes = []
    for query in ("story", "uniq5x", "lima", '"maria lopez"', "*a*", "wor~1"):
        try:
            outcomes.append(str(library.search(query).total))
        except IndexDamaged as exc:
            assert REBUILD.search(str(exc)) and "\n" not in str(exc)
            outcomes.append("damaged")
    return outcomes


def test_garbage_inside_a_segment_is_damage_or_nothing(
    pristine: tuple[Path, Path], tmp_path: Path
) -> None:
    """Garbage written at 20 places of a segment: Whoosh opens it (its directory is
    intact), and searching either works or raises ``IndexDamaged``, nothing else. At
    least one place must surface only while searching."""
    corpus = pristine[0]
    surfaced_while_searching = 0
    for step in range(1, 21):
        index_dir = tmp_path / f"index-{step}"
        shutil.copytree(pristine[1], index_dir)
        live = layout.current_generation(index_dir)
        assert live is not None
        _overwrite(_segment(live), step / 40)
        try:
            WhooshIndex.open(live / "whoosh").close()
        except IndexDamaged:
            continue
        library = open_library(corpus, index_dir=index_dir, settings=Settings())
        try:
            surfaced_while_searching += "damaged" in _search_outcomes(library)
        finally:
            library.close()
    assert surfaced_while_searching >= 1


def test_search_time_damage_is_one_line_in_the_cli(
    pristine: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A segment that fails only once the search reads it (here: a short read)."""

    def short_read(*_args: object, **_kwargs: object) -> None:
        raise EOFError("Ran out of input")

    monkeypatch.setattr(whoosh_query, "collect", short_read)
    corpus, index_dir = pristine
    result = cli("--index", str(index_dir), "search", "story", "--corpus", str(corpus))
    assert_one_line_naming_rebuild(result)
    assert "EOFError: Ran out of input" in result.stderr


def test_a_read_racing_a_writer_is_retried_not_called_damage(
    pristine: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer may merge segments or swap generations mid-read: one failure is retried
    on a freshly opened searcher before anything is called damaged."""
    calls = []
    real = whoosh_query.collect

    def flaky(*args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) == 1:
            raise FileNotFoundError("segment merged away")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(whoosh_query, "collect", flaky)
    corpus, index_dir = pristine
    library = open_library(corpus, index_dir=index_dir, settings=Settings())
    try:
        assert library.search("story").total == 60 and len(calls) == 2
    finally:
        library.close()


def test_a_bad_query_is_never_called_damage(pristine: tuple[Path, Path]) -> None:
    corpus, index_dir = pristine
    result = cli("--index", str(index_dir), "search", '"unclosed', "--corpus", str(corpus))
    assert result.exit_code == 2 and "damaged" not in result.stderr


def test_the_reader_command_names_the_damage_in_one_line(
    pristine: tuple[Path, Path], damaged_copy: Callable[[str], Path]
) -> None:
    """``newsdesk PATH`` on a damaged index says so before any screen is drawn."""
    index_dir = damaged_copy("segment deleted")
    assert_one_line_naming_rebuild(cli("--index", str(index_dir), str(pristine[0])))


async def test_the_reader_reports_damage_met_while_open(
    pristine: tuple[Path, Path], tmp_path: Path
) -> None:
    """Damage found after start-up (a segment lost under a running reader) becomes a
    notification naming the fix; the reader stays up."""
    from newsdesk.tui.app import make_app

    index_dir = tmp_path / "index"
    shutil.copytree(pristine[1], index_dir)
    library = open_library(pristine[0], index_dir=index_dir, settings=Settings())
    app = make_app(library, library.settings, refresh_on_start=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause(0.5)
        live = layout.current_generation(index_dir)
        assert live is not None
        DAMAGE["store header overwritten"](live)
        library.close()
        await pilot.press("slash", *"story")
        for _ in range(100):
            notes = [n.message for n in app._notifications]
            if notes:
                break
            await pilot.pause(0.05)
        assert app.is_running
        assert any(REBUILD.search(text) for text in notes), notes
