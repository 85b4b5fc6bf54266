"""The user's state (read marks, stars, labels, notes, saved searches) outlives the
index: a rebuild, an edited file, a file moved inside the corpus, a corpus folder
moved as a whole; a killed writer loses at most its last change; a damaged or locked
state file is one line and reading goes on."""

from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import SAMPLES
from newsdesk import locations
from newsdesk.errors import QueryError, StateUnavailable
from newsdesk.library import Library, open_library
from newsdesk.settings import Settings
from newsdesk.userstate import UserState

FILES = (
    "caucasus/erdogan-arrives-in-baku.txt",
    "caucasus/shusha-declaration-signed.txt",
    "city/seawall-vote.txt",
    "space/turksat-5a-lifts-off.txt",
)


def small_corpus(folder: Path) -> Path:
    for name in FILES:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SAMPLES / name, folder / name)
    return folder


@pytest.fixture
def small(tmp_path: Path, settings: Settings) -> Library:
    """Four sample files in a folder of the test's own, indexed for real."""
    lib = open_library(small_corpus(tmp_path / "news"), tmp_path / "index", settings)
    lib.refresh()
    return lib


def by_file(library: Library, name: str) -> str:
    """The id of the one article of the file whose name is ``name``."""
    rows = library.list_articles(0, 100)
    (found,) = [row.id for row in rows if Path(row.path).name == name]
    return found


def test_marks_survive_a_rebuild(small: Library) -> None:
    article = by_file(small, "erdogan-arrives-in-baku.txt")
    small.set_starred([article])
    small.set_note(article, "check the date against the wire")
    small.save_search("baku", "baku")
    small.refresh(rebuild=True)
    assert small.search("is:starred").hits[0].summary.id == article
    assert small.marks(article).note == "check the date against the wire"
    assert small.saved_query("BAKU") == "baku"


def test_marks_survive_an_edit_of_the_file(small: Library) -> None:
    article = by_file(small, "seawall-vote.txt")
    small.set_read([article])
    path = small.corpus / "city/seawall-vote.txt"  # type: ignore[operator]
    path.write_text(path.read_text(encoding="utf-8") + "\nA late correction.\n", "utf-8")
    assert small.refresh().updated == 1
    assert small.marks(article).read
    assert small.unread_count() == small.article_count() - 1


def test_a_file_moved_inside_the_corpus_keeps_its_marks(small: Library) -> None:
    """Its id changes with its path; the fingerprint of its text finds it again."""
    old = by_file(small, "turksat-5a-lifts-off.txt")
    small.set_starred([old])
    small.set_labels(old, "launch")
    corpus = small.corpus
    assert corpus is not None
    (corpus / "archive").mkdir()
    (corpus / "space/turksat-5a-lifts-off.txt").rename(corpus / "archive/turksat.txt")
    small.refresh()
    new = by_file(small, "turksat.txt")
    assert new != old
    assert small.marks(new).starred
    assert [h.summary.id for h in small.search("label:launch").hits] == [new]


def test_a_corpus_folder_moved_whole_keeps_its_marks(
    small: Library, tmp_path: Path, settings: Settings
) -> None:
    """Ids are relative to the corpus folder: a new index of the moved folder has them."""
    article = by_file(small, "shusha-declaration-signed.txt")
    small.set_read([article])
    small.close()
    moved = tmp_path / "elsewhere" / "news-2021"
    moved.parent.mkdir()
    assert small.corpus is not None
    small.corpus.rename(moved)
    again = open_library(moved, tmp_path / "index-2", settings)
    again.refresh()
    assert again.marks(article).read
    assert again.search("is:read").total == 1


KILLED_WRITER = """
import sys
from pathlib import Path
from newsdesk.userstate import UserState

state = UserState(Path(sys.argv[1]))
for n in range(1_000_000):
    state.update([(f"article-{n}", "A title", "Some text")], read=1, starred=n % 2)
    print(n, flush=True)
"""


def test_a_killed_writer_loses_at_most_its_last_change(tmp_path: Path) -> None:
    """A real process marking articles one by one, killed with SIGKILL mid-stream:
    every change it reported is there, at most one more, and the file is sound."""
    path = tmp_path / "userstate.sqlite"
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(path)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    for line in child.stdout:
        if int(line) >= 40:
            break
    child.send_signal(signal.SIGKILL)
    reported = [int(n) for n in child.stdout.read().split()] or [40]
    child.wait(timeout=30)
    db = sqlite3.connect(path)
    committed = db.execute("SELECT COUNT(*) FROM marks").fetchone()[0]
    assert reported[-1] + 1 <= committed <= reported[-1] + 2
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()
    with_state = UserState(path)
    assert with_state.marks("article-1") .starred  # fmt: skip
    with_state.close()


def test_a_damaged_state_file_is_one_line_and_reading_goes_on(library: Library) -> None:
    path = locations.user_state_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    garbage = b"SQLite format 3\x00" + b"\xff" * 4000
    path.write_bytes(garbage)
    article = library.list_articles(0, 1)[0].id
    with pytest.raises(StateUnavailable) as caught:
        library.marks(article)
    assert str(caught.value).count("\n") == 0
    assert str(path) in str(caught.value)
    with pytest.raises(StateUnavailable):
        library.set_read([article])
    assert library.row_flags(article) == (True, False)
    assert library.search("baku").total > 0
    with pytest.raises(QueryError):
        library.search("is:starred")
    assert library.row_flags(article) == (True, False)
    assert path.read_bytes() == garbage
    path.unlink()  # the user moves it aside: marks work again, without a restart
    assert library.reload_marks()
    library.set_starred([article])
    assert library.row_flags(article) == (False, True)


def test_a_locked_state_file_is_one_line_not_a_hang(library: Library) -> None:
    """Another process holding the file's write lock: the change is refused in one
    line after a short wait, and nothing else stops."""
    article = library.list_articles(0, 1)[0].id
    library.set_read([article])
    other = sqlite3.connect(locations.user_state_file(), isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StateUnavailable) as caught:
            library.set_starred([article])
        assert "locked" in str(caught.value)
        assert library.row_flags(article) == (True, False)
    finally:
        other.execute("ROLLBACK")
        other.close()
    library.set_starred([article])
    assert library.marks(article).starred


def test_unknown_ids_change_nothing(library: Library) -> None:
    article = library.list_articles(0, 1)[0].id
    assert library.set_read([article, "no-such-id"]) == ["no-such-id"]
    assert not library.marks(article).read


def test_indexing_alone_makes_no_state_file(small: Library) -> None:
    """The file appears with the first mark, not with ``newsdesk index``."""
    small.refresh(rebuild=True)
    assert not small.user_state.path.exists()
    small.set_read([small.list_articles(0, 1)[0].id])
    assert small.user_state.path.exists()
