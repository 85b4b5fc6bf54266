"""The archive's orders (oldest first with undated articles last, page by page) and the
notes the indexer keeps about skipped files (issue #14 §4), over a real index."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import write
from newsdesk.library import Library, open_library
from newsdesk.settings import Settings

DATED = "Title: {}\nDate: 2021-05-0{}\nSource: Town Crier\n\nThe {} story of the week.\n"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    for day, name in ((3, "third"), (1, "first"), (2, "second")):
        write(folder, f"{name}.txt", DATED.format(f"The {name} story", day, name))
    write(folder, "undated.txt", "Title: No day given\n\nA story with no date at all.\n")
    write(folder, "broken.json", "{not json")
    return folder


@pytest.fixture
def lib(corpus: Path, tmp_path: Path, settings: Settings) -> Iterator[Library]:
    library = open_library(corpus, index_dir=tmp_path / "index", settings=settings)
    library.refresh()
    yield library
    library.close()


def titles(lib: Library, sort: str, offset: int = 0, limit: int = 10) -> list[str]:
    return [a.title for a in lib.list_articles(offset, limit, sort)]  # type: ignore[arg-type]


def test_oldest_first_puts_undated_last_on_every_page(lib: Library) -> None:
    everything = titles(lib, "oldest")
    assert everything == ["The first story", "The second story", "The third story", "No day given"]
    pages = [titles(lib, "oldest", offset, 2) for offset in (0, 2)]
    assert pages[0] + pages[1] == everything
    assert titles(lib, "oldest", 3, 5) == ["No day given"]
    assert titles(lib, "date")[:3] == everything[2::-1]
    assert lib.dated_count() == 3


def test_skipped_files_are_kept_until_fixed(lib: Library, corpus: Path) -> None:
    notes = lib.file_notes()
    assert [(Path(n.path).name, n.skipped) for n in notes] == [("broken.json", True)]
    assert "JSON" in notes[0].message or "json" in notes[0].message
    assert lib.refresh().skipped == []
    assert len(lib.file_notes()) == 1, "an unchanged run keeps what the first one said"
    write(corpus, "broken.json", '{"title": "Mended", "body": "Now it reads."}')
    lib.refresh()
    assert lib.file_notes() == []
