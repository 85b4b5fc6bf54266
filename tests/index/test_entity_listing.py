"""The Entities listing: one paged query for the reader's Entities screen and ``entities
--list``, sorted three ways, filtered by type and by the words typed."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import given, settings
from hypothesis import strategies as st

from entity_list_helpers import GROUPS, Row, catalogue_store, many_rows
from newsdesk.index import entity_queries as eq
from newsdesk.index.store import Store
from newsdesk.library import Library

SORTS = {
    "articles": lambda r: (-r.articles, -r.mentions, r.name, r.key),
    "mentions": lambda r: (-r.mentions, -r.articles, r.name, r.key),
    "name": lambda r: r.key,
}
names = st.from_regex(r"[A-Z][a-z]{0,4}( [A-Z][a-z]{0,4}){0,2}", fullmatch=True)
rows = st.lists(
    st.builds(Row, names, st.sampled_from(GROUPS), st.integers(1, 4), st.integers(1, 6),
              st.booleans()),
    unique_by=lambda r: r.key, max_size=40,
)  # fmt: skip


def paged(db: sqlite3.Connection, sort: str, size: int, group: str | None, words: str) -> list:
    out, offset = [], 0
    while page := eq.listing(db, words, group, sort, offset, size):
        out += page
        offset += size
    return out


@settings(max_examples=60, deadline=None)
@given(rows, st.sampled_from(sorted(SORTS)), st.integers(1, 7), st.sampled_from([None, *GROUPS]))
def test_paging_gives_every_visible_entity_once_in_order(
    catalogue: list[Row], sort: str, size: int, group: str | None
) -> None:
    with TemporaryDirectory() as folder:
        store = catalogue_store(Path(folder) / "store.sqlite", catalogue)
        try:
            got = [info.key for info in paged(store.db, sort, size, group, "")]
            total = eq.listing_total(store.db, "", group)
        finally:
            store.close()
    shown = [r for r in catalogue if not r.hidden and group in (None, r.group)]
    assert got == [r.key for r in sorted(shown, key=SORTS[sort])]
    assert total == len(shown)


@settings(max_examples=40, deadline=None)
@given(rows, st.from_regex(r"[a-z]{1,2}( [a-z])?", fullmatch=True))
def test_the_filter_keeps_names_with_a_word_starting_with_each_word_typed(
    catalogue: list[Row], typed: str
) -> None:
    with TemporaryDirectory() as folder:
        store = catalogue_store(Path(folder) / "store.sqlite", catalogue)
        try:
            got = {info.key for info in paged(store.db, "name", 5, None, typed)}
            total = eq.listing_total(store.db, typed, None)
        finally:
            store.close()

    def fits(row: Row) -> bool:
        return all(any(w.startswith(t) for w in row.key.split()) for t in typed.split())

    wanted = {r.key for r in catalogue if not r.hidden and fits(r)}
    assert got == wanted and total == len(wanted)


def test_a_deep_page_of_a_large_catalogue_walks_an_index_not_a_sort(tmp_path: Path) -> None:
    """Each sort has an index, so SQLite never builds a temporary B-tree to order by."""
    store = catalogue_store(tmp_path / "store.sqlite", many_rows(500))
    try:
        store.db.execute("ANALYZE")
        for order in eq.ENTITY_ORDERS.values():
            plan = store.db.execute(
                f"EXPLAIN QUERY PLAN SELECT * FROM entities WHERE hidden = 0 ORDER BY {order} "
                "LIMIT 100 OFFSET 400"
            ).fetchall()
            assert not any("TEMP B-TREE" in row[3] for row in plan), (order, plan)
    finally:
        store.close()


def test_the_library_lists_the_samples_by_each_sort_and_counts_them(library: Library) -> None:
    total = library.count_entities()
    everything = library.list_entities(limit=total + 10)
    assert len(everything) == total > 20
    assert everything[:8] == library.list_entities(None, 8)  # what `entities --list` prints
    by_name = library.list_entities(limit=total, sort="name")
    assert [e.key for e in by_name] == sorted(e.key for e in by_name)  # folded: İ with the i's
    people = library.list_entities("person", limit=total, sort="mentions")
    assert len(people) == library.count_entities("person") > 0
    assert [e.mention_count for e in people] == sorted((e.mention_count for e in people),
                                                       reverse=True)  # fmt: skip
    found = library.list_entities(words="erdo", limit=10)
    assert "recep tayyip erdogan" in [e.key for e in found]
    assert library.count_entities(words="erdo") == len(found)


NEW_INDEXES = ("entities_by_article_order", "entities_by_mention_order", "entities_by_key_order")


def test_an_index_made_before_the_listing_indexes_reads_the_same_and_gains_them(
    curated: Library, library: Library
) -> None:
    """Readers open the store read-only, so an older index keeps working without the
    new indexes; the next writer to open it (an indexing run, a curation) adds them."""
    copy = curated
    store_file = next(copy.index_dir.glob("gen-*/store.sqlite"))
    with sqlite3.connect(store_file) as db:
        for name in NEW_INDEXES:
            db.execute(f"DROP INDEX {name}")
    for sort in eq.ENTITY_ORDERS:
        assert copy.list_entities(limit=500, sort=sort) == library.list_entities(
            limit=500, sort=sort
        )
    copy.close()
    Store(store_file).close()
    with sqlite3.connect(store_file) as db:
        present = {
            row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='index'")
        }
    assert set(NEW_INDEXES) <= present
