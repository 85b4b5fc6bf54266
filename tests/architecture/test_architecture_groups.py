"""One vocabulary for entity groups: ``newsdesk.groups`` writes the names, their order, their
plurals, which are names and which values, the search fields and the retype choices;
every other module takes them from there. Checked two ways: the layers that use them
agree with it, and no other source file spells a set of groups out."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import click

import newsdesk
from newsdesk import groups
from newsdesk.cli import main
from newsdesk.entities.aliases import aliases_from
from newsdesk.errors import AliasFileError
from newsdesk.index.schema import ENTITY_FIELDS, FIELD_ALIASES, build_schema
from newsdesk.spans import DEFAULT_TYPES
from newsdesk.tui.highlight import PALETTE, STRONG

SOURCE = Path(newsdesk.__file__).parent
COLOUR_TABLES = {("tui/highlight.py", "PALETTE"), ("tui/highlight.py", "STRONG"),
                 ("index/schema.py", "FIELD_ALIASES")}  # fmt: skip
"""Tables keyed by group (a colour, the query language's field aliases): each checked
below against the vocabulary instead."""
QUOTED = re.compile(r"'(?:{})'".format("|".join(groups.GROUP_ORDER)))


def test_the_vocabulary_agrees_with_itself() -> None:
    assert tuple(groups.GROUP_NAMES) == groups.GROUP_ORDER
    assert sorted(groups.NAME_GROUPS + groups.VALUE_GROUPS) == sorted(groups.GROUP_ORDER)
    assert set(groups.LABEL_GROUPS.values()) == set(groups.GROUP_ORDER)
    assert groups.RETYPE_GROUPS == groups.NAME_GROUPS
    assert all(groups.group_of(groups.RETYPE_LABELS[g]) == g for g in groups.RETYPE_GROUPS)
    assert set(groups.FIELD_GROUPS) < set(groups.NAME_GROUPS)
    assert set(groups.NAMES_MODE_GROUPS) < set(groups.NAME_GROUPS)
    assert set(groups.LEGEND_GROUPS) < set(groups.GROUP_ORDER)
    assert groups.is_name_label("GPE") and groups.is_name_label("MISC")
    assert not groups.is_name_label("TIME") and not groups.is_name_label("MONEY")


def choices(*path: str) -> tuple[str, ...]:
    command: click.Command = main
    for name in path[:-1]:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    param = next(p for p in command.params if p.name == path[-1])
    assert isinstance(param.type, click.Choice)
    return tuple(param.type.choices)


def test_every_layer_speaks_it() -> None:
    assert ENTITY_FIELDS == groups.FIELD_GROUPS
    assert set(groups.FIELD_GROUPS) <= set(build_schema().names())
    assert set(FIELD_ALIASES) - {"tags"} <= set(groups.FIELD_GROUPS)
    assert choices("entities", "group") == groups.NAME_GROUPS
    assert choices("alias", "retype", "kind") == groups.RETYPE_GROUPS
    assert frozenset(groups.NAME_GROUPS) == DEFAULT_TYPES
    assert set(PALETTE) == set(STRONG) == set(groups.GROUP_ORDER)
    for group in groups.RETYPE_GROUPS:
        assert aliases_from(Path("a.toml"), {"retype": {"X": group}}).retype
    try:
        aliases_from(Path("a.toml"), {"retype": {"X": "date"}})
    except AliasFileError as exc:
        assert ", ".join(groups.RETYPE_GROUPS) in str(exc)
    else:
        raise AssertionError("a date is no type an entity can be given")


def spelt_out(node: ast.AST) -> Iterator[int]:
    """Line numbers of literal collections naming three groups or more, and of strings
    quoting a group as SQL does."""
    for found in ast.walk(node):
        if isinstance(found, ast.Dict):
            items = [*(k for k in found.keys if k is not None), *found.values]
        elif isinstance(found, ast.Tuple | ast.List | ast.Set):
            items = found.elts
        elif isinstance(found, ast.Constant) and isinstance(found.value, str):
            if QUOTED.search(found.value):
                yield found.lineno
            continue
        else:
            continue
        named = [i for i in items if isinstance(i, ast.Constant) and i.value in groups.GROUP_ORDER]
        if len(named) >= 3:
            yield found.lineno


def assigned_names(statement: ast.stmt) -> set[str]:
    targets = statement.targets if isinstance(statement, ast.Assign) else []
    if isinstance(statement, ast.AnnAssign):
        targets = [statement.target]
    return {t.id for t in targets if isinstance(t, ast.Name)}


def test_no_other_module_spells_the_groups_out() -> None:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        where = path.relative_to(SOURCE).as_posix()
        if where == "groups.py":
            continue
        for statement in ast.parse(path.read_text(encoding="utf-8")).body:
            if any((where, name) in COLOUR_TABLES for name in assigned_names(statement)):
                continue
            found += [f"{where}:{line}" for line in spelt_out(statement)]
    assert found == []
