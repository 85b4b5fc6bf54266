"""The command line: a click parser. Each command hands what it parsed to one function of
``cliutil`` (which does the work and the printing); no logic of its own lives here."""

from __future__ import annotations

from pathlib import Path
from typing import IO, TYPE_CHECKING

import click

from newsdesk import __version__, cliutil
from newsdesk.cliutil import Invocation
from newsdesk.export import FORMATS
from newsdesk.groups import NAME_GROUPS, RETYPE_GROUPS

if TYPE_CHECKING:
    from newsdesk.export import Format
    from newsdesk.library import Library, SearchSort


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
    ctx.obj = Invocation(index_dir)


pass_run = click.make_pass_decorator(Invocation)
_FOLDER = click.Path(exists=True, file_okay=False, path_type=Path)
_FORMAT = click.option("--format", "fmt", type=click.Choice(FORMATS),
                       help="Print CSV, JSON or a Markdown table instead of lines.")  # fmt: skip


def _open_reader(library: Library, refresh_on_start: bool, show_skipped: bool) -> None:
    """The TUI, imported only now: the other commands never pay for Textual."""
    from newsdesk.tui.app import make_app

    settings = library.settings
    make_app(library, settings, refresh_on_start, show_skipped=show_skipped).run()


@main.command()
@click.argument("path", required=False, type=_FOLDER)
@pass_run
def read(run: Invocation, path: Path | None) -> None:
    """Open the reader on PATH (indexing it first), else the last corpus or the samples."""
    cliutil.open_reader(run, path, _open_reader)


@main.command()
@click.argument("path", type=_FOLDER)
@click.option("--rebuild", is_flag=True, help="Build a fresh index aside and swap it in.")
@pass_run
def index(run: Invocation, path: Path, rebuild: bool) -> None:
    """Index the articles under PATH (incrementally: only what changed)."""
    cliutil.index_corpus(run, path, rebuild)


@main.command()
@click.argument("query", required=False)
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts (--format json).")
@_FORMAT
@click.option("--corpus", type=_FOLDER,
              help="Search this corpus's index (default: the last one indexed).")  # fmt: skip
@click.option("--saved", metavar="NAME", help="Run the search saved under NAME instead.")
@click.option("--save", metavar="NAME", help="Also save QUERY under NAME.")
@pass_run
def search(
    run: Invocation,
    query: str | None,
    limit: int,
    sort: SearchSort,
    as_json: bool,
    fmt: Format | None,
    corpus: Path | None,
    saved: str | None,
    save: str | None,
) -> None:
    """Search the index with the query language (see docs/guide.md), or run a saved
    search (--saved NAME)."""
    cliutil.search_archive(
        run, query, limit, sort, cliutil.output_format(as_json, fmt), corpus, saved, save
    )


@main.command()
@click.argument("action", type=click.Choice(["read", "unread", "star", "unstar"]))
@click.argument("ids", metavar="ID...", nargs=-1, required=True)
@click.option("--corpus", type=_FOLDER,
              help="The corpus the ids are from (default: the last one indexed).")  # fmt: skip
@pass_run
def mark(run: Invocation, action: str, ids: tuple[str, ...], corpus: Path | None) -> None:
    """Mark articles (ids from search --json) read, unread, starred or not; all or none."""
    cliutil.mark_articles(run, action, ids, corpus)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.option("--corpus", type=_FOLDER,
              help="Count in this corpus's index (default: the last one indexed).")  # fmt: skip
@pass_run
def saved(run: Invocation, as_json: bool, corpus: Path | None) -> None:
    """The saved searches, each with its matches and unread matches now."""
    cliutil.list_saved(run, as_json, corpus)


@main.command()
@click.argument("file", default="-", type=click.File("rb"))
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts (--format json).")
@_FORMAT
@click.option(
    "--list",
    "listing",
    is_flag=True,
    help="List the archive's entities by article count instead (needs an index).",
)
@click.option("--type", "group", type=click.Choice(NAME_GROUPS), help="With --list: one type.")
@click.option(
    "--limit",
    default=50,
    show_default=True,
    type=click.IntRange(1, 100_000),
    help="With --list: how many.",
)
@click.option(
    "--corpus",
    type=_FOLDER,
    help="With --list: this corpus's index (default: the last one indexed).",
)
@pass_run
def entities(
    run: Invocation,
    file: IO[bytes],
    as_json: bool,
    fmt: Format | None,
    listing: bool,
    group: str | None,
    limit: int,
    corpus: Path | None,
) -> None:
    """Named entities in one text (FILE or - for standard input; needs no index), or with
    --list the archive's entities: name, label, aliases, articles, mentions."""
    cliutil.show_entities(run, file, cliutil.output_format(as_json, fmt), listing, group, limit,
                          corpus)  # fmt: skip


@main.command()
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts (--format json).")
@_FORMAT
@click.option("--corpus", type=_FOLDER)
@pass_run
def entity(
    run: Invocation, name: str, as_json: bool, fmt: Format | None, corpus: Path | None
) -> None:
    """Everything the archive knows about an entity: articles, companions, timeline (with
    --format csv or md: its articles as a table)."""
    cliutil.show_entity(run, name, cliutil.output_format(as_json, fmt), corpus)


# --- alias ------------------------------------------------------------------------
_CORPUS = click.option(
    "--corpus",
    type=_FOLDER,
    help="The corpus whose index shows the change (default: the last one).",
)


@main.group()
def alias() -> None:
    """Correct entities: merge, split, rename, retype, hide (saved in your alias file)."""


@alias.command("merge")
@click.argument("source")
@click.argument("target")
@_CORPUS
@pass_run
def alias_merge(run: Invocation, source: str, target: str, corpus: Path | None) -> None:
    """SOURCE and its articles, mentions and names join TARGET."""
    cliutil.merge_entities(run, source, target, corpus)


@alias.command("split")
@click.argument("entity")
@click.argument("forms", nargs=-1, required=True)
@click.option("--into", help="Join the split names to this entity instead of their own.")
@_CORPUS
@pass_run
def alias_split(
    run: Invocation, entity: str, forms: tuple[str, ...], into: str | None, corpus: Path | None
) -> None:
    """Names (FORMS) joined into ENTITY leave it: on their own, or --into another."""
    cliutil.split_entity(run, entity, forms, into, corpus)


@alias.command("rename")
@click.argument("entity")
@click.argument("name")
@_CORPUS
@pass_run
def alias_rename(run: Invocation, entity: str, name: str, corpus: Path | None) -> None:
    """Show ENTITY under NAME."""
    cliutil.rename_entity(run, entity, name, corpus)


@alias.command("retype")
@click.argument("entity")
@click.argument("kind", metavar="TYPE", type=click.Choice(RETYPE_GROUPS))
@_CORPUS
@pass_run
def alias_retype(run: Invocation, entity: str, kind: str, corpus: Path | None) -> None:
    """Give ENTITY another type."""
    cliutil.retype_entity(run, entity, kind, corpus)


@alias.command("hide")
@click.argument("entity")
@_CORPUS
@pass_run
def alias_hide(run: Invocation, entity: str, corpus: Path | None) -> None:
    """Never highlight or list ENTITY (its text stays searchable)."""
    cliutil.hide_entity(run, entity, corpus)


@alias.command("unhide")
@click.argument("entity")
@_CORPUS
@pass_run
def alias_unhide(run: Invocation, entity: str, corpus: Path | None) -> None:
    """Show a hidden ENTITY again."""
    cliutil.unhide_entity(run, entity, corpus)


@alias.command("undo")
@_CORPUS
@pass_run
def alias_undo(run: Invocation, corpus: Path | None) -> None:
    """Take back the last change to the alias file."""
    cliutil.undo_curation(run, corpus)


@alias.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@pass_run
def alias_list(run: Invocation, as_json: bool) -> None:
    """What your alias file changes, as you (or the reader) wrote it."""
    cliutil.show_alias_file(run, as_json)
