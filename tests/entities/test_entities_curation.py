"""Curating entities: each operation on a real index of the samples, the alias file kept
as the user wrote it, and any sequence of edits reading back as what was asked."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.entities.aliases import load_aliases
from newsdesk.entities.curation import AliasEditor, editing, undo
from newsdesk.entities.normalize import fold
from newsdesk.errors import AliasFileError
from newsdesk.groups import RETYPE_GROUPS
from newsdesk.library import Library
from newsdesk.models import EntityInfo


def entity(lib: Library, name: str) -> EntityInfo:
    info = lib.resolve_entity(name)
    assert info is not None, name
    return info


def test_merge_joins_articles_mentions_and_aliases(curated: Library) -> None:
    aliyev, pashinyan = entity(curated, "Ilham Aliyev"), entity(curated, "Nikol Pashinyan")
    both = {a.summary.id for key in (aliyev.key, pashinyan.key)
            for a in curated.entity_articles(key, limit=1000)}  # fmt: skip
    done = curated.merge_entity(pashinyan, aliyev)
    assert done.summary == f"merged Nikol Pashinyan into Ilham Aliyev: {len(both)} articles"
    merged = entity(curated, "Pashinyan")
    assert merged.key == aliyev.key and "Pashinyan" in merged.aliases
    assert {a.summary.id for a in curated.entity_articles(aliyev.key, limit=1000)} == both
    assert curated.entity(pashinyan.key) is None
    text = curated.settings.alias_file.read_text(encoding="utf-8")
    assert '"Nikol Pashinyan" = "Ilham Aliyev"' in text


def test_split_takes_a_joined_name_out_and_undo_puts_it_back(curated: Library) -> None:
    leyla = entity(curated, "Leyla Hasanova")
    joined = curated.joined_names(leyla.key)
    assert [(k, form) for k, form, _ in joined] == [("hasanova", "Hasanova")]
    done = curated.split_entity(leyla, "hasanova")
    assert done.summary.startswith("split Hasanova out of Leyla Hasanova: ")
    assert done.key == "hasanova" and curated.entity("hasanova") is not None
    assert curated.joined_names(leyla.key) == []
    assert curated.undo_curation().summary == "undid the last change to the alias file"
    assert curated.entity("hasanova") is None
    assert [k for k, _, _ in curated.joined_names(leyla.key)] == ["hasanova"]
    assert not curated.settings.alias_file.exists()  # there was no file before the split
    assert curated.undo_curation().summary == "nothing to undo"


def test_rename_retype_hide_and_unhide(curated: Library) -> None:
    aliyev = entity(curated, "Ilham Aliyev")
    curated.rename_entity(aliyev, "President  Aliyev")
    renamed = entity(curated, "Aliyev")
    assert renamed.name == "President Aliyev" and renamed.key == aliyev.key
    curated.retype_entity(renamed, "org")
    assert entity(curated, "Aliyev").label == "ORG"
    some_article = curated.entity_articles(aliyev.key, limit=1)[0].summary.id
    assert any(m.key == aliyev.key for m in curated.mentions(some_article))
    hid = curated.hide_entity(entity(curated, "Aliyev"))
    assert hid.summary.startswith("hid President Aliyev (") and "searchable" in hid.summary
    assert [h.key for h in curated.hidden_entities()] == [aliyev.key]
    assert all(m.key != aliyev.key for m in curated.mentions(some_article))
    assert curated.search("Aliyev").total > 0
    shown = curated.unhide_entity(curated.hidden_entities()[0])
    assert shown.summary == "President Aliyev is shown again"
    assert curated.hidden_entities() == []
    text = curated.settings.alias_file.read_text(encoding="utf-8")
    assert '"Ilham Aliyev" = "President Aliyev"' in text and '"Ilham Aliyev" = "org"' in text


def test_the_users_own_lines_and_comments_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "aliases.toml"
    path.write_text(
        '# my corrections\nhide = ["Monday"]  # days\n\n[merge]\n'
        '"Erdogan" = "Recep Tayyip Erdogan"  # the president\n',
        encoding="utf-8",
    )
    with editing(path) as aliases:
        aliases.merge("Erdoğan", "Emine Erdoğan")  # same folded name as the hand entry
        aliases.hide("monday")  # already there, in another case
        aliases.retype("Chelsea", "org")
    text = path.read_text(encoding="utf-8")
    assert text.startswith('# my corrections\nhide = ["Monday"]  # days\n')
    assert text.count("Erdo") == 2 and '"Erdoğan" = "Emine Erdoğan"' in text
    loaded = load_aliases(path)
    assert loaded.merge == {"erdogan": "emine erdogan"} and loaded.retype == {"chelsea": "ORG"}


def test_bad_requests_are_one_line_and_change_nothing(tmp_path: Path) -> None:
    path = tmp_path / "aliases.toml"
    with pytest.raises(AliasFileError, match="into itself"), editing(path) as aliases:
        aliases.merge("Aliyev", "ALIYEV")
    with pytest.raises(AliasFileError, match="unknown type"), editing(path) as aliases:
        aliases.retype("Aliyev", "planet")
    assert not path.exists()
    path.write_text("[merge\n", encoding="utf-8")
    with pytest.raises(AliasFileError, match="not valid TOML"):
        AliasEditor(path)


NAMES = ["Ann Lee", "Lee", "Bo Chan", "Chan", "Cy Dorr"]
OPS = st.one_of(
    st.tuples(st.just("merge"), st.sampled_from(NAMES), st.sampled_from(NAMES)),
    st.tuples(st.just("split"), st.sampled_from(NAMES), st.sampled_from([None, *NAMES])),
    st.tuples(st.just("rename"), st.sampled_from(NAMES), st.sampled_from(["X Y", "Zed"])),
    st.tuples(st.just("retype"), st.sampled_from(NAMES), st.sampled_from(RETYPE_GROUPS)),
    st.tuples(st.just("hide"), st.sampled_from(NAMES), st.none()),
    st.tuples(st.just("unhide"), st.sampled_from(NAMES), st.none()),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(OPS, max_size=12))
def test_any_sequence_of_edits_reads_back_as_asked(tmp_path_factory, ops) -> None:
    """A plain model of the file (last word wins per name) against what the alias file
    reads back as after the edits, each saved on its own as the reader does."""
    path = tmp_path_factory.mktemp("alias") / "aliases.toml"
    model: dict[str, dict[str, str]] = {"merge": {}, "split": {}, "rename": {}, "retype": {}}
    hidden: set[str] = set()
    for op, name, arg in ops:
        before = path.read_text(encoding="utf-8") if path.exists() else None
        try:
            with editing(path) as aliases:
                getattr(aliases, op)(*([name] if arg is None and op != "split" else [name, arg]))
        except AliasFileError as exc:  # into itself, or a circle of merges: refused whole
            assert op == "merge" and ("itself" in str(exc) or "circle" in str(exc))
            assert (path.read_text(encoding="utf-8") if path.exists() else None) == before
            continue
        _apply(model, hidden, op, fold(name), fold(arg) if arg else None)
    loaded = load_aliases(path) if path.exists() else None
    if loaded is None:
        return
    assert loaded.split == model["split"]
    merges = {k: v for k, v in model["merge"].items() if k not in model["split"]}
    assert set(loaded.merge) == set(merges)
    assert loaded.hide == {loaded.merge.get(k, k) for k in hidden}
    assert {loaded.merge.get(k, k) for k in model["retype"]} == set(loaded.retype)
    again = path.read_text(encoding="utf-8")
    with editing(path):
        pass
    assert path.read_text(encoding="utf-8") == again
    assert undo(path)


def _apply(model: dict[str, dict[str, str]], hidden: set[str], op: str, name: str,
           arg: str | None) -> None:  # fmt: skip
    if op == "merge":
        model["split"].pop(name, None)
        model["merge"][name] = arg or ""
    elif op == "split":
        model["merge"].pop(name, None)
        model["split"][name] = arg or name
    elif op in ("rename", "retype"):
        model[op][name] = arg or ""
    elif op == "hide":
        hidden.add(name)
    else:
        hidden.discard(name)
