"""The entity questions the reader asks, answered from the real sample index."""

from __future__ import annotations

from pathlib import Path

import pytest

import newsdesk.entities
from helpers import write
from newsdesk.groups import group_of
from newsdesk.library import Library, open_library
from newsdesk.settings import Settings


def erdogan(library: Library):
    info = library.resolve_entity("Erdogan")
    assert info is not None
    return info


def test_resolve_by_any_alias_case_and_accents(library: Library) -> None:
    info = erdogan(library)
    assert info.name == "Recep Tayyip Erdoğan" and info.label == "PERSON"
    for spelling in ("erdoğan", "RECEP TAYYIP ERDOGAN", "Recep Tayyip Erdoğan"):
        resolved = library.resolve_entity(spelling)
        assert resolved is not None and resolved.key == info.key


def test_the_first_lady_is_a_different_entity(library: Library) -> None:
    emine = library.resolve_entity("Emine Erdogan")
    assert emine is not None and emine.key != erdogan(library).key


def test_entity_articles_newest_first_and_by_mentions(library: Library) -> None:
    key = erdogan(library).key
    by_date = library.entity_articles(key)
    dates = [a.summary.date for a in by_date if a.summary.date]
    assert dates == sorted(dates, reverse=True)
    by_count = [a.mentions for a in library.entity_articles(key, sort="mentions")]
    assert by_count == sorted(by_count, reverse=True)
    assert len(by_date) == erdogan(library).article_count
    assert sum(by_count) == erdogan(library).mention_count


@pytest.mark.parametrize("sort", ["date", "mentions"])
def test_paging_an_entitys_articles_repeats_and_skips_nothing(library: Library, sort) -> None:
    """Ties (same date, same count) are broken by id, so page boundaries are stable."""
    key = erdogan(library).key
    whole = [a.summary.id for a in library.entity_articles(key, sort=sort)]
    paged = [
        a.summary.id
        for offset in range(0, len(whole), 2)
        for a in library.entity_articles(key, sort, offset, 2)
    ]
    assert paged == whole and len(set(whole)) == len(whole)


def test_every_context_line_marks_the_entity(library: Library) -> None:
    info = erdogan(library)
    first = library.entity_articles(info.key)[0]
    contexts = library.entity_contexts(info.key, first.summary.id)
    assert len(contexts) == first.mentions
    assert all("Erdo" in c.text[c.start : c.end] for c in contexts)


def test_cooccurring_entities_share_articles(library: Library) -> None:
    info = erdogan(library)
    beside = library.cooccurring(info.key)
    names = [c.name for c in beside]
    assert "Ilham Aliyev" in names
    assert info.key not in {c.key for c in beside}
    counts = [c.count for c in beside]
    assert counts == sorted(counts, reverse=True)
    assert max(counts) <= info.article_count


def test_timeline_covers_every_month_between_first_and_last(library: Library) -> None:
    months = library.timeline(erdogan(library).key)
    labels = [m.month for m in months]
    assert labels == sorted(labels) and len(set(labels)) == len(labels)
    assert sum(m.mentions for m in months) == erdogan(library).mention_count
    assert any(m.mentions == 0 for m in months)


def test_find_entities_by_prefix_of_any_word(library: Library) -> None:
    names = [e.name for e in library.find_entities("aliy")]
    assert "Ilham Aliyev" in names
    assert [e.name for e in library.find_entities("ilham ali")] == ["Ilham Aliyev"]


def test_article_entities_count_mentions(library: Library) -> None:
    info = erdogan(library)
    article = library.entity_articles(info.key, sort="mentions")[0]
    found = dict((e.key, n) for e, n in library.article_entities(article.summary.id))
    assert found[info.key] == article.mentions


def test_mentions_carry_catalogue_keys_and_names(library: Library) -> None:
    info = erdogan(library)
    article = library.entity_articles(info.key)[0]
    body = library.get_article(article.summary.id).body  # type: ignore[union-attr]
    mentions = library.mentions(article.summary.id)
    assert all(body[m.start : m.end] == m.text for m in mentions)
    assert {m.name for m in mentions if m.key == info.key} == {info.name}


TEXT = (
    "Title: {t}\nDate: 2021-0{d}-01\nSource: Test Wire\n\n"
    "President Ilham Aliyev met Jeyhun Bayramov in Baku on {w}. Aliyev thanked Bayramov.\n"
)


@pytest.fixture
def aliased(tmp_path: Path) -> tuple[Library, Path]:
    corpus = tmp_path / "corpus"
    pairs = [("Talks in Baku", "Monday"), ("More talks", "Friday")]
    for i, (title, weekday) in enumerate(pairs, 1):
        write(corpus, f"{i}.txt", TEXT.format(t=title, d=i, w=weekday))
    settings = Settings(n_process=1, alias_file=tmp_path / "aliases.toml")
    lib = open_library(corpus, index_dir=tmp_path / "index", settings=settings)
    lib.refresh()
    return lib, settings.alias_file


def test_alias_file_merges_renames_hides_without_rerunning_ner(
    aliased: tuple[Library, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    lib, alias_file = aliased
    assert lib.resolve_entity("Baku") is not None
    aliyev, bayramov = lib.resolve_entity("Ilham Aliyev"), lib.resolve_entity("Jeyhun Bayramov")
    assert aliyev is not None and bayramov is not None and aliyev.key != bayramov.key
    alias_file.write_text(
        'hide = ["Baku"]\n[merge]\n"Jeyhun Bayramov" = "Ilham Aliyev"\n'
        '[rename]\n"Ilham Aliyev" = "President Aliyev"\n',
        encoding="utf-8",
    )

    def refuse(*_a: object, **_k: object) -> None:
        raise AssertionError("NER ran to apply aliases")

    monkeypatch.setattr(newsdesk.entities, "Recognizer", refuse)
    lib.refresh()
    merged = lib.resolve_entity("Jeyhun Bayramov")
    assert merged is not None and merged.name == "President Aliyev"
    assert merged.mention_count == aliyev.mention_count + bayramov.mention_count
    assert "Baku" not in {e.name for e in lib.find_entities("bak")}
    assert "Baku" not in {m.text for m in lib.mentions(lib.list_articles()[0].id)}


def test_cooccurring_leaves_out_dates_and_numbers(library: Library) -> None:
    labels = {c.label for c in library.cooccurring(erdogan(library).key, limit=500)}
    assert labels and not labels & {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT"}


RELATIVE = (
    "Title: Port strike {n}\nDate: 2021-0{n}-01\n\n"
    "Dockers led by Marta Quell walked out last week, and talks resumed on Monday. "
    "Quell said yesterday that this year's pay offer was an insult. The strike has now "
    "lasted an hour and a half longer than the annual stoppage in 2019.\n"
)


def test_relative_dates_are_highlighted_but_have_no_entity_page(tmp_path: Path) -> None:
    for n in (1, 2):
        write(tmp_path / "corpus", f"{n}.txt", RELATIVE.format(n=n))
    settings = Settings(n_process=1, alias_file=tmp_path / "aliases.toml")
    lib = open_library(tmp_path / "corpus", index_dir=tmp_path / "index", settings=settings)
    lib.refresh()
    article = lib.list_articles()[0].id
    dates = {m.text for m in lib.mentions(article) if group_of(m.label) == "date"}
    assert {"last week", "Monday", "yesterday"} <= dates
    for text in dates:
        assert lib.resolve_entity(text) is None, text
    quell = lib.resolve_entity("Marta Quell")
    assert quell is not None
    listed = [*lib.find_entities("", limit=100), *(e for e, _ in lib.article_entities(article))]
    assert all(group_of(e.label) not in ("date", "number") for e in listed)
    assert all(group_of(c.label) != "date" for c in lib.cooccurring(quell.key))
