"""``cli.py`` is a parser over typed helpers: each command hands what click parsed to one
function of ``cliutil``, and those functions say what they take (a ``Library``, not
``Any``), so mypy checks every call the commands make into the library."""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Iterator

import click

from newsdesk import cliutil
from newsdesk.cli import main


def commands(group: click.Group, prefix: str = "") -> Iterator[tuple[str, click.Command]]:
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from commands(command, f"{prefix}{name} ")
        else:
            yield prefix + name, command


def body_of(command: click.Command) -> list[ast.stmt]:
    """The callback's statements, its docstring left out."""
    assert command.callback is not None
    source = textwrap.dedent(inspect.getsource(inspect.unwrap(command.callback)))
    function = ast.parse(source).body[0]
    assert isinstance(function, ast.FunctionDef)
    body = function.body
    return body[1:] if ast.get_docstring(function) else body


def test_the_walk_finds_every_command() -> None:
    found = {name for name, _ in commands(main)}
    assert {"read", "index", "search", "entities", "entity", "alias merge", "alias list"} <= found
    assert len(found) == 15


def test_each_command_is_one_call_to_a_cliutil_function() -> None:
    for name, command in commands(main):
        body = body_of(command)
        assert len(body) == 1 and isinstance(body[0], ast.Expr), name
        call = body[0].value
        assert isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute), name
        assert isinstance(call.func.value, ast.Name) and call.func.value.id == "cliutil", name
        assert callable(getattr(cliutil, call.func.attr)), name


def test_cliutil_types_what_it_takes_and_gives() -> None:
    """No ``Any`` in a helper's parameters or results but where JSON is built."""
    helpers = [f for _, f in inspect.getmembers(cliutil, inspect.isfunction)
               if f.__module__ == cliutil.__name__]  # fmt: skip
    assert len(helpers) > 20
    for helper in helpers:
        for name, annotation in helper.__annotations__.items():
            if name == "library":
                assert annotation == "Library", helper.__name__
            elif not helper.__name__.endswith("_json"):
                assert "Any" not in str(annotation), (helper.__name__, name, annotation)
