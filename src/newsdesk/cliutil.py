"""What the CLI's commands do and print, kept apart so ``cli.py`` stays a parser."""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from newsdesk.models import Curated, EntityInfo, IndexReport, Mention, SearchResult
from newsdesk.output import fail, line, to_json

if TYPE_CHECKING:
    from newsdesk.library import Library


@contextmanager
def _progress(enabled: bool) -> Iterator[Any]:
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


@contextmanager
def _index_errors() -> Iterator[None]:
    """A damaged or missing index is one line naming the command to run, never a traceback."""
    from newsdesk.errors import IndexDamaged

    try:
        yield
    except IndexDamaged as exc:
        fail(str(exc))


def index_with_progress(library: Any, rebuild: bool) -> IndexReport:
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
    try:
        with _progress(sys.stderr.isatty()) as bar:
            return library.refresh(progress=_updater(bar), rebuild=rebuild)  # type: ignore[no-any-return]
    except KeyboardInterrupt:
        fail("interrupted: what was committed is kept; run newsdesk index again to finish", 130)
    except (
        CorpusUnavailable, IndexBusy, IndexDamaged, ModelMissing, NotAnIndex, OtherCorpus,
        IndexUnwritable, WorkerDied,
    ) as exc:  # fmt: skip
        fail(str(exc))
    except Exception as exc:  # a bug: still one line, and the workers are gone
        fail(f"indexing stopped by an unexpected error ({type(exc).__name__}: {exc}); "
             "what was committed is kept")  # fmt: skip


def _updater(bar: Any) -> Any:
    if bar is None:
        return None
    import time

    task = bar.add_task("index", total=None, articles=0, rate=0.0)
    started = time.monotonic()

    def update(done: int, total: int, articles: int) -> None:
        rate = articles / max(time.monotonic() - started, 1e-6)
        bar.update(task, completed=done, total=total, articles=articles, rate=rate)

    return update


def check_readable(library: Any, named: bool = True) -> None:
    """Before the reader opens: a damaged index is one line here, not a broken screen."""
    from newsdesk.errors import IndexDamaged

    try:
        library.article_count()
    except IndexDamaged as exc:
        fail(str(exc))
    if named:
        check_corpus(library)


def check_corpus(library: Any) -> None:
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


def run_search(library: Any, query: str, limit: int, sort: str) -> SearchResult:
    from newsdesk.errors import QueryError

    try:
        with _index_errors():
            return library.search(query, limit=limit, sort=sort)  # type: ignore[no-any-return]
    except QueryError as exc:
        fail(f"bad query: {exc}", 2)


def print_search(result: SearchResult, as_json: bool) -> None:
    if as_json:
        click.echo(to_json(search_json(result)))
        return
    noun = "article matches" if result.total == 1 else "articles match"
    click.echo(f"{result.total} {noun} {line(result.query)}")
    if result.suggestion:
        click.echo(f"did you mean: {line(result.suggestion)}")
    for hit in result.hits:
        date = hit.summary.date.date().isoformat() if hit.summary.date else "----------"
        click.echo(line(date, hit.summary.title, f"({hit.summary.source})"))
        click.echo("    " + line(hit.snippet))


def search_json(result: SearchResult) -> dict[str, Any]:
    return {
        "query": result.query,
        "total": result.total,
        "suggestion": result.suggestion,
        "results": [
            {
                "id": h.summary.id,
                "title": h.summary.title,
                "date": h.summary.date.isoformat() if h.summary.date else None,
                "source": h.summary.source,
                "path": h.summary.path,
                "url": h.summary.url,
                "score": round(h.score, 4),
                "snippet": h.snippet,
            }
            for h in result.hits
        ],
    }


def recognise(text: str, settings: Any) -> list[Mention]:
    from newsdesk.entities import ModelMissing, Recognizer

    try:
        mentions = Recognizer(settings.spacy_model, settings.batch_size, 1).extract(text)
    except ModelMissing as exc:
        fail(str(exc))
    if mentions.problem:
        click.echo(f"warning: some entities skipped ({line(mentions.problem)})", err=True)
    return mentions


def print_entities(mentions: list[Mention], as_json: bool) -> None:
    if as_json:
        rows = [
            {
                "start": m.start,
                "end": m.end,
                "text": m.text,
                "label": m.label,
                "key": m.key,
                "name": m.name,
            }
            for m in mentions
        ]
        click.echo(to_json({"entities": rows}))
        return
    for m in mentions:
        click.echo(line(f"{m.start}-{m.end}", m.label, m.text, f"→ {m.name}"))


def list_entities(library: Any, group: str | None, limit: int, as_json: bool) -> None:
    """``entities --list``: one line (or JSON object) per entity, most articles first."""
    with _index_errors():
        if not library.is_indexed():
            fail(f"no index for {library.corpus}: run newsdesk index PATH first")
        found = library.list_entities(group, limit)
    rows = [
        {"key": e.key, "name": e.name, "label": e.label, "aliases": list(e.aliases),
         "articles": e.article_count, "mentions": e.mention_count}
        for e in found
    ]  # fmt: skip
    if as_json:
        click.echo(to_json({"entities": rows}))
        return
    for r in rows:
        also = f"also: {', '.join(r['aliases'])}" if r["aliases"] else ""
        parts = (r["name"], r["label"], f"{r['articles']} articles", f"{r['mentions']} mentions")
        click.echo(line(*parts, also) if also else line(*parts))


def entity_report(library: Any, name: str) -> dict[str, Any]:
    with _index_errors():
        return _entity_report(library, name)


def _entity_report(library: Any, name: str) -> dict[str, Any]:
    info = library.resolve_entity(name)
    if info is None:
        close = ", ".join(e.name for e in library.closest_entities(name))
        fail(f'unknown entity "{name}"' + (f"; closest: {close}" if close else ""))
    articles = library.entity_articles(info.key, limit=100_000)
    return {
        "key": info.key, "name": info.name, "label": info.label, "aliases": list(info.aliases),
        "article_count": info.article_count, "mention_count": info.mention_count,
        "articles": [
            {"id": a.summary.id, "title": a.summary.title,
             "date": a.summary.date.isoformat() if a.summary.date else None, "mentions": a.mentions}
            for a in articles
        ],
        "cooccurring": [
            {"key": c.key, "name": c.name, "label": c.label, "count": c.count}
            for c in library.cooccurring(info.key)
        ],
        "timeline": [
            {"month": m.month, "mentions": m.mentions} for m in library.timeline(info.key)
        ],
    }  # fmt: skip


def print_entity(report: dict[str, Any], as_json: bool) -> None:
    if as_json:
        click.echo(to_json(report))
        return
    aliases = ", ".join(report["aliases"])
    click.echo(line(report["name"], report["label"], f"also: {aliases}" if aliases else ""))
    click.echo(f"{report['article_count']} articles, {report['mention_count']} mentions")
    for a in report["articles"]:
        click.echo("  " + line((a["date"] or "----------")[:10], a["title"], f"{a['mentions']}×"))
    if report["cooccurring"]:
        click.echo(
            "appears with: "
            + line(", ".join(f"{c['name']} ({c['count']})" for c in report["cooccurring"][:10]))
        )


# --- alias: curating entities from scripts ------------------------------------------
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


def print_alias_entries(path: Path, as_json: bool) -> None:
    from newsdesk.entities.curation import entries
    from newsdesk.errors import AliasFileError

    try:
        found = entries(path)
    except AliasFileError as exc:
        fail(str(exc))
    if as_json:
        rows = {table: [{"name": n, "value": v} if v else {"name": n} for n, v in pairs]
                for table, pairs in found.items()}  # fmt: skip
        click.echo(to_json({"file": str(path), "entries": rows}))
        return
    click.echo(line(f"alias file: {path}"))
    for table, pairs in found.items():
        for name, value in pairs:
            click.echo("  " + line(table, name, f"→ {value}" if value else ""))
    if not found:
        click.echo("  (no changes yet)")


def fail_unknown_hidden(library: Library, name: str) -> EntityInfo:
    """A hidden entity by name (hidden ones are not found by the usual lookup)."""
    from newsdesk.entities.normalize import fold

    with _index_errors():
        hidden = library.hidden_entities()
    for info in hidden:
        if fold(name) in {info.key, fold(info.name), *(fold(a) for a in info.aliases)}:
            return info
    names = ", ".join(h.name for h in hidden[:8])
    fail(f'"{name}" is not hidden' + (f"; hidden: {names}" if names else ""))
