"""What the CLI's commands do and print, kept apart so ``cli.py`` stays a parser.

Each command of ``cli.py`` calls one function of the "commands" section below with what
it parsed; the rest of this module is what those share: opening the library once per
run, turning every expected failure into one line, and the output of each command (the
JSON shapes all in one section). Heavy parts (the library and its index, spaCy, Rich's
progress bar) are imported when a command needs them, so ``newsdesk --help`` stays light.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn

import click

from newsdesk import export, locations, state
from newsdesk.models import (
    Cooccurrence,
    Curated,
    EntityArticle,
    EntityInfo,
    IndexReport,
    Mention,
    MonthCount,
    SearchResult,
)
from newsdesk.output import fail, line, to_json

if TYPE_CHECKING:
    from datetime import datetime

    from rich.progress import Progress

    from newsdesk.export import Format
    from newsdesk.library import Library, SearchSort
    from newsdesk.library import Progress as Updater
    from newsdesk.settings import Settings

Reader = Callable[["Library", bool, bool], None]
"""Opens the reader: the library, whether to refresh on start, whether to show first
what the indexing just done skipped."""
"""How ``read`` opens the reader: given by ``cli.py``, since the TUI and this module are
siblings in the layers and may not import each other."""


# --- one run: the options above the command, the settings, the library ----------------
@dataclass
class Invocation:
    """What the options before the command said; the settings are read once, when a
    command first needs them (so ``--help`` works whatever the config file holds)."""

    index_dir: Path | None
    _settings: Settings | None = field(default=None, repr=False)

    def settings(self) -> Settings:
        """A mistake in the config file is one line naming the file, the line or key and
        the problem, with exit status 2; an unknown key a warning."""
        if self._settings is None:
            self._settings = _load_settings()
        return self._settings

    def library(self, corpus: Path | None) -> Library:
        """The library of ``corpus``, else of the last corpus opened, else the samples."""
        from newsdesk.library import open_library

        return open_library(corpus or default_corpus(), self.index_dir, self.settings())


def _load_settings() -> Settings:
    from newsdesk.settings import Settings, SettingsError

    try:
        return Settings.load(
            warn=lambda problem: click.echo(f"newsdesk: warning: {line(problem)}", err=True)
        )
    except SettingsError as exc:
        fail(str(exc), 2)


def default_corpus() -> Path | None:
    return state.last_corpus() or locations.bundled_samples()


def _remember(library: Library) -> None:
    """The corpus the next command without one opens (the library's is resolved)."""
    if library.corpus is not None:
        state.remember_corpus(library.corpus)


# --- the commands: one function each ---------------------------------------------------
def open_reader(run: Invocation, path: Path | None, reader: Reader) -> None:
    """Open the reader on ``path`` (indexing it first), else the last corpus or the samples."""
    corpus = path or default_corpus()
    if corpus is None:
        fail("no corpus: give a folder of articles, e.g. newsdesk ~/news")
    library = run.library(corpus)
    _remember(library)
    first_time = not library.is_indexed()
    skipped = False
    if first_time:
        skipped = bool(index_with_progress(library, rebuild=False).skipped)
    check_readable(library, named=path is not None)
    reader(library, not first_time, skipped)


def index_corpus(run: Invocation, path: Path, rebuild: bool) -> None:
    library = run.library(path)
    _remember(library)
    print_report(index_with_progress(library, rebuild))


def output_format(as_json: bool, fmt: Format | None) -> Format | None:
    """``--json`` is ``--format json`` (kept for the scripts that use it); ``None`` is
    plain lines. Both options at once must agree."""
    if as_json and fmt not in (None, "json"):
        fail(f"--json means --format json, not --format {fmt}: give one of them", 2)
    return "json" if as_json else fmt


def search_archive(
    run: Invocation,
    query: str | None,
    limit: int,
    sort: SearchSort,
    fmt: Format | None,
    corpus: Path | None,
    saved: str | None = None,
    save: str | None = None,
) -> None:
    library = run.library(corpus)
    if corpus is not None:
        check_corpus(library)
    text = query_to_run(library, query, saved)
    result = run_search(library, text, limit, sort)
    if save:
        save_search(library, save, text)
    print_search(result, fmt)


def mark_articles(run: Invocation, action: str, ids: tuple[str, ...], corpus: Path | None) -> None:
    """``mark read|unread|star|unstar ID...``: every id is checked first, so a typo
    marks nothing."""
    library = run.library(corpus)
    change = {
        "read": partial(library.set_read, read=True),
        "unread": partial(library.set_read, read=False),
        "star": partial(library.set_starred, starred=True),
        "unstar": partial(library.set_starred, starred=False),
    }[action]
    with _state_errors(), _index_errors():
        unknown = change(list(ids))
    if unknown:
        shown = ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")
        fail(f"not in the index: {shown}; nothing was marked (ids are in search --json)")
    done = {"read": "marked read", "unread": "marked unread", "star": "starred",
            "unstar": "unstarred"}[action]  # fmt: skip
    click.echo(f"{done}: {len(set(ids))} article{'s' if len(set(ids)) != 1 else ''}")


def list_saved(run: Invocation, as_json: bool, corpus: Path | None) -> None:
    library = run.library(corpus)
    with _state_errors(), _index_errors():
        found = [library.counted(s) for s in library.saved_searches()]
    if as_json:
        click.echo(to_json({"saved": [asdict(s) for s in found]}))
        return
    for s in found:
        noun = "article" if s.total == 1 else "articles"
        counts = "(cannot run)" if s.total is None else f"{s.total:,} {noun}, {s.unread:,} unread"
        click.echo(line(s.name, s.query, counts))
    if not found:
        click.echo("no saved searches: newsdesk search QUERY --save NAME saves one")


def show_entities(
    run: Invocation,
    text: IO[bytes],
    fmt: Format | None,
    listing: bool,
    group: str | None,
    limit: int,
    corpus: Path | None,
) -> None:
    """The entities of one text, or with ``listing`` the archive's (``text`` unread then:
    it may be standard input). A text's mentions print as lines or JSON only."""
    if listing:
        list_entities(run.library(corpus), group, limit, fmt)
        return
    if group is not None:
        fail("--type works with --list: newsdesk entities --list --type person")
    if fmt not in (None, "json"):
        fail(f"--format {fmt} works with --list; a text's entities print as lines or JSON", 2)
    print_entities(recognise(decode_input(text.read()), run.settings()), fmt == "json")


def show_entity(run: Invocation, name: str, fmt: Format | None, corpus: Path | None) -> None:
    library = run.library(corpus)
    if corpus is not None:
        check_corpus(library)
    print_entity(entity_report(library, name), fmt)


def merge_entities(run: Invocation, source: str, target: str, corpus: Path | None) -> None:
    library = run.library(corpus)
    first, second = find_entity(library, source), find_entity(library, target)
    if first.key == second.key:
        fail(f'"{source}" and "{target}" are already one entity: {first.name}')
    curate(partial(library.merge_entity, first, second))


def split_entity(
    run: Invocation, entity: str, forms: tuple[str, ...], into: str | None, corpus: Path | None
) -> None:
    """Every form is checked before the first is split off: a typo changes nothing."""
    library = run.library(corpus)
    info = find_entity(library, entity)
    keys = [split_key(library, info, form) for form in forms]
    target = find_entity(library, into) if into else None
    for key in keys:
        curate(partial(library.split_entity, info, key, target))


def rename_entity(run: Invocation, entity: str, name: str, corpus: Path | None) -> None:
    library = run.library(corpus)
    curate(partial(library.rename_entity, find_entity(library, entity), name))


def retype_entity(run: Invocation, entity: str, group: str, corpus: Path | None) -> None:
    library = run.library(corpus)
    curate(partial(library.retype_entity, find_entity(library, entity), group))


def hide_entity(run: Invocation, entity: str, corpus: Path | None) -> None:
    library = run.library(corpus)
    curate(partial(library.hide_entity, find_entity(library, entity)))


def unhide_entity(run: Invocation, entity: str, corpus: Path | None) -> None:
    library = run.library(corpus)
    curate(partial(library.unhide_entity, find_hidden(library, entity)))


def undo_curation(run: Invocation, corpus: Path | None) -> None:
    curate(run.library(corpus).undo_curation)


def show_alias_file(run: Invocation, as_json: bool) -> None:
    print_alias_entries(run.settings().alias_file, as_json)


# --- failures as one line -------------------------------------------------------------
@contextmanager
def _index_errors() -> Iterator[None]:
    """A damaged or missing index is one line naming the command to run, never a traceback."""
    from newsdesk.errors import IndexDamaged

    try:
        yield
    except IndexDamaged as exc:
        fail(str(exc))


@contextmanager
def _state_errors() -> Iterator[None]:
    """A state file that cannot be used is one line, never a traceback."""
    from newsdesk.errors import StateUnavailable

    try:
        yield
    except StateUnavailable as exc:
        fail(str(exc))


def query_to_run(library: Library, query: str | None, saved: str | None) -> str:
    """QUERY, or the query saved under ``saved``; exactly one of them."""
    if (query is None) == (saved is None):
        fail("give a QUERY or --saved NAME (one of them)", 2)
    if saved is None:
        return query or ""
    with _state_errors():
        found = library.saved_query(saved)
        names = ", ".join(s.name for s in library.saved_searches())
    if found is None:
        fail(f'no saved search "{saved}"' + (f"; saved: {names}" if names else ""))
    return found


def save_search(library: Library, name: str, query: str) -> None:
    from newsdesk.errors import QueryError

    try:
        with _state_errors(), _index_errors():
            library.save_search(name, query)
    except QueryError as exc:
        fail(f"cannot save it: {exc}", 2)
    click.echo(f"saved as {line(name)}", err=True)


def check_readable(library: Library, named: bool = True) -> None:
    """Before the reader opens: a damaged index is one line here, not a broken screen."""
    from newsdesk.errors import IndexDamaged

    try:
        library.article_count()
    except IndexDamaged as exc:
        fail(str(exc))
    if named:
        check_corpus(library)


def check_corpus(library: Library) -> None:
    """A corpus named on the command line must be the one the index was built from."""
    from newsdesk.errors import OtherCorpus

    try:
        with _index_errors():
            library.check_corpus()
    except OtherCorpus as exc:
        fail(str(exc))


def decode_input(data: bytes) -> str:
    """The text exactly as read: no newline translation, so offsets index the input."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        fail(f"the input is not UTF-8 (byte {exc.start}): convert it first, e.g. with iconv")


# --- indexing ---------------------------------------------------------------------------
@contextmanager
def _progress(enabled: bool) -> Iterator[Progress | None]:
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (
        TextColumn("indexing"), BarColumn(), TextColumn("{task.completed}/{task.total} files"),
        TextColumn("{task.fields[articles]} articles · {task.fields[rate]:.0f}/s"),
        TimeRemainingColumn(),
    )  # fmt: skip
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        yield bar


def index_with_progress(library: Library, rebuild: bool) -> IndexReport:
    """Index, with a progress bar on a terminal; every failure becomes one line."""
    from newsdesk.errors import (
        CorpusUnavailable,
        IndexBusy,
        IndexDamaged,
        IndexUnwritable,
        ModelMissing,
        NotAnIndex,
        OtherCorpus,
        WorkerDied,
    )  # fmt: skip

    # Ctrl-C stops spaCy's worker processes; its warning about them would follow our
    # one-line message with two more.
    warnings.filterwarnings("ignore", message=r"\[W127\]", category=UserWarning)
    why = None if rebuild else library.rebuild_reason()
    if why:
        click.echo(why, err=True)
    try:
        with _progress(sys.stderr.isatty()) as bar:
            return library.refresh(progress=_updater(bar), rebuild=rebuild)
    except KeyboardInterrupt:
        fail("interrupted: what was committed is kept; run newsdesk index again to finish", 130)
    except (
        CorpusUnavailable, IndexBusy, IndexDamaged, IndexUnwritable, ModelMissing, NotAnIndex,
        OtherCorpus, WorkerDied,
    ) as exc:  # fmt: skip
        fail(str(exc))
    except Exception as exc:  # a bug: still one line, and the workers are gone
        fail(f"indexing stopped by an unexpected error ({type(exc).__name__}: {exc}); "
             "what was committed is kept")  # fmt: skip


def _updater(bar: Progress | None) -> Updater | None:
    if bar is None:
        return None
    import time

    task = bar.add_task("index", total=None, articles=0, rate=0.0)
    started = time.monotonic()

    def update(done: int, total: int, articles: int) -> None:
        rate = articles / max(time.monotonic() - started, 1e-6)
        bar.update(task, completed=done, total=total, articles=articles, rate=rate)

    return update


def print_report(report: IndexReport) -> None:
    click.echo(
        f"added {report.added}, updated {report.updated}, removed {report.removed}, "
        f"unchanged {report.unchanged} files, skipped {len(report.skipped)} "
        f"({report.seconds:.1f} s)"
    )
    for skipped in report.skipped:
        click.echo(f"  skipped {line(skipped.path)}: {line(skipped.reason)}", err=True)
    for warning in report.warnings:
        click.echo(f"  warning {line(warning.path)}: {line(warning.message)}", err=True)


# --- search ------------------------------------------------------------------------------
def run_search(library: Library, query: str, limit: int, sort: SearchSort) -> SearchResult:
    from newsdesk.errors import QueryError

    try:
        with _index_errors():
            return library.search(query, limit=limit, sort=sort)
    except QueryError as exc:
        fail(f"bad query: {exc}", 2)


def print_search(result: SearchResult, fmt: Format | None) -> None:
    if fmt == "json":
        click.echo(to_json(search_json(result)))
        return
    if fmt is not None:
        title = f'search "{result.query}"'
        table = export.article_table(title, [hit.summary for hit in result.hits])
        click.echo(export.render(table, fmt), nl=False)
        return
    noun = "article matches" if result.total == 1 else "articles match"
    click.echo(f"{result.total} {noun} {line(result.query)}")
    if result.suggestion:
        click.echo(f"did you mean: {line(result.suggestion)}")
    for hit in result.hits:
        date = hit.summary.date.date().isoformat() if hit.summary.date else "----------"
        click.echo(line(date, hit.summary.title, f"({hit.summary.source})"))
        click.echo("    " + line(hit.snippet))


# --- entities ----------------------------------------------------------------------------
def recognise(text: str, settings: Settings) -> list[Mention]:
    from newsdesk.entities import Recognizer
    from newsdesk.errors import ModelMissing

    try:
        mentions = Recognizer(settings.spacy_model, settings.batch_size, 1).extract(text)
    except ModelMissing as exc:
        fail(str(exc))
    if mentions.problem:
        click.echo(f"warning: some entities skipped ({line(mentions.problem)})", err=True)
    return mentions


def print_entities(mentions: list[Mention], as_json: bool) -> None:
    if as_json:
        click.echo(to_json({"entities": [mention_json(m) for m in mentions]}))
        return
    for m in mentions:
        click.echo(line(f"{m.start}-{m.end}", m.label, m.text, f"→ {m.name}"))


def list_entities(library: Library, group: str | None, limit: int, fmt: Format | None) -> None:
    """``entities --list``: one line (or JSON object, or table row) per entity, most
    articles first."""
    with _index_errors():
        if not library.is_indexed():
            fail(f"no index for {library.corpus}: run newsdesk index PATH first")
        found = library.list_entities(group, limit)
    if fmt == "json":
        click.echo(to_json({"entities": [listed_json(e) for e in found]}))
        return
    if fmt is not None:
        title = f"entities ({group})" if group else "entities"
        click.echo(export.render(export.entity_table(title, found), fmt), nl=False)
        return
    for e in found:
        parts = (e.name, e.label, f"{e.article_count} articles", f"{e.mention_count} mentions")
        also = f"also: {', '.join(e.aliases)}" if e.aliases else ""
        click.echo(line(*parts, also) if also else line(*parts))


@dataclass(frozen=True, slots=True)
class EntityReport:
    """Everything ``newsdesk entity`` tells about one entity: its catalogue row, every
    article that mentions it, what appears with it and its mentions per month."""

    info: EntityInfo
    articles: list[EntityArticle]
    cooccurring: list[Cooccurrence]
    timeline: list[MonthCount]


def entity_report(library: Library, name: str) -> EntityReport:
    with _index_errors():
        info = library.resolve_entity(name)
        if info is None:
            fail_unknown(library, name)
        return EntityReport(
            info,
            library.entity_articles(info.key, limit=100_000),
            library.cooccurring(info.key),
            library.timeline(info.key),
        )


def print_entity(report: EntityReport, fmt: Format | None) -> None:
    if fmt == "json":
        click.echo(to_json(report_json(report)))
        return
    if fmt is not None:
        table = export.entity_article_table(f"entity {report.info.name}", report.articles)
        click.echo(export.render(table, fmt), nl=False)
        return
    info = report.info
    aliases = ", ".join(info.aliases)
    click.echo(line(info.name, info.label, f"also: {aliases}" if aliases else ""))
    click.echo(f"{info.article_count} articles, {info.mention_count} mentions")
    for a in report.articles:
        date = _iso(a.summary.date) or "----------"
        click.echo("  " + line(date[:10], a.summary.title, f"{a.mentions}×"))
    if report.cooccurring:
        names = ", ".join(f"{c.name} ({c.count})" for c in report.cooccurring[:10])
        click.echo("appears with: " + line(names))


# --- alias: curating entities from scripts -----------------------------------------------
def find_entity(library: Library, name: str) -> EntityInfo:
    """The one entity ``name`` means, or one line: unknown (with the closest names) or
    ambiguous (with the candidates, to be told apart by their full names)."""
    with _index_errors():
        found = library.entities_named(name)
        if len(found) == 1:
            return found[0]
        if found:
            names = "; ".join(f"{e.name} ({e.article_count} articles)" for e in found[:5])
            fail(f'"{name}" may mean several entities: {names}; use the full name')
        fail_unknown(library, name)


def fail_unknown(library: Library, name: str) -> NoReturn:
    """``unknown entity``, with the closest names the archive has."""
    close = ", ".join(e.name for e in library.closest_entities(name))
    fail(f'unknown entity "{name}"' + (f"; closest: {close}" if close else ""))


def curate(step: Callable[[], Curated]) -> None:
    """Run one curation step and print its confirmation line (errors: one line)."""
    from newsdesk.errors import AliasFileError

    try:
        with _index_errors():
            click.echo(line(step().summary))
    except AliasFileError as exc:
        fail(str(exc))


def split_key(library: Library, entity: EntityInfo, form: str) -> str:
    """The joined name of ``entity`` that ``form`` spells, or one line listing them."""
    from newsdesk.entities.normalize import fold

    joined = library.joined_names(entity.key)
    for key, written, _ in joined:
        if fold(form) in (key, fold(written)):
            return key
    names = ", ".join(written for _, written, _ in joined)
    fail(f'"{form}" is not a name joined into {entity.name}'
         + (f"; it has: {names}" if names else "; it has no other names to split off"))  # fmt: skip


def find_hidden(library: Library, name: str) -> EntityInfo:
    """A hidden entity by name (hidden ones are not found by the usual lookup)."""
    from newsdesk.entities.normalize import fold

    with _index_errors():
        hidden = library.hidden_entities()
    for info in hidden:
        if fold(name) in {info.key, fold(info.name), *(fold(a) for a in info.aliases)}:
            return info
    names = ", ".join(h.name for h in hidden[:8])
    fail(f'"{name}" is not hidden' + (f"; hidden: {names}" if names else ""))


def print_alias_entries(path: Path, as_json: bool) -> None:
    from newsdesk.entities.curation import entries
    from newsdesk.errors import AliasFileError

    try:
        found = entries(path)
    except AliasFileError as exc:
        fail(str(exc))
    if as_json:
        click.echo(to_json(alias_file_json(path, found)))
        return
    click.echo(line(f"alias file: {path}"))
    for table, pairs in found.items():
        for name, value in pairs:
            click.echo("  " + line(table, name, f"→ {value}" if value else ""))
    if not found:
        click.echo("  (no changes yet)")


# --- JSON for scripts: every shape the commands print, in one place -----------------------
def _iso(when: datetime | None) -> str | None:
    return when.isoformat() if when else None


def search_json(result: SearchResult) -> dict[str, Any]:
    """``search --json``: the query, the exact total, a suggestion and one page of hits."""
    return {
        "query": result.query,
        "total": result.total,
        "suggestion": result.suggestion,
        "results": [
            {**export.article_record(h.summary), "score": round(h.score, 4), "snippet": h.snippet}
            for h in result.hits
        ],
    }


def mention_json(mention: Mention) -> dict[str, Any]:
    """``entities --json``: one mention, offsets into the input as given."""
    return asdict(mention)


def listed_json(info: EntityInfo) -> dict[str, Any]:
    """``entities --list --json``: one catalogue entity, counts under short names."""
    return {"key": info.key, "name": info.name, "label": info.label,
            "aliases": list(info.aliases), "articles": info.article_count,
            "mentions": info.mention_count}  # fmt: skip


def report_json(report: EntityReport) -> dict[str, Any]:
    """``entity --json``: the catalogue row's fields, then articles, companions, months."""
    articles = [{**export.article_record(a.summary), "mentions": a.mentions}
                for a in report.articles]  # fmt: skip
    return {
        **asdict(report.info),
        "articles": articles,
        "cooccurring": [asdict(c) for c in report.cooccurring],
        "timeline": [asdict(m) for m in report.timeline],
    }


def alias_file_json(path: Path, found: dict[str, list[tuple[str, str]]]) -> dict[str, Any]:
    """``alias list --json``: the file and its entries, table by table."""
    rows = {table: [{"name": n, "value": v} if v else {"name": n} for n, v in pairs]
            for table, pairs in found.items()}  # fmt: skip
    return {"file": str(path), "entries": rows}
