"""The questions an entity page asks, as SQL over the store: each one indexed, none a scan.

Mentions keep their article's local key; ``entity_map`` folds them into catalogue keys,
so every query here joins through it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from newsdesk.entities import fold
from newsdesk.groups import NAME_GROUPS
from newsdesk.index.store import summary_from_row
from newsdesk.models import Cooccurrence, EntityArticle, EntityInfo, Mention, MonthCount

_VISIBLE = "hidden = 0"
_LOCALS = "SELECT local_key FROM entity_map WHERE key = ?"
_NAMES = "grp IN ({})".format(", ".join(f"'{group}'" for group in NAME_GROUPS))
"""Names only: the catalogue keeps no values (``newsdesk.groups``), nor does a catalogue
built by an older newsdesk once this index is refreshed; until then, this says so."""


def info_from_row(row: sqlite3.Row) -> EntityInfo:
    return EntityInfo(
        key=row["key"], name=row["name"], label=row["label"],
        aliases=tuple(json.loads(row["aliases"])),
        article_count=row["article_count"], mention_count=row["mention_count"],
    )  # fmt: skip


def entity(db: sqlite3.Connection, key: str) -> EntityInfo | None:
    row = db.execute("SELECT * FROM entities WHERE key = ?", (key,)).fetchone()
    return info_from_row(row) if row else None


def canonical_key(db: sqlite3.Connection, local_key: str) -> str:
    row = db.execute("SELECT key FROM entity_map WHERE local_key = ?", (local_key,)).fetchone()
    return row[0] if row else local_key


def resolve(db: sqlite3.Connection, name: str) -> EntityInfo | None:
    """A name, any alias, any case or accents: the entity it most likely means."""
    folded = fold(name)
    direct = entity(db, canonical_key(db, folded))
    if direct:
        return direct
    for info in by_prefix(db, folded, limit=50):
        if folded in {fold(info.name), *(fold(a) for a in info.aliases)}:
            return info
    return None


def named(db: sqlite3.Connection, name: str) -> list[EntityInfo]:
    """Entities whose name or an alias folds to ``name``, most mentioned first."""
    folded = fold(name)
    found = by_prefix(db, folded, limit=200)
    return [i for i in found if folded in {fold(i.name), *(fold(a) for a in i.aliases)}]


def by_prefix(db: sqlite3.Connection, prefix: str, limit: int = 20) -> list[EntityInfo]:
    """Entities with a word of their name or aliases starting with each word typed."""
    words = fold(prefix).split()
    if not words:
        rows = db.execute(
            f"SELECT * FROM entities WHERE {_VISIBLE} ORDER BY mention_count DESC LIMIT ?", (limit,)
        )
        return [info_from_row(r) for r in rows]
    clauses = " AND ".join(
        "key IN (SELECT key FROM entity_words WHERE word >= ? AND word < ?)" for _ in words
    )
    params: list[object] = [p for w in words for p in (w, w + "\uffff")]
    rows = db.execute(
        f"SELECT * FROM entities WHERE {_VISIBLE} AND {clauses} "
        "ORDER BY mention_count DESC LIMIT ?",
        [*params, limit],
    )
    return [info_from_row(r) for r in rows]


ENTITY_ORDERS: dict[str, str] = {
    "articles": "article_count DESC, mention_count DESC, name, key",
    "mentions": "mention_count DESC, article_count DESC, name, key",
    "name": "key",
}
"""The Entities screen's sorts; each ends in the key, so pages never overlap, and each has
an index in ``store.py`` (SQLite walks it instead of sorting 100,000 rows). By name means
by key, the folded name: "İbrahim Kalın" files under i, where SQLite's NOCASE (ASCII
only) put it after z; a renamed entity keeps its place under the name it was found as."""


def _listing_filter(words: str, group: str | None) -> tuple[str, list[object]]:
    """The WHERE clause of a listing: visible, of one group, a word of the name or an
    alias starting with each word typed (as :func:`by_prefix`)."""
    clauses: list[str] = [_VISIBLE]
    params: list[object] = []
    if group:
        clauses.append("grp = ?")
        params.append(group)
    for word in fold(words).split():
        clauses.append("key IN (SELECT key FROM entity_words WHERE word >= ? AND word < ?)")
        params += [word, word + "\uffff"]
    return " AND ".join(clauses), params


def listing(
    db: sqlite3.Connection, words: str, group: str | None, sort: str, offset: int, limit: int
) -> list[EntityInfo]:
    """One page of the archive's entities: the one query behind ``newsdesk entities
    --list``, :meth:`Library.list_entities` and the reader's Entities screen.

    The page is picked from a covering index by keys alone, and only its rows are read:
    an OFFSET over ``SELECT *`` read every skipped row (182 ms at offset 99,900, now 7).
    Measured on a synthetic store of 100,000 entities (``tests/entity_list_helpers.py``,
    median of 7): a page of 100 in any sort 0.6-0.7 ms at the top, 6-7 ms at offset
    99,900, 10-12 ms deep in one type; :func:`listing_total` 5.5 ms (9 ms for one type);
    a two-letter filter matching 15,859 entities 26 ms a page and 34 ms to count, three
    letters (1,341) 5 + 3 ms, two words 55 + 63 ms.
    """
    where, params = _listing_filter(words, group)
    order = ENTITY_ORDERS[sort]
    rows = db.execute(
        f"SELECT * FROM entities WHERE key IN (SELECT key FROM entities WHERE {where} "
        f"ORDER BY {order} LIMIT ? OFFSET ?) ORDER BY {order}",
        [*params, limit, offset],
    )
    return [info_from_row(r) for r in rows]


def listing_total(db: sqlite3.Connection, words: str, group: str | None) -> int:
    """How many entities :func:`listing` pages through."""
    where, params = _listing_filter(words, group)
    return int(db.execute(f"SELECT COUNT(*) FROM entities WHERE {where}", params).fetchone()[0])


def top_entities(db: sqlite3.Connection, group: str | None, limit: int) -> list[EntityInfo]:
    """The archive's entities by article count (then mentions, then name), one group or all."""
    return listing(db, "", group, "articles", 0, limit)


def all_names(db: sqlite3.Connection) -> list[tuple[str, str]]:
    """(folded name, key) for every visible entity, for "did you mean" on unknown names."""
    rows = db.execute(f"SELECT key, name FROM entities WHERE {_VISIBLE}")
    return [(fold(r["name"]), r["key"]) for r in rows]


def for_article(db: sqlite3.Connection, article_id: str) -> list[tuple[EntityInfo, int]]:
    rows = db.execute(
        "SELECT e.*, SUM(ae.count) AS n, MIN(ae.first) AS first FROM article_entities ae "
        "JOIN entity_map m ON m.local_key = ae.key JOIN entities e ON e.key = m.key "
        f"WHERE ae.article_id = ? AND e.{_VISIBLE} GROUP BY e.key ORDER BY n DESC, first",
        (article_id,),
    )
    return [(info_from_row(r), r["n"]) for r in rows]


def articles(
    db: sqlite3.Connection, key: str, by_mentions: bool, offset: int, limit: int
) -> list[EntityArticle]:
    """One page of the entity's articles. The page is chosen from ``article_entities``
    alone (its covering index holds each row's date and count), and only the page's
    rows meet ``articles``: for an entity in 9,000 of 100,000 articles, 6 ms, not 60."""
    order = "n DESC, d DESC, pid" if by_mentions else "d DESC, n DESC, pid"
    rows = db.execute(
        "WITH page AS (SELECT article_id AS pid, SUM(count) AS n, MAX(sort_date) AS d "
        f"FROM article_entities WHERE key IN ({_LOCALS}) GROUP BY article_id "
        f"ORDER BY {order} LIMIT ? OFFSET ?) "
        "SELECT a.id, a.title, a.date, a.source, a.path, a.url, page.n FROM page "
        f"JOIN articles a ON a.id = page.pid ORDER BY {order}",
        (key, limit, offset),
    )
    return [EntityArticle(summary_from_row(r), r["n"]) for r in rows]


def mention_offsets(db: sqlite3.Connection, key: str, article_id: str) -> list[tuple[int, int]]:
    rows = db.execute(
        f"SELECT start, end FROM mentions WHERE article_id = ? AND key IN ({_LOCALS}) "
        "ORDER BY start",
        (article_id, key),
    )
    return [(r[0], r[1]) for r in rows]


def mention_offsets_in(
    db: sqlite3.Connection, key: str, article_ids: list[str]
) -> dict[str, list[tuple[int, int]]]:
    """:func:`mention_offsets` for several articles at once, by article."""
    marks = ",".join("?" * len(article_ids))
    rows = db.execute(
        f"SELECT article_id, start, end FROM mentions WHERE article_id IN ({marks}) "
        f"AND key IN ({_LOCALS}) ORDER BY article_id, start",
        (*article_ids, key),
    )
    found: dict[str, list[tuple[int, int]]] = {}
    for article_id, start, end in rows:
        found.setdefault(article_id, []).append((start, end))
    return found


def cooccurring(db: sqlite3.Connection, key: str, limit: int) -> list[Cooccurrence]:
    """Who and what shares articles with the entity: names only, since dates ("Tuesday")
    and numbers say nothing about it (the rule of ``newsdesk.groups``).

    Rows are counted per local key first (``(article_id, key)`` is unique, so that
    counts articles) and only the grouped rows meet the catalogue: 3-4x faster than
    joining every co-mention to it."""
    rows = db.execute(
        "WITH arts AS (SELECT DISTINCT article_id FROM article_entities "
        f"WHERE key IN ({_LOCALS})), "
        "local AS (SELECT ae.key AS key, COUNT(*) AS n FROM arts "
        "JOIN article_entities ae ON ae.article_id = arts.article_id GROUP BY ae.key) "
        "SELECT e.key, e.name, e.label, SUM(local.n) AS n FROM local "
        "JOIN entity_map m ON m.local_key = local.key JOIN entities e ON e.key = m.key "
        f"WHERE e.key != ? AND e.{_VISIBLE} AND e.{_NAMES} "
        "GROUP BY e.key ORDER BY n DESC, e.mention_count DESC, e.name LIMIT ?",
        (key, key, limit),
    )
    return [Cooccurrence(r["key"], r["name"], r["label"], r["n"]) for r in rows]


def timeline(db: sqlite3.Connection, key: str) -> list[MonthCount]:
    rows = db.execute(
        f"SELECT month, SUM(count) FROM article_entities WHERE key IN ({_LOCALS}) "
        "AND month IS NOT NULL GROUP BY month ORDER BY month",
        (key,),
    )
    return fill_months([(r[0], r[1]) for r in rows])


def fill_months(counts: Sequence[tuple[str, int]]) -> list[MonthCount]:
    """Every month from the first to the last, zeros included, so a sparkline reads as time."""
    if not counts:
        return []
    known = dict(counts)
    year, month = map(int, counts[0][0].split("-"))
    out: list[MonthCount] = []
    while True:
        label = f"{year:04d}-{month:02d}"
        out.append(MonthCount(label, known.get(label, 0)))
        if label >= counts[-1][0]:
            return out
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def article_mentions(db: sqlite3.Connection, article_id: str) -> list[Mention]:
    """The article's mentions under their catalogue keys, names and archive labels, so
    the same entity looks the same in every article; hidden entities left out."""
    rows = db.execute(
        "SELECT m.start, m.end, m.text, COALESCE(e.label, m.label) AS label, "
        "COALESCE(e.key, m.key) AS key, COALESCE(e.name, m.name) AS name "
        "FROM mentions m LEFT JOIN entity_map em ON em.local_key = m.key "
        "LEFT JOIN entities e ON e.key = em.key "
        "WHERE m.article_id = ? AND COALESCE(e.hidden, 0) = 0 ORDER BY m.start",
        (article_id,),
    )
    return [Mention(r["start"], r["end"], r["text"], r["label"], r["key"], r["name"]) for r in rows]


def hidden(db: sqlite3.Connection) -> list[EntityInfo]:
    """Entities the user hid, most mentioned first (what "unhide" offers)."""
    rows = db.execute("SELECT * FROM entities WHERE hidden = 1 ORDER BY mention_count DESC")
    return [info_from_row(r) for r in rows]


def joined_keys(db: sqlite3.Connection, key: str) -> list[tuple[str, int]]:
    """The other local keys (names) the catalogue joined into ``key``, with the articles
    that use each: what "split" can take out of an entity."""
    rows = db.execute(
        "SELECT ae.key, COUNT(*) FROM entity_map em JOIN article_entities ae "
        "ON ae.key = em.local_key WHERE em.key = ? AND em.local_key != ? "
        "GROUP BY ae.key ORDER BY COUNT(*) DESC, ae.key",
        (key, key),
    )
    return [(r[0], r[1]) for r in rows]


def local_name(db: sqlite3.Connection, local_key: str) -> str:
    """The most used written form of a local key (a folded name) in the articles."""
    row = db.execute(
        "SELECT name FROM article_entities WHERE key = ? GROUP BY name "
        "ORDER BY SUM(count) DESC LIMIT 1",
        (local_key,),
    ).fetchone()
    return str(row[0]) if row else local_key
