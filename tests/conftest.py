"""Shared fixtures: a real index of the bundled samples, built once per test session."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import SAMPLES
from newsdesk import locations
from newsdesk.library import Library, open_library
from newsdesk.settings import BUNDLED_MODEL, Settings
from newsdesk.userstate import UserState


@pytest.fixture(scope="session", autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Tests never read or write the user's own config, data or indexes."""
    home = tmp_path_factory.mktemp("home")
    saved = {k: os.environ.get(k) for k in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "NEWSDESK_INDEX",
                                            "NEWSDESK_CONFIG", "NEWSDESK_SPACY_MODEL")}  # fmt: skip
    os.environ["XDG_DATA_HOME"] = str(home / "data")
    os.environ["XDG_CONFIG_HOME"] = str(home / "config")
    for key in ("NEWSDESK_INDEX", "NEWSDESK_CONFIG", "NEWSDESK_SPACY_MODEL"):
        os.environ.pop(key, None)
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(autouse=True)
def _own_user_state(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[None]:
    """Each test marks, stars and saves in a user state file of its own: a reader test
    that reads an article for a moment marks it read, which would change what the next
    test's list (or snapshot) shows. The shared index's library gets it too."""
    path = tmp_path_factory.mktemp("userstate") / "userstate.sqlite"
    monkeypatch.setattr(locations, "user_state_file", lambda: path)
    shared = request.getfixturevalue("library") if "library" in request.fixturenames else None
    if shared is not None:
        shared.user_state = UserState(path)
    yield
    if shared is not None:
        shared.user_state.close()


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The pinned model, one NER process, and an alias file that does not exist yet.
    Articles are marked read only after a minute: a reader test (or a snapshot) waits
    far less, so what it shows never depends on how fast the machine was."""
    config = tmp_path_factory.mktemp("config")
    return Settings(
        spacy_model=BUNDLED_MODEL,
        n_process=1,
        alias_file=config / "aliases.toml",
        mark_read_delay=60,
    )


@pytest.fixture(scope="session")
def library(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Iterator[Library]:
    """A real Whoosh index and entity store over ``sample_articles/``, with real spaCy NER."""
    index_dir = tmp_path_factory.mktemp("index")
    lib = open_library(SAMPLES, index_dir=index_dir, settings=settings)
    lib.refresh()
    yield lib
    lib.close()


@pytest.fixture
def curated(tmp_path: Path, library: Library) -> Library:
    """A private copy of the samples' real index, with an alias file of its own: for
    tests that change entities (curation) without touching the shared index."""
    index_dir = tmp_path / "index"
    shutil.copytree(library.index_dir, index_dir)
    settings = Settings(n_process=1, alias_file=tmp_path / "config" / "aliases.toml")
    return Library(index_dir, SAMPLES, settings)


@pytest.fixture
def schema4_index(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of ``tests/data/schema4`` (an index newsdesk wrote at schema 4, before the
    upgrade to 5) and its corpus, the store told where the copy is."""
    data = Path(__file__).parent / "data" / "schema4"
    corpus = (tmp_path / "corpus").resolve()
    shutil.copytree(data / "corpus", corpus)
    index_dir = tmp_path / "index"
    shutil.copytree(data / "index", index_dir)
    db = sqlite3.connect(index_dir / "gen-000001" / "store.sqlite")
    with db:
        db.execute("UPDATE meta SET value = ? WHERE key = 'corpus'", (str(corpus),))
    db.close()
    return index_dir, corpus
