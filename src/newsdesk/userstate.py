"""The user's own state: read marks, stars, labels, notes and saved searches.

One SQLite file per user, in the data folder (``locations.user_state_file``), never
inside an index: index generations are rebuilt and thrown away, the user's marks are
not. Rows are keyed by article id, which ingest derives from the file's path *relative
to the corpus folder* and the entry's key within the file, so a mark survives
``newsdesk index --rebuild``, an edit of the file (same article, same id) and a corpus
folder moved or renamed as a whole. Each row also keeps a fingerprint of the article's
title and text: when a file moves inside the corpus its articles get new ids, and
:meth:`UserState.carry` copies a lost row to the article with the same fingerprint.

Every change is its own transaction (WAL, ``synchronous=FULL``): a reader killed at any
moment loses at most the change it was making. A file that cannot be opened, is locked
past the timeout or is damaged raises ``StateUnavailable`` (one line); the reader goes
on without marks, and nothing in the file is replaced.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from newsdesk.errors import StateUnavailable
from newsdesk.models import ArticleFilter, ArticleMarks, SavedSearch, StateWord

_TABLES = """
CREATE TABLE IF NOT EXISTS marks(
    id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, title TEXT NOT NULL,
    read INTEGER NOT NULL DEFAULT 0, starred INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '', changed TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS labels(
    id TEXT NOT NULL, label TEXT NOT NULL, folded TEXT NOT NULL, PRIMARY KEY(id, folded));
CREATE INDEX IF NOT EXISTS labels_by_name ON labels(folded);
CREATE TABLE IF NOT EXISTS saved(name TEXT PRIMARY KEY, query TEXT NOT NULL, made TEXT NOT NULL);
"""
BUSY_SECONDS = 2.0
"""How long a write waits for another newsdesk holding the file (a CLI ``mark`` while
the reader writes): changes are single rows, so a longer wait means something is wrong."""
MAX_NAME = 60
T = TypeVar("T")


def fingerprint(title: str, body: str) -> str:
    """The article's text, case and spacing aside: what tells a moved article."""
    text = f"{' '.join(title.split())}\n{' '.join(body.split())}".casefold()
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def clean_labels(text: str) -> tuple[str, ...]:
    """Labels as typed in the small input: words split on commas or spaces, each one
    word (``label:NAME`` must be able to name it), duplicates (by case) dropped."""
    words = text.replace(",", " ").split()
    return tuple({word.casefold(): word[:MAX_NAME] for word in words}.values())


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class UserState:
    """The state file, opened on first use; safe from any thread (one connection, one
    lock: every statement is a few rows)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._flags: dict[str, tuple[bool, bool]] | None = None
        self._unmarked = (False, False)

    # --- plumbing ---------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=BUSY_SECONDS, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.executescript(_TABLES)
        return db

    def _run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """``work`` on the open file, in one transaction; any failure is one line."""
        with self._lock:
            try:
                if self._db is None:
                    self._db = self._connect()
                with self._db:
                    return work(self._db)
            except (sqlite3.Error, OSError) as exc:
                raise self.unavailable(exc) from exc

    def unavailable(self, exc: BaseException) -> StateUnavailable:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        return StateUnavailable(
            f"your reading state ({self.path}) cannot be used: {reason}; "
            "marks, labels, notes and saved searches are off until it can"
        )

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    # --- marks --------------------------------------------------------------------------
    def flags(self, article_id: str) -> tuple[bool, bool]:
        """(read, starred) from memory: what the list draws a row with, per row. A file
        that cannot be read raises once; until a :meth:`reload` succeeds every article
        is then plain (read, not starred), rather than the file tried for every row."""
        if self._flags is None:
            try:
                self.reload()
            except StateUnavailable:
                self._flags, self._unmarked = {}, (True, False)
                raise
        return (self._flags or {}).get(article_id, self._unmarked)

    def reload(self) -> bool:
        """Read (read, starred) of every marked article again (another process may have
        marked some: ``newsdesk mark``); whether anything changed."""
        rows = self._run(lambda db: db.execute("SELECT id, read, starred FROM marks").fetchall())
        flags = {row[0]: (bool(row[1]), bool(row[2])) for row in rows}
        changed = flags != self._flags or self._unmarked != (False, False)
        self._flags, self._unmarked = flags, (False, False)
        return changed

    def marks(self, article_id: str) -> ArticleMarks:
        def read(db: sqlite3.Connection) -> ArticleMarks:
            row = db.execute(
                "SELECT read, starred, note FROM marks WHERE id=?", (article_id,)
            ).fetchone()
            labels = db.execute(
                "SELECT label FROM labels WHERE id=? ORDER BY folded", (article_id,)
            ).fetchall()
            if row is None:
                return ArticleMarks()
            return ArticleMarks(bool(row[0]), bool(row[1]), tuple(r[0] for r in labels), row[2])

        return self._run(read)

    def update(self, articles: Iterable[tuple[str, str, str]], **values: object) -> None:
        """Set ``read``, ``starred`` or ``note`` on articles given as (id, title, body):
        one transaction, so a change to several articles is all or nothing."""
        names = ["id", "fingerprint", "title", "changed", *values]
        updates = ", ".join(f"{name}=excluded.{name}" for name in names[1:])
        sql = (
            f"INSERT INTO marks({', '.join(names)}) VALUES({', '.join('?' * len(names))}) "
            f"ON CONFLICT(id) DO UPDATE SET {updates}"
        )
        rows = [
            (aid, fingerprint(title, body), title, _now(), *values.values())
            for aid, title, body in articles
        ]
        self._run(lambda db: db.executemany(sql, rows))
        self._remember(rows, values)

    def _remember(self, rows: list[tuple[object, ...]], values: dict[str, object]) -> None:
        """Keep the in-memory flags in step with a change just committed."""
        if self._flags is None:
            return
        for row in rows:
            read, starred = self._flags.get(str(row[0]), (False, False))
            read = bool(values.get("read", read))
            starred = bool(values.get("starred", starred))
            self._flags[str(row[0])] = (read, starred)

    def set_labels(self, article: tuple[str, str, str], labels: Iterable[str]) -> None:
        """Replace the article's labels (one transaction)."""
        aid = article[0]
        self.update([article])

        def write(db: sqlite3.Connection) -> None:
            db.execute("DELETE FROM labels WHERE id=?", (aid,))
            db.executemany(
                "INSERT OR IGNORE INTO labels VALUES(?, ?, ?)",
                [(aid, label, label.casefold()) for label in labels],
            )

        self._run(write)

    def all_labels(self) -> list[str]:
        rows = self._run(lambda db: db.execute("SELECT DISTINCT label FROM labels").fetchall())
        return sorted({r[0] for r in rows}, key=str.casefold)

    # --- queries ------------------------------------------------------------------------
    def ids(self, word: StateWord) -> frozenset[str]:
        """The articles one state word is about (``is:unread``: the read ones, dropped)."""
        args: tuple[str, ...] = ()
        if word.kind == "label":
            sql, args = "SELECT id FROM labels WHERE folded=?", (word.value,)
        else:
            column = "starred" if word.kind == "starred" else "read"
            sql = f"SELECT id FROM marks WHERE {column}=1"
        return frozenset(r[0] for r in self._run(lambda db: db.execute(sql, args).fetchall()))

    def resolve(self, words: Iterable[StateWord]) -> ArticleFilter:
        """The words as one filter: kept sets intersect, dropped sets add up."""
        keep: frozenset[str] | None = None
        drop: set[str] = set()
        for word in words:
            found = self.ids(word)
            if (word.kind == "unread") != word.negated:
                drop |= found
            else:
                keep = found if keep is None else keep & found
        return ArticleFilter(keep, frozenset(drop))

    def read_ids(self) -> frozenset[str]:
        return self.ids(StateWord("read"))

    # --- moved files ----------------------------------------------------------------------
    def known(self) -> list[tuple[str, str, str]]:
        """(id, fingerprint, title) of every article with state."""
        return self._run(
            lambda db: db.execute("SELECT id, fingerprint, title FROM marks").fetchall()
        )

    def carry(self, old: str, new: str) -> bool:
        """Copy an article's state to the id it has now (its file moved), unless that id
        has state of its own. Copied, not moved: the same text may stand at both places
        (another archive), and the old row costs nothing."""

        def copy(db: sqlite3.Connection) -> bool:
            if db.execute("SELECT 1 FROM marks WHERE id=?", (new,)).fetchone():
                return False
            db.execute(
                "INSERT INTO marks SELECT ?, fingerprint, title, read, starred, note, changed "
                "FROM marks WHERE id=?",
                (new, old),
            )
            db.execute(
                "INSERT OR IGNORE INTO labels SELECT ?, label, folded FROM labels WHERE id=?",
                (new, old),
            )
            return True

        done = self._run(copy)
        if done:
            self._flags = None
        return done

    # --- saved searches -------------------------------------------------------------------
    def save_search(self, name: str, query: str) -> None:
        self._run(
            lambda db: db.execute(
                "INSERT INTO saved VALUES(?, ?, ?) ON CONFLICT(name) DO UPDATE "
                "SET query=excluded.query",
                (name, query, _now()),
            )
        )

    def saved_searches(self) -> list[SavedSearch]:
        rows = self._run(lambda db: db.execute("SELECT name, query FROM saved").fetchall())
        return sorted((SavedSearch(r[0], r[1]) for r in rows), key=lambda s: s.name.casefold())

    def delete_search(self, name: str) -> bool:
        cursor = self._run(lambda db: db.execute("DELETE FROM saved WHERE name=?", (name,)))
        return bool(cursor.rowcount)


@contextmanager
def opened(path: Path) -> Iterator[UserState]:
    """A state file for one block (tests, scripts)."""
    state = UserState(path)
    try:
        yield state
    finally:
        state.close()
