"""No silent empty answers: a folder never indexed says "not indexed", a damaged
``CURRENT`` or a changed Whoosh file says "damaged", and ``newsdesk index`` checks
the files searches will read before it reports "unchanged".

Before: each case below answered "0 articles match" with exit status 0 (or, for a
``CURRENT`` pointing out of the index folder, searched someone else's files), and a
postings file with flipped bytes passed ``newsdesk index`` as "unchanged".
"""

from __future__ import annotations

import random
import shlex
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from damage_helpers import assert_one_line, build_index, cli, copy_index, flip_bytes, tree
from newsdesk.errors import IndexDamaged
from newsdesk.index import layout
from newsdesk.settings import Settings
from reliability_helpers import make_corpus

COUNT = 24


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> tuple[Path, Path]:
    return build_index(tmp_path_factory.mktemp("answers"), settings, COUNT)


def _reads(index: Path, corpus: Path) -> dict[str, list[str]]:
    """Every command that reads an index, by name."""
    at, of = ["--index", str(index)], ["--corpus", str(corpus)]
    return {
        "search": [*at, "search", "story", *of],
        "search --json": [*at, "search", "story", "--json", *of],
        "entity": [*at, "entity", "Maria Lopez", *of],
    }


# --- not indexed ----------------------------------------------------------------------
def _never(root: Path) -> Path:
    return root / "never"


def _empty(root: Path) -> Path:
    (root / "empty").mkdir()
    return root / "empty"


def _unpublished(root: Path) -> Path:
    """A first build killed before it published: generations, no ``CURRENT``."""
    index = root / "unpublished"
    layout.claim(index)
    layout.new_generation(index)
    return index


NOT_INDEXED: dict[str, Callable[[Path], Path]] = {
    "folder missing": _never, "folder empty": _empty, "no CURRENT yet": _unpublished,
}  # fmt: skip


@pytest.mark.parametrize("kind", list(NOT_INDEXED))
def test_a_folder_never_indexed_says_so(
    kind: str, pristine: tuple[Path, Path], tmp_path: Path
) -> None:
    corpus = pristine[0]
    index = NOT_INDEXED[kind](tmp_path)
    for args in _reads(index, corpus).values():
        assert_one_line(cli(*args), "not indexed", f"run newsdesk index {corpus}")


def test_a_corpus_never_indexed_in_the_default_place_says_so(tmp_path: Path) -> None:
    """No ``--index``: the corpus's own folder in the data dir does not exist yet."""
    corpus = tmp_path / "other corpus"
    corpus.mkdir()
    for args in (["search", "story"], ["entity", "Maria Lopez"]):
        result = cli(*args, "--corpus", str(corpus))
        assert_one_line(result, "not indexed", f"newsdesk index {shlex.quote(str(corpus))}")


# --- a damaged CURRENT ------------------------------------------------------------------
def _outside(index: Path) -> Path:
    """A whole copy of the live generation outside the index folder."""
    live = layout.current_generation(index)
    assert live is not None
    copy = index.parent / "outside"
    shutil.copytree(live, copy)
    return copy


def _symlink_out(index: Path, outside: Path) -> str:
    (index / "gen-000009").symlink_to(outside, target_is_directory=True)
    return "gen-000009\n"


BAD_CURRENT: dict[str, Callable[[Path, Path], str | bytes]] = {
    "empty": lambda index, outside: "",
    "garbage": lambda index, outside: b"\x00\xff\x1b[2Jgarbage\n",
    "a missing generation": lambda index, outside: "gen-000042\n",
    "a parent path": lambda index, outside: "../outside\n",
    "a path out through a generation": lambda index, outside: "gen-000001/../../outside\n",
    "an absolute path": lambda index, outside: f"{outside}\n",
    "a symlink out": _symlink_out,
}


@pytest.mark.parametrize("kind", list(BAD_CURRENT))
def test_a_damaged_current_is_damage_and_rebuild_repairs_it(
    kind: str, pristine: tuple[Path, Path], tmp_path: Path
) -> None:
    corpus = pristine[0]
    index, _ = copy_index(pristine[1], tmp_path / "index")
    outside = _outside(index)
    text = BAD_CURRENT[kind](index, outside)
    current = index / layout.CURRENT
    current.write_bytes(text if isinstance(text, bytes) else text.encode())
    before = tree(outside)
    fix = f"run newsdesk index {corpus} --rebuild"
    for args in _reads(index, corpus).values():
        assert_one_line(cli(*args), "damaged", "CURRENT", fix)
    assert_one_line(cli("--index", str(index), "index", str(corpus)), "damaged", fix)
    assert_one_line(cli("--index", str(index), str(corpus)), "damaged", fix)  # the reader
    assert cli("--index", str(index), "index", str(corpus), "--rebuild").exit_code == 0
    found = cli(*_reads(index, corpus)["search"])
    assert found.exit_code == 0 and f"{COUNT} articles match" in found.stdout
    assert tree(outside) == before, "a generation outside the index folder was touched"


# --- Whoosh files changed after they were written -----------------------------------------
def _whoosh_files(index: Path) -> list[Path]:
    live = layout.current_generation(index)
    assert live is not None
    return sorted(p for p in (live / "whoosh").iterdir() if p.name.endswith((".pst", ".trm")))


@pytest.mark.parametrize("seed", range(4))
def test_index_finds_flipped_bytes_in_any_whoosh_file_search_reads(
    seed: int, pristine: tuple[Path, Path], tmp_path: Path
) -> None:
    """The postings and terms files, at seeded places: ``newsdesk index`` used to say
    "unchanged"; now it names the file and the rebuild, and the rebuild repairs."""
    corpus = pristine[0]
    index, _ = copy_index(pristine[1], tmp_path / "index")
    rng = random.Random(seed)
    for path in _whoosh_files(index):
        flip_bytes(path, rng.randrange(path.stat().st_size), rng)
    result = cli("--index", str(index), "index", str(corpus))
    assert_one_line(result, "damaged", "digest differs", f"newsdesk index {corpus} --rebuild")
    assert cli("--index", str(index), "index", str(corpus), "--rebuild").exit_code == 0
    assert "unchanged 24" in cli("--index", str(index), "index", str(corpus)).stdout


def test_an_index_without_digests_gets_them_and_is_then_checked(
    pristine: tuple[Path, Path], tmp_path: Path
) -> None:
    """An index from the previous release has no digests: the next run records what is
    there (there is nothing to compare with), later runs check against that."""
    from newsdesk.index.whooshdb import DIGESTS

    corpus = pristine[0]
    index, live = copy_index(pristine[1], tmp_path / "index")
    (live / "whoosh" / DIGESTS).unlink()
    assert "unchanged 24" in cli("--index", str(index), "index", str(corpus)).stdout
    assert (live / "whoosh" / DIGESTS).is_file()
    postings = _whoosh_files(index)[0]
    flip_bytes(postings, postings.stat().st_size // 2, random.Random(7))
    assert_one_line(cli("--index", str(index), "index", str(corpus)), "damaged", postings.name)


def test_digests_follow_updates(pristine: tuple[Path, Path], tmp_path: Path) -> None:
    """Files an update adds are recorded when committed, so the next run checks them."""
    corpus = tmp_path / "corpus"
    shutil.copytree(pristine[0], corpus)
    index, _ = copy_index(pristine[1], tmp_path / "index")
    assert cli("--index", str(index), "index", str(corpus), "--rebuild").exit_code == 0
    (corpus / "part0" / "story-0000.txt").unlink()
    (corpus / "new.txt").write_text("Title: New\n\nHelen Wu went to Quito.\n", encoding="utf-8")
    assert cli("--index", str(index), "index", str(corpus)).exit_code == 0
    assert "unchanged 24" in cli("--index", str(index), "index", str(corpus)).stdout
    newest = max(_whoosh_files(index), key=lambda p: p.stat().st_mtime_ns)
    flip_bytes(newest, 0, random.Random(3))
    assert_one_line(cli("--index", str(index), "index", str(corpus)), "damaged", newest.name)


# --- one index folder, two corpora ---------------------------------------------------------
def test_an_index_of_another_corpus_is_neither_updated_nor_read_for_this_one(
    pristine: tuple[Path, Path], tmp_path: Path
) -> None:
    """``--index X`` built from corpus A, then asked about corpus B: updating would have
    removed all of A's articles (it did), reading would answer for A. Both are one line;
    ``--rebuild`` replaces A's index on purpose."""
    a = pristine[0]
    index, _ = copy_index(pristine[1], tmp_path / "index")
    b = tmp_path / "b"
    make_corpus(b, 3, start=100)
    at = ["--index", str(index)]
    refusals = (
        [*at, "index", str(b)], [*at, "search", "story", "--corpus", str(b)],
        [*at, "entity", "Maria Lopez", "--corpus", str(b)], [*at, str(b)],
    )  # fmt: skip
    for args in refusals:
        assert_one_line(cli(*args), f"holds the index of {a}, not of {b}", "--rebuild")
    assert f"{COUNT} articles match" in cli(*_reads(index, a)["search"]).stdout
    assert cli(*at, "index", str(b), "--rebuild").exit_code == 0
    assert "3 articles match" in cli(*at, "search", "story", "--corpus", str(b)).stdout
    assert_one_line(cli(*_reads(index, a)["search"]), f"holds the index of {b}, not of {a}")


def test_a_generation_swapped_between_reading_current_and_its_folder_is_no_damage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rebuild replaces ``CURRENT`` and then deletes the old folder; a reader that
    read the old name just before finds its folder gone. Read again, ``CURRENT`` names
    the new one: that is the answer, not damage (a reader looping through a rebuild
    met it every few hundred reads)."""
    (tmp_path / "gen-000002").mkdir()
    names = iter(["gen-000001", "gen-000002"])
    monkeypatch.setattr(layout, "_named", lambda _dir: next(names))
    assert layout.live_generation(tmp_path) == tmp_path / "gen-000002"


def test_current_naming_a_missing_folder_twice_is_damage(tmp_path: Path) -> None:
    (tmp_path / layout.CURRENT).write_text("gen-000007\n")
    with pytest.raises(IndexDamaged, match="names gen-000007, which is not a folder here"):
        layout.live_generation(tmp_path)
