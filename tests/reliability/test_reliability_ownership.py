"""``newsdesk index`` deletes only what it made, and never adopts someone else's folder.

The index folder may be one the user named (``--index``, ``NEWSDESK_INDEX``). The rule
(``newsdesk.index.layout``): a generation is newsdesk's when it is a real folder named
``gen-`` and six or more digits with the ``NEWSDESK`` marker inside; only those are
deleted. A folder is adopted as an index when it is empty, already marked, or holds
only what the previous release made; any other is refused in one line, untouched.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from damage_helpers import assert_one_line, build_index, cli, copy_index, tree
from newsdesk.index import layout
from newsdesk.settings import Settings
from reliability_helpers import expected_ids, index_contents, make_corpus


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> tuple[Path, Path]:
    return build_index(tmp_path_factory.mktemp("owned"), settings)


def _photos(folder: Path) -> Path:
    """Somebody's own folder, named like a generation might be."""
    folder.mkdir(parents=True)
    (folder / "cat.jpg").write_bytes(b"\xff\xd8 a cat")
    return folder


def test_a_folder_with_other_files_is_refused_untouched(tmp_path: Path) -> None:
    """``NEWSDESK_INDEX=~/stuff`` with ``~/stuff/gen-photos/``: the photos stay, nothing
    is written there, and the one line says why. (The old code deleted the photos.)"""
    corpus, stuff = tmp_path / "corpus", tmp_path / "stuff"
    make_corpus(corpus, 3)
    _photos(stuff / "gen-photos")
    (stuff / "notes.txt").write_text("mine\n", encoding="utf-8")
    before = tree(stuff)
    for args in (["index", str(corpus)], ["index", str(corpus), "--rebuild"], [str(corpus)]):
        assert_one_line(cli("--index", str(stuff), *args), "not a newsdesk index", str(stuff))
    assert tree(stuff) == before


@pytest.mark.parametrize("entry", ["gen-photos", "gen-000007"])
def test_a_lone_folder_named_like_a_generation_is_refused(tmp_path: Path, entry: str) -> None:
    """Even one entry that looks like ours is not adopted when newsdesk did not make it."""
    corpus, stuff = tmp_path / "corpus", tmp_path / "stuff"
    make_corpus(corpus, 3)
    _photos(stuff / entry)
    before = tree(stuff)
    assert_one_line(cli("--index", str(stuff), "index", str(corpus)), "not a newsdesk index")
    assert tree(stuff) == before


def test_a_lone_file_named_current_is_not_an_index(tmp_path: Path) -> None:
    """Adopting needs a generation the previous release built, not just its file names."""
    corpus, stuff = tmp_path / "corpus", tmp_path / "stuff"
    make_corpus(corpus, 2)
    stuff.mkdir()
    (stuff / "CURRENT").write_text("my current affairs notes\n", encoding="utf-8")
    before = tree(stuff)
    assert_one_line(cli("--index", str(stuff), "index", str(corpus)), "not a newsdesk index")
    assert tree(stuff) == before


def test_a_file_as_index_folder_is_one_line(tmp_path: Path) -> None:
    corpus, where = tmp_path / "corpus", tmp_path / "index"
    make_corpus(corpus, 2)
    where.write_text("not a folder\n", encoding="utf-8")
    assert_one_line(cli("--index", str(where), "index", str(corpus)), "not a folder")
    assert where.read_text(encoding="utf-8") == "not a folder\n"


def test_what_the_user_puts_in_an_index_folder_survives_every_run(
    pristine: tuple[Path, Path], tmp_path: Path
) -> None:
    """Folders named like generations but not made by newsdesk (no marker, a symlink to a
    folder elsewhere) outlive an update and two rebuilds, which do remove newsdesk's own
    old generations."""
    corpus = pristine[0]
    index_dir, _ = copy_index(pristine[1], tmp_path / "index")
    _photos(index_dir / "gen-photos")
    _photos(index_dir / "gen-000099")
    elsewhere = _photos(tmp_path / "elsewhere")
    (index_dir / "gen-000098").symlink_to(elsewhere, target_is_directory=True)
    theirs = {name: tree(index_dir / name) for name in ("gen-photos", "gen-000099")}
    outside = tree(elsewhere)
    for extra in ([], ["--rebuild"], ["--rebuild"]):
        result = cli("--index", str(index_dir), "index", str(corpus), *extra)
        assert result.exit_code == 0, result.output
    assert {name: tree(index_dir / name) for name in theirs} == theirs
    assert tree(elsewhere) == outside and (index_dir / "gen-000098").is_symlink()
    ours = [p.name for p in index_dir.glob("gen-*") if layout.owned(p)]
    assert ours == [layout.current_generation(index_dir).name]  # type: ignore[union-attr]
    sql_ids, whoosh_ids = index_contents(index_dir)
    assert sql_ids == whoosh_ids == sorted(expected_ids(corpus))


def _as_previous_release(index_dir: Path) -> None:
    """What the previous release left: no markers anywhere, and the half-built
    generation of a rebuild it was killed in."""
    for marker in index_dir.rglob(layout.MARKER):
        marker.unlink()
    live = layout.current_generation(index_dir)
    assert live is not None
    half_built = index_dir / f"gen-{int(live.name[4:]) + 1:06d}"
    shutil.copytree(live, half_built)
    (half_built / "whoosh" / ".newsdesk-digests.json").unlink(missing_ok=True)


def test_an_index_from_the_previous_release_is_adopted(
    pristine: tuple[Path, Path], tmp_path: Path
) -> None:
    """It opens and updates as before, its generations are marked (so the killed
    rebuild's leftover is cleaned up) and a rebuild leaves one generation."""
    corpus = pristine[0]
    index_dir, live = copy_index(pristine[1], tmp_path / "index")
    _as_previous_release(index_dir)
    search = cli("--index", str(index_dir), "search", "story", "--corpus", str(corpus))
    assert search.exit_code == 0 and "24 articles match" in search.stdout
    updated = cli("--index", str(index_dir), "index", str(corpus))
    assert updated.exit_code == 0 and "unchanged 24" in updated.stdout, updated.output
    assert (index_dir / layout.MARKER).is_file() and layout.owned(live)
    assert [p.name for p in index_dir.glob("gen-*")] == [live.name]
    rebuilt = cli("--index", str(index_dir), "index", str(corpus), "--rebuild")
    assert rebuilt.exit_code == 0, rebuilt.output
    left = list(index_dir.glob("gen-*"))
    assert len(left) == 1 and left[0] != live and layout.owned(left[0])


@pytest.mark.parametrize("state", ["missing", "empty"])
def test_a_new_or_empty_folder_becomes_an_index(tmp_path: Path, state: str) -> None:
    corpus, index_dir = tmp_path / "corpus", tmp_path / "deep" / "index"
    make_corpus(corpus, 3)
    if state == "empty":
        index_dir.mkdir(parents=True)
    result = cli("--index", str(index_dir), "index", str(corpus))
    assert result.exit_code == 0, result.output
    live = layout.current_generation(index_dir)
    assert live is not None and layout.owned(live) and (index_dir / layout.MARKER).is_file()


def test_an_empty_generation_left_by_a_kill_is_removed_and_nothing_else(tmp_path: Path) -> None:
    """A run killed between creating a generation's folder and writing its marker leaves
    it empty: ``rmdir`` removes it; the same name holding a file is kept."""
    index_dir = tmp_path / "index"
    layout.claim(index_dir)
    (index_dir / "gen-000001").mkdir()
    _photos(index_dir / "gen-000002")
    layout.discard_unpublished(index_dir)
    assert sorted(p.name for p in index_dir.glob("gen-*")) == ["gen-000002"]
