"""Flipped bytes anywhere in an index: every command answers, or says "damaged" in one
line; never a traceback.

Bytes are flipped (seeded) in the SQLite store (anywhere, and inside stored text) and
in each kind of Whoosh file. Before, a flipped byte inside a stored text made ``search``
and ``index`` print a traceback ("Could not decode to UTF-8 column").
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from click.testing import Result

from damage_helpers import assert_one_line, build_index, cli, copy_index, flip_bytes
from newsdesk.settings import Settings

SEEDS = range(5)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> tuple[Path, Path]:
    return build_index(tmp_path_factory.mktemp("bitflips"), settings, 40)


def _store(live: Path) -> Path:
    return live / "store.sqlite"


def _in_text(live: Path, rng: random.Random) -> tuple[Path, int]:
    """Somewhere inside a stored text: an article body, title, path or mention."""
    data = _store(live).read_bytes()
    places = [m.start() for m in re.finditer(rb"visited|Story|story-|Maria|Lima", data)]
    return _store(live), rng.choice(places)


def _whoosh(suffix: str) -> object:
    def pick(live: Path, rng: random.Random) -> tuple[Path, int]:
        path = next((live / "whoosh").glob(f"*{suffix}"))
        return path, rng.randrange(path.stat().st_size)

    return pick


TARGETS = {
    "store anywhere": lambda live, rng: (_store(live), rng.randrange(_store(live).stat().st_size)),
    "store text": _in_text,
    "postings": _whoosh(".pst"),
    "terms": _whoosh(".trm"),
    "stored fields": _whoosh("_stored.col"),
    "toc": _whoosh(".toc"),
}


def _commands(index: Path, corpus: Path) -> list[list[str]]:
    at, of = ["--index", str(index)], ["--corpus", str(corpus)]
    return [
        [*at, "search", "story", "--limit", "100", *of],
        [*at, "search", "story OR lima", "--json", "--limit", "100", "--sort", "date", *of],
        [*at, "search", "uniq7x", *of],
        [*at, "entity", "Maria Lopez", *of],
        [*at, "entity", "Lima", "--json", *of],
        [*at, "index", str(corpus)],
    ]


def _answered_or_damaged(result: Result) -> str:
    """ "ok" or "damaged"; anything else (a traceback, another message) fails."""
    if result.exit_code == 0:
        return "ok"
    assert_one_line(result, "damaged", "--rebuild")
    return "damaged"


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("target", list(TARGETS))
def test_flipped_bytes_are_an_answer_or_one_line(
    target: str, seed: int, pristine: tuple[Path, Path], tmp_path: Path
) -> None:
    corpus = pristine[0]
    index, live = copy_index(pristine[1], tmp_path / "index")
    rng = random.Random(f"{target}-{seed}")
    path, offset = TARGETS[target](live, rng)  # type: ignore[operator]
    flip_bytes(path, offset, rng)
    outcomes = [_answered_or_damaged(cli(*args)) for args in _commands(index, corpus)]
    if target not in {"store anywhere", "store text"}:
        assert outcomes[-1] == "damaged", "index passed a changed Whoosh file"
    if outcomes[-1] == "damaged":
        rebuilt = cli("--index", str(index), "index", str(corpus), "--rebuild")
        assert rebuilt.exit_code == 0, rebuilt.output


def test_a_stored_text_that_no_longer_decodes_is_damage(
    pristine: tuple[Path, Path], tmp_path: Path
) -> None:
    """A byte of every stored file path made invalid UTF-8: SQLite's own checks pass, and
    reading the row raised "Could not decode to UTF-8 column" as a traceback."""
    corpus = pristine[0]
    index, live = copy_index(pristine[1], tmp_path / "index")
    store = _store(live)
    store.write_bytes(store.read_bytes().replace(b"story-0007.txt", b"story-\xff007.txt"))
    for args in _commands(index, corpus)[:3] + _commands(index, corpus)[-1:]:
        assert_one_line(cli(*args), "damaged", "decode", f"newsdesk index {corpus} --rebuild")


def test_a_changed_toc_is_damage_before_whoosh_unpickles_it(
    pristine: tuple[Path, Path], tmp_path: Path
) -> None:
    """The TOC is a pickle: a flipped length field asked for 23 GB before anything
    failed (the kernel killed the test run). Every byte of it changed, each command says
    "damaged" in one line, naming the TOC, and no command reads the pickle."""
    corpus = pristine[0]
    index, live = copy_index(pristine[1], tmp_path / "index")
    toc = next((live / "whoosh").glob("*.toc"))
    toc.write_bytes(bytes(b ^ 0x5A for b in toc.read_bytes()))
    for args in _commands(index, corpus):
        assert_one_line(cli(*args), "damaged", toc.name, "--rebuild")
