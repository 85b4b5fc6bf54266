"""The catalogue's labels across runs (issue #11, "labels by evidence"): one vote per
article, and a label that had a lead cannot flip on one new article."""

from __future__ import annotations

from pathlib import Path

from newsdesk.index import catalogue
from newsdesk.index.store import FileRecord, Store
from newsdesk.models import Article, Mention
from newsdesk.settings import Settings


def add(store: Store, name: str, label: str) -> None:
    """One file with one article that names "Varnholt" once, under ``label``."""
    body = "Varnholt was mentioned."
    article = Article(id=name, title=name, body=body)
    mention = Mention(0, 8, "Varnholt", label, "varnholt", "Varnholt")
    with store.transaction() as db:
        store.replace_file(db, FileRecord(f"{name}.txt", 1, 1, name), [(article, [mention])])


def label(store: Store, settings: Settings) -> str:
    catalogue.rebuild(store, settings)
    row = store.db.execute("SELECT label FROM entities WHERE key='varnholt'").fetchone()
    return str(row[0])


def test_one_new_article_never_flips_a_label_that_had_a_lead(tmp_path: Path) -> None:
    settings = Settings(n_process=1, alias_file=tmp_path / "aliases.toml")
    store = Store(tmp_path / "store.sqlite")
    for n, vote in enumerate(("ORG", "ORG", "GPE")):
        add(store, f"a{n}", vote)
    assert label(store, settings) == "ORG"
    add(store, "a3", "GPE")  # 2 : 2, a tie the fixed order would give to the place
    assert label(store, settings) == "ORG"
    add(store, "a4", "GPE")  # a lead of its own
    assert label(store, settings) == "GPE"
    store.close()


def test_a_rebuild_from_nothing_uses_the_fixed_tie_order(tmp_path: Path) -> None:
    settings = Settings(n_process=1, alias_file=tmp_path / "aliases.toml")
    store = Store(tmp_path / "store.sqlite")
    for n, vote in enumerate(("ORG", "ORG", "GPE", "GPE")):
        add(store, f"a{n}", vote)
    assert label(store, settings) == "GPE"
    store.close()
