"""The SQLite side of an index: the file manifest, article text, mentions and the entity catalogue.

SQLite (standard library, transactional, WAL) answers the questions Whoosh is poor at:
paging the whole archive by date, and the joins behind entity pages.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path

from newsdesk.models import Article, ArticleSummary, FileNote, IndexReport, Mention

_TABLES = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files(
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, sha1 TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles(
    id TEXT PRIMARY KEY, path TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL,
    date TEXT, sort_date INTEGER NOT NULL, source TEXT NOT NULL, author TEXT NOT NULL,
    url TEXT NOT NULL, tags TEXT NOT NULL, format TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS articles_by_date ON articles(sort_date DESC, id);
CREATE INDEX IF NOT EXISTS articles_by_title ON articles(title COLLATE NOCASE, id);
CREATE INDEX IF NOT EXISTS articles_by_path ON articles(path);
CREATE TABLE IF NOT EXISTS mentions(
    article_id TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
    label TEXT NOT NULL, key TEXT NOT NULL, name TEXT NOT NULL, text TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS mentions_by_article ON mentions(article_id, start);
CREATE INDEX IF NOT EXISTS mentions_by_key ON mentions(key, text);
CREATE TABLE IF NOT EXISTS article_entities(
    article_id TEXT NOT NULL, key TEXT NOT NULL, label TEXT NOT NULL, name TEXT NOT NULL,
    count INTEGER NOT NULL, first INTEGER NOT NULL, sort_date INTEGER NOT NULL, month TEXT,
    PRIMARY KEY(article_id, key));
CREATE INDEX IF NOT EXISTS article_entities_by_entity
    ON article_entities(key, sort_date DESC, article_id, count, month);
CREATE INDEX IF NOT EXISTS article_entities_by_name ON article_entities(key, label, name, count);
CREATE TABLE IF NOT EXISTS entity_map(local_key TEXT PRIMARY KEY, key TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS entity_map_by_key ON entity_map(key);
CREATE TABLE IF NOT EXISTS entities(
    key TEXT PRIMARY KEY, name TEXT NOT NULL, label TEXT NOT NULL, grp TEXT NOT NULL,
    aliases TEXT NOT NULL, article_count INTEGER NOT NULL, mention_count INTEGER NOT NULL,
    hidden INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS entities_by_mentions ON entities(mention_count DESC);
CREATE INDEX IF NOT EXISTS entities_by_article_order
    ON entities(hidden, article_count DESC, mention_count DESC, name, key, grp);
CREATE INDEX IF NOT EXISTS entities_by_mention_order
    ON entities(hidden, mention_count DESC, article_count DESC, name, key, grp);
CREATE INDEX IF NOT EXISTS entities_by_key_order ON entities(hidden, key, grp);
CREATE TABLE IF NOT EXISTS prints(id TEXT PRIMARY KEY, print TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS prints_by_print ON prints(print, id);
CREATE TABLE IF NOT EXISTS copies(id TEXT PRIMARY KEY, original TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS copies_by_original ON copies(original);
CREATE TABLE IF NOT EXISTS file_notes(path TEXT NOT NULL, skipped INTEGER NOT NULL,
    message TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS file_notes_by_path ON file_notes(path);
CREATE TABLE IF NOT EXISTS entity_words(word TEXT NOT NULL, key TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS entity_words_by_word ON entity_words(word);
"""

_SUMMARY_COLUMNS = "id, title, date, source, path, url"
_COPIES_COLUMN = ", (SELECT COUNT(*) FROM copies c WHERE c.original = articles.id) + 1 AS copies"
_NOT_A_COPY = "id NOT IN (SELECT id FROM copies)"
_SPACE = re.compile(r"\s+")
_NO_DATE = -(2**62)
_PATH_MARK = "\u241b"
_UNSTORABLE = re.compile("[\ud800-\udfff\u241b]")
_MARKED = re.compile("\u241b([0-9a-f]{4})")


def stored_path(path: str) -> str:
    """A file path as SQLite and Whoosh can hold it, and back with :func:`real_path`.

    Both take UTF-8 only, but a POSIX file name may hold bytes that are not UTF-8
    (Python gives them as lone surrogates, and encoding them raised mid-run). Those,
    and the mark itself, become "␛dcff": visible, reversible, and every ordinary name
    is stored unchanged, so existing indexes need no rebuild.
    """
    return _UNSTORABLE.sub(lambda m: f"{_PATH_MARK}{ord(m.group()):04x}", path)


def real_path(stored: str) -> str:
    """The inverse of :func:`stored_path`: the name the file system gave us."""
    return _MARKED.sub(lambda m: chr(int(m.group(1), 16)), stored)


@dataclass(frozen=True, slots=True)
class FileRecord:
    path: str
    size: int
    mtime_ns: int
    sha1: str


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value else None


def _sort_key(value: datetime | None) -> int:
    return int(value.timestamp()) if value else _NO_DATE


def _parse_date(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def fingerprint(body: str) -> str | None:
    """What makes two articles the same text: the body case-folded, its runs of white
    space made one space, hashed. ``None`` for an empty body (empty is not a copy)."""
    text = _SPACE.sub(" ", body.casefold()).strip()
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest() if text else None


def summary_from_row(row: sqlite3.Row) -> ArticleSummary:
    # a Row's own ``in`` looks at its values, not its column names
    copies = row["copies"] if "copies" in row.keys() else 1  # noqa: SIM118
    return ArticleSummary(
        id=row["id"], title=row["title"], date=_parse_date(row["date"]),
        source=row["source"], path=row["path"], url=row["url"], copies=copies,
    )  # fmt: skip


class Store:
    """One SQLite database per index generation; every write is one transaction."""

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        uri = f"file:{path}?mode=ro" if readonly else f"file:{path}"
        self.db = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=30)
        self.db.row_factory = sqlite3.Row
        if not readonly:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.executescript(_TABLES)
        self.db.execute("PRAGMA synchronous=NORMAL")

    @cached_property
    def knows_copies(self) -> bool:
        """False for an index written before copies were found: nothing is a copy.
        Asked at the first read, so opening a store still reads nothing."""
        sql = "SELECT 1 FROM sqlite_master WHERE type='table' AND name='copies'"
        return self.db.execute(sql).fetchone() is not None

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self.db:
            yield self.db

    # --- meta -------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES(?, ?)", (key, value))

    # --- files ------------------------------------------------------------
    def files(self) -> dict[str, FileRecord]:
        rows = self.db.execute("SELECT path, size, mtime_ns, sha1 FROM files")
        found = (FileRecord(real_path(r[0]), r[1], r[2], r[3]) for r in rows)
        return {record.path: record for record in found}

    def touch_files(self, records: Iterable[FileRecord]) -> None:
        """Record new size and mtime for files whose content hash proved unchanged."""
        with self.db:
            self.db.executemany(
                "UPDATE files SET size=?, mtime_ns=? WHERE path=?",
                [(r.size, r.mtime_ns, stored_path(r.path)) for r in records],
            )

    def article_ids_for(self, path: str) -> set[str]:
        rows = self.db.execute("SELECT id FROM articles WHERE path=?", (stored_path(path),))
        return {r[0] for r in rows}

    # --- writes -----------------------------------------------------------
    def replace_file(
        self,
        db: sqlite3.Connection,
        record: FileRecord,
        articles: list[tuple[Article, list[Mention]]],
    ) -> None:
        """Inside a transaction: the file's previous articles go, these take their place."""
        path = stored_path(record.path)
        self._delete_path(db, path)
        for article, mentions in articles:
            self._insert_article(db, article, path, mentions)
        db.execute("INSERT OR REPLACE INTO files VALUES(?, ?, ?, ?)",
                   (path, record.size, record.mtime_ns, record.sha1))  # fmt: skip

    def remove_file(self, db: sqlite3.Connection, path: str) -> None:
        stored = stored_path(path)
        self._delete_path(db, stored)
        db.execute("DELETE FROM files WHERE path=?", (stored,))

    def _delete_path(self, db: sqlite3.Connection, path: str) -> None:
        sub = "SELECT id FROM articles WHERE path=?"
        db.execute(f"DELETE FROM mentions WHERE article_id IN ({sub})", (path,))
        db.execute(f"DELETE FROM article_entities WHERE article_id IN ({sub})", (path,))
        db.execute(f"DELETE FROM prints WHERE id IN ({sub})", (path,))
        db.execute("DELETE FROM articles WHERE path=?", (path,))

    def _insert_article(
        self, db: sqlite3.Connection, a: Article, path: str, mentions: list[Mention]
    ) -> None:
        db.execute(
            "INSERT OR REPLACE INTO articles VALUES(?,?,?,?,?,?,?,?,?,?,?)",
            (a.id, path, a.title, a.body, _iso(a.date), _sort_key(a.date), a.source,
             a.author, a.url, json.dumps(list(a.tags)), a.format),
        )  # fmt: skip
        db.execute("DELETE FROM mentions WHERE article_id=?", (a.id,))
        db.execute("DELETE FROM article_entities WHERE article_id=?", (a.id,))
        db.execute("DELETE FROM prints WHERE id=?", (a.id,))
        if (print_ := fingerprint(a.body)) is not None:
            db.execute("INSERT INTO prints VALUES(?, ?)", (a.id, print_))
        db.executemany(
            "INSERT INTO mentions VALUES(?,?,?,?,?,?,?)",
            [(a.id, m.start, m.end, m.label, m.key, m.name, m.text) for m in mentions],
        )
        iso, sort_date = _iso(a.date), _sort_key(a.date)
        month = iso[:7] if iso else None
        db.executemany(
            "INSERT INTO article_entities VALUES(?,?,?,?,?,?,?,?)",
            [(a.id, *row, sort_date, month) for row in _per_entity(mentions)],
        )

    def record_notes(self, looked_at: Iterable[str], report: IndexReport) -> None:
        """Keep what a run said about files (skipped, or read with a warning) for the
        reader's report screen: the notes of every file this run looked at are
        replaced by this run's, so a fixed file loses its note and an unchanged one,
        not read again, keeps it. Paths are the run's shown (cleaned) ones."""
        notes = [(s.path, 1, s.reason) for s in report.skipped]
        notes += [(w.path, 0, w.message) for w in report.warnings]
        paths = set(looked_at) | {path for path, _, _ in notes}
        with self.db:
            self.db.executemany("DELETE FROM file_notes WHERE path=?", [(p,) for p in paths])
            self.db.executemany("INSERT INTO file_notes VALUES(?, ?, ?)", notes)

    def file_notes(self) -> list[FileNote]:
        """Every kept note, skipped files first, by path. An index written before the
        notes were kept has none."""
        try:
            rows = self.db.execute(
                "SELECT path, skipped, message FROM file_notes ORDER BY skipped DESC, path, rowid"
            ).fetchall()
        except sqlite3.OperationalError:
            return []
        return [FileNote(r[0], bool(r[1]), r[2]) for r in rows]

    def find_copies(self) -> None:
        """After a run: every article whose text another article has too becomes a copy
        of the first of them (by id). One pass over the fingerprint index (a GROUP BY
        on its order), so it is cheap at 100,000 articles."""
        with self.db:
            self.db.execute("DELETE FROM copies")
            self.db.execute(
                "INSERT INTO copies SELECT p.id, f.first FROM prints p JOIN "
                "(SELECT print, MIN(id) AS first FROM prints GROUP BY print "
                "HAVING COUNT(*) > 1) f ON f.print = p.print WHERE p.id != f.first"
            )

    def copy_ids(self) -> list[str]:
        """Articles listed only as a copy of another (searches leave them out)."""
        if not self.knows_copies:
            return []
        return [r[0] for r in self.db.execute("SELECT id FROM copies")]

    def _has_copies(self) -> bool:
        if not self.knows_copies:
            return False
        return self.db.execute("SELECT 1 FROM copies LIMIT 1").fetchone() is not None

    # --- reads ------------------------------------------------------------
    def article_count(self, fold: bool = False) -> int:
        """Articles stored; ``fold``: as the reader lists them, the copies of one text
        once. Every copy is an article, so the counts subtract (0.7 ms at 100k; a NOT
        IN over every row took 90)."""
        count = int(self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
        return count - (self._count_copies("") if fold else 0)

    def dated_count(self, fold: bool = False) -> int:
        """Articles with a date (a range count on the date index); ``fold``: copies once."""
        sql = "SELECT COUNT(*) FROM articles WHERE sort_date > ?"
        count = int(self.db.execute(sql, (_NO_DATE,)).fetchone()[0])
        return count - (self._count_copies(f" WHERE a.sort_date > {_NO_DATE}") if fold else 0)

    def _count_copies(self, where: str) -> int:
        if not self._has_copies():
            return 0
        sql = f"SELECT COUNT(*) FROM copies c JOIN articles a ON a.id = c.id{where}"
        return int(self.db.execute(sql).fetchone()[0])

    def page(
        self, offset: int, limit: int, order: str = "date", fold: bool = False
    ) -> list[ArticleSummary]:
        """A page of the archive: ``date`` (newest first), ``oldest`` or ``title``;
        undated articles come last in both date orders. ``fold``: copies of another
        article's text are left out, and each original counts its copies."""
        if order == "oldest":
            return self._oldest_page(offset, limit, fold)
        by = "title COLLATE NOCASE, id" if order == "title" else "sort_date DESC, id"
        return self._select(f"WHERE 1 ORDER BY {by} LIMIT ? OFFSET ?", (limit, offset), fold)

    def _oldest_page(self, offset: int, limit: int, fold: bool) -> list[ArticleSummary]:
        """Dated articles oldest first, then the undated: two index scans, so no sort
        of the whole table (``sort_date = x`` in ORDER BY would need one). The dated
        are counted only for a page that reaches the undated."""
        tail = "WHERE sort_date > ? ORDER BY sort_date, id DESC LIMIT ? OFFSET ?"
        rows = self._select(tail, (_NO_DATE, limit, offset), fold)
        if len(rows) < limit:
            skip = max(0, offset - self.dated_count(fold))
            tail = "WHERE sort_date = ? ORDER BY id LIMIT ? OFFSET ?"
            rows += self._select(tail, (_NO_DATE, limit - len(rows), skip), fold)
        return rows

    def _select(self, tail: str, args: tuple[object, ...], fold: bool) -> list[ArticleSummary]:
        """A page of summaries; ``tail`` starts with its WHERE. Folded, where the index
        found copies, they are left out and each original counts its copies."""
        columns = _SUMMARY_COLUMNS
        if fold and self._has_copies():
            columns += _COPIES_COLUMN
            tail = tail.replace("WHERE ", f"WHERE {_NOT_A_COPY} AND ", 1)
        rows = self.db.execute(f"SELECT {columns} FROM articles {tail}", args)
        return [summary_from_row(r) for r in rows]

    def summaries(self, ids: list[str]) -> dict[str, ArticleSummary]:
        marks = ",".join("?" * len(ids))
        columns = _SUMMARY_COLUMNS + (_COPIES_COLUMN if self._has_copies() else "")
        # each says how many copies of its text there are, folded or not
        rows = self.db.execute(f"SELECT {columns} FROM articles WHERE id IN ({marks})", ids)
        return {r["id"]: summary_from_row(r) for r in rows}

    def bodies(self, ids: list[str]) -> dict[str, str]:
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(f"SELECT id, body FROM articles WHERE id IN ({marks})", ids)
        return {r[0]: r[1] for r in rows}

    def article(self, article_id: str) -> Article | None:
        row = self.db.execute("SELECT * FROM articles WHERE id=?", (article_id,)).fetchone()
        if row is None:
            return None
        return Article(
            id=row["id"], title=row["title"], body=row["body"], date=_parse_date(row["date"]),
            source=row["source"], author=row["author"], url=row["url"],
            tags=tuple(json.loads(row["tags"])), path=row["path"], format=row["format"],
        )  # fmt: skip

    def present(self, ids: Iterable[str]) -> set[str]:
        """Which of these article ids the store holds (in chunks: SQLite caps the
        number of parameters)."""
        wanted, found = list(ids), set[str]()
        for at in range(0, len(wanted), 500):
            chunk = wanted[at : at + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(f"SELECT id FROM articles WHERE id IN ({marks})", chunk)
            found.update(r[0] for r in rows)
        return found

    def titled(self, title: str) -> list[tuple[str, str, str]]:
        """(id, title, body) of the articles with this title (any case): the candidates
        when the user state looks for an article whose file moved."""
        rows = self.db.execute(
            "SELECT id, title, body FROM articles WHERE title=? COLLATE NOCASE", (title,)
        )
        return [(r[0], r[1], r[2]) for r in rows]

    def raw_mentions(self, article_id: str) -> list[sqlite3.Row]:
        return self.db.execute(
            "SELECT start, end, label, key, name, text FROM mentions "
            "WHERE article_id=? ORDER BY start",
            (article_id,),
        ).fetchall()


def _per_entity(mentions: list[Mention]) -> list[tuple[str, str, str, int, int]]:
    """(key, label, name, count, first offset) per local key of one article."""
    first: dict[str, Mention] = {}
    counts: Counter[str] = Counter()
    for m in mentions:
        first.setdefault(m.key, m)
        counts[m.key] += 1
    return [(k, m.label, m.name, counts[k], m.start) for k, m in first.items()]
