"""The command line: parse, call the library, print. No logic of its own lives here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from newsdesk import __version__, locations, state
from newsdesk.output import fail, line

LIST_GROUPS = ("person", "org", "place", "group", "event", "other")
"""The types ``entities --list --type`` accepts: the reader's name groups."""


class _ReaderByDefault(click.Group):
    """``newsdesk PATH`` opens the reader: anything that is not a command is a path."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        at = _first_positional(args)
        if at is None and not {"--help", "-h", "--version"} & set(args):
            args = [*args, "read"]
        elif at is not None and args[at] not in self.commands:
            args = [*args[:at], "read", *args[at:]]
        return super().parse_args(ctx, args)


def _first_positional(args: list[str]) -> int | None:
    """Index of the first argument that is neither an option nor an option's value."""
    skip = False
    for i, arg in enumerate(args):
        if skip:
            skip = False
        elif arg == "--index":
            skip = True
        elif not arg.startswith("-"):
            return i
    return None


@click.group(cls=_ReaderByDefault, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--index", "index_dir", type=click.Path(path_type=Path), envvar="NEWSDESK_INDEX",
              help="Index folder (default: one per corpus in the user data dir).")  # fmt: skip
@click.version_option(__version__, prog_name="newsdesk")
@click.pass_context
def main(ctx: click.Context, index_dir: Path | None) -> None:
    """A terminal reader for news archives: newsdesk [PATH] opens the reader on PATH."""
    ctx.obj = {"index_dir": index_dir}


def _settings(ctx: click.Context) -> Any:
    """The user's settings, read once, when a command first needs them (so ``--help``
    works whatever the file holds). A mistake in the config file is one line naming the
    file, the line or key and the problem, with exit status 2; an unknown key a warning."""
    if "settings" not in ctx.obj:
        ctx.obj["settings"] = _load_settings()
    return ctx.obj["settings"]


def _load_settings() -> Any:
    from newsdesk.settings import Settings, SettingsError

    try:
        return Settings.load(
            warn=lambda problem: click.echo(f"newsdesk: warning: {line(problem)}", err=True)
        )
    except SettingsError as exc:
        fail(str(exc), 2)


def _library(ctx: click.Context, corpus: Path | None) -> Any:
    from newsdesk.library import open_library

    return open_library(corpus, ctx.obj["index_dir"], _settings(ctx))


def _default_corpus() -> Path | None:
    return state.last_corpus() or locations.bundled_samples()


@main.command()
@click.argument(
    "path", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@click.pass_context
def read(ctx: click.Context, path: Path | None) -> None:
    """Open the reader on PATH (indexing it first), else the last corpus or the samples."""
    from newsdesk.cliutil import check_readable, index_with_progress

    corpus = path or _default_corpus()
    if corpus is None:
        fail("no corpus: give a folder of articles, e.g. newsdesk ~/news")
    library = _library(ctx, corpus)
    state.remember_corpus(library.corpus)
    first_time = not library.is_indexed()
    if first_time:
        index_with_progress(library, rebuild=False)
    check_readable(library, named=path is not None)
    from newsdesk.tui.app import make_app

    make_app(library, library.settings, refresh_on_start=not first_time).run()


@main.command()
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--rebuild", is_flag=True, help="Build a fresh index aside and swap it in.")
@click.pass_context
def index(ctx: click.Context, path: Path, rebuild: bool) -> None:
    """Index the articles under PATH (incrementally: only what changed)."""
    from newsdesk.cliutil import index_with_progress, print_report

    library = _library(ctx, path)
    state.remember_corpus(library.corpus)
    print_report(index_with_progress(library, rebuild))


@main.command()
@click.argument("query")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.option("--corpus", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Search this corpus's index (default: the last one indexed).")  # fmt: skip
@click.pass_context
def search(
    ctx: click.Context, query: str, limit: int, sort: str, as_json: bool, corpus: Path | None
) -> None:
    """Search the index with the query language (see docs/guide.md)."""
    from newsdesk.cliutil import check_corpus, print_search, run_search

    library = _library(ctx, corpus or _default_corpus())
    if corpus is not None:
        check_corpus(library)
    print_search(run_search(library, query, limit, sort), as_json)


@main.command()
@click.argument("file", default="-", type=click.File("rb"))
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.option(
    "--list",
    "listing",
    is_flag=True,
    help="List the archive's entities by article count instead (needs an index).",
)
@click.option("--type", "group", type=click.Choice(LIST_GROUPS), help="With --list: one type.")
@click.option(
    "--limit",
    default=50,
    show_default=True,
    type=click.IntRange(1, 100_000),
    help="With --list: how many.",
)
@click.option(
    "--corpus",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="With --list: this corpus's index (default: the last one indexed).",
)
@click.pass_context
def entities(
    ctx: click.Context,
    file: Any,
    as_json: bool,
    listing: bool,
    group: str | None,
    limit: int,
    corpus: Path | None,
) -> None:
    """Named entities in one text (FILE or - for standard input; needs no index), or with
    --list the archive's entities: name, label, aliases, articles, mentions."""
    from newsdesk.cliutil import decode_input, list_entities, print_entities, recognise

    if listing:
        library = _library(ctx, corpus or _default_corpus())
        list_entities(library, group, limit, as_json)
        return
    if group is not None:
        fail("--type works with --list: newsdesk entities --list --type person")
    print_entities(recognise(decode_input(file.read()), _settings(ctx)), as_json)


@main.command()
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.option("--corpus", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.pass_context
def entity(ctx: click.Context, name: str, as_json: bool, corpus: Path | None) -> None:
    """Everything the archive knows about an entity: articles, companions, timeline."""
    from newsdesk.cliutil import check_corpus, entity_report, print_entity

    library = _library(ctx, corpus or _default_corpus())
    if corpus is not None:
        check_corpus(library)
    print_entity(entity_report(library, name), as_json)


# --- alias ------------------------------------------------------------------------
_CORPUS = click.option(
    "--corpus",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="The corpus whose index shows the change (default: the last one).",
)
TYPES = ("person", "org", "place", "group", "event", "other")


@main.group()
def alias() -> None:
    """Correct entities: merge, split, rename, retype, hide (saved in your alias file)."""


@alias.command("merge")
@click.argument("source")
@click.argument("target")
@_CORPUS
@click.pass_context
def alias_merge(ctx: click.Context, source: str, target: str, corpus: Path | None) -> None:
    """SOURCE and its articles, mentions and names join TARGET."""
    from newsdesk.cliutil import curate, find_entity

    library = _library(ctx, corpus or _default_corpus())
    first, second = find_entity(library, source), find_entity(library, target)
    if first.key == second.key:
        fail(f'"{source}" and "{target}" are already one entity: {first.name}')
    curate(lambda: library.merge_entity(first, second))


@alias.command("split")
@click.argument("entity")
@click.argument("forms", nargs=-1, required=True)
@click.option("--into", help="Join the split names to this entity instead of their own.")
@_CORPUS
@click.pass_context
def alias_split(
    ctx: click.Context, entity: str, forms: tuple[str, ...], into: str | None, corpus: Path | None
) -> None:
    """Names (FORMS) joined into ENTITY leave it: on their own, or --into another."""
    from newsdesk.cliutil import curate, find_entity, split_key

    library = _library(ctx, corpus or _default_corpus())
    info = find_entity(library, entity)
    keys = [split_key(library, info, form) for form in forms]
    target = find_entity(library, into) if into else None
    for key in keys:
        curate(lambda key=key: library.split_entity(info, key, target))  # type: ignore[misc]


@alias.command("rename")
@click.argument("entity")
@click.argument("name")
@_CORPUS
@click.pass_context
def alias_rename(ctx: click.Context, entity: str, name: str, corpus: Path | None) -> None:
    """Show ENTITY under NAME."""
    from newsdesk.cliutil import curate, find_entity

    library = _library(ctx, corpus or _default_corpus())
    info = find_entity(library, entity)
    curate(lambda: library.rename_entity(info, name))


@alias.command("retype")
@click.argument("entity")
@click.argument("kind", metavar="TYPE", type=click.Choice(TYPES))
@_CORPUS
@click.pass_context
def alias_retype(ctx: click.Context, entity: str, kind: str, corpus: Path | None) -> None:
    """Give ENTITY another type."""
    from newsdesk.cliutil import curate, find_entity

    library = _library(ctx, corpus or _default_corpus())
    info = find_entity(library, entity)
    curate(lambda: library.retype_entity(info, kind))


@alias.command("hide")
@click.argument("entity")
@_CORPUS
@click.pass_context
def alias_hide(ctx: click.Context, entity: str, corpus: Path | None) -> None:
    """Never highlight or list ENTITY (its text stays searchable)."""
    from newsdesk.cliutil import curate, find_entity

    library = _library(ctx, corpus or _default_corpus())
    info = find_entity(library, entity)
    curate(lambda: library.hide_entity(info))


@alias.command("unhide")
@click.argument("entity")
@_CORPUS
@click.pass_context
def alias_unhide(ctx: click.Context, entity: str, corpus: Path | None) -> None:
    """Show a hidden ENTITY again."""
    from newsdesk.cliutil import curate, fail_unknown_hidden

    library = _library(ctx, corpus or _default_corpus())
    info = fail_unknown_hidden(library, entity)
    curate(lambda: library.unhide_entity(info))


@alias.command("undo")
@_CORPUS
@click.pass_context
def alias_undo(ctx: click.Context, corpus: Path | None) -> None:
    """Take back the last change to the alias file."""
    from newsdesk.cliutil import curate

    library = _library(ctx, corpus or _default_corpus())
    curate(library.undo_curation)


@alias.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_context
def alias_list(ctx: click.Context, as_json: bool) -> None:
    """What your alias file changes, as you (or the reader) wrote it."""
    from newsdesk.cliutil import print_alias_entries

    print_alias_entries(_settings(ctx).alias_file, as_json)
