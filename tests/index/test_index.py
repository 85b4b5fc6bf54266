"""Incremental indexing: add, change, delete, unchanged runs, schema changes and rebuilds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import newsdesk.entities
from helpers import write
from newsdesk.errors import IndexBusy
from newsdesk.index import layout
from newsdesk.index.store import Store
from newsdesk.library import STORE_FILE, Library, open_library
from newsdesk.settings import Settings

HEAD = "Title: {}\nDate: 2021-05-0{}\nSource: Town Crier\n\n"
ONE = HEAD.format("Bridge reopens", 1) + "The old bridge over the river reopened.\n"
TWO = HEAD.format("Library extends hours", 2) + "The library will open late.\n"
THREE = HEAD.format("Ferry timetable changes", 3) + "Ferries sail hourly.\n"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    write(folder, "one.txt", ONE)
    write(folder, "sub/two.txt", TWO)
    return folder


@pytest.fixture
def lib(corpus: Path, tmp_path: Path, settings: Settings) -> Library:
    library = open_library(corpus, index_dir=tmp_path / "index", settings=settings)
    yield library  # type: ignore[misc]
    library.close()


def ids(lib: Library) -> list[str]:
    return sorted(s.id for s in lib.list_articles(limit=1000))


def forbid_ner(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_a: object, **_k: object) -> None:
        raise AssertionError("NER ran on an unchanged corpus")

    monkeypatch.setattr(newsdesk.entities, "Recognizer", refuse)


def test_first_run_adds_everything(lib: Library) -> None:
    report = lib.refresh()
    assert (report.added, report.updated, report.removed) == (2, 0, 0)
    assert lib.article_count() == 2


def test_unchanged_folder_reanalyses_nothing(lib: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    lib.refresh()
    forbid_ner(monkeypatch)
    report = lib.refresh()
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 0, 0, 2)


def test_touched_but_identical_file_is_confirmed_by_hash(
    lib: Library, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lib.refresh()
    os.utime(corpus / "one.txt", ns=(1, 1))
    forbid_ner(monkeypatch)
    assert lib.refresh().unchanged == 2


def test_changed_file_is_updated_in_place(lib: Library, corpus: Path) -> None:
    lib.refresh()
    before = ids(lib)
    write(corpus, "one.txt", ONE.replace("old bridge", "old stone bridge"))
    report = lib.refresh()
    assert (report.added, report.updated) == (0, 1)
    assert ids(lib) == before
    assert lib.search('"stone bridge"').total == 1


def test_added_and_deleted_files(lib: Library, corpus: Path) -> None:
    lib.refresh()
    write(corpus, "three.txt", THREE)
    (corpus / "sub" / "two.txt").unlink()
    report = lib.refresh()
    assert (report.added, report.removed) == (1, 1)
    assert lib.search("library").total == 0
    assert lib.search("ferries").total == 1
    assert lib.article_count() == 2


def test_broken_file_is_reported_and_the_rest_indexed(lib: Library, corpus: Path) -> None:
    (corpus / "broken.json").write_text("{not json", encoding="utf-8")
    report = lib.refresh()
    assert report.added == 2
    assert [s.path.endswith("broken.json") for s in report.skipped] == [True]


def test_schema_mismatch_rebuilds_by_itself(lib: Library) -> None:
    lib.refresh()
    live = layout.current_generation(lib.index_dir)
    assert live is not None
    store = Store(live / STORE_FILE)
    store.set_meta("schema", "0")
    store.close()
    report = lib.refresh()
    assert report.added == 2
    new = layout.current_generation(lib.index_dir)
    assert new is not None and new != live and not live.exists()


def test_rebuild_swaps_in_a_new_generation(lib: Library) -> None:
    lib.refresh()
    old = layout.current_generation(lib.index_dir)
    report = lib.refresh(rebuild=True)
    assert report.added == 2
    assert layout.current_generation(lib.index_dir) != old
    assert lib.article_count() == 2


def test_second_indexer_is_told_the_index_is_busy(lib: Library) -> None:
    with layout.writer_lock(lib.index_dir), pytest.raises(IndexBusy, match="pid"):
        lib.refresh()
