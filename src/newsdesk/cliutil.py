"""What the CLI's commands do and print, kept apart so ``cli.py`` stays a parser."""

from __future__ import annotations

import errno
import sqlite3
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from newsdesk.cli import fail
from newsdesk.models import IndexReport, Mention, SearchResult
from newsdesk.output import line, to_json


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
    """A damaged index is one line naming ``newsdesk index --rebuild``, never a traceback."""
    from newsdesk.index.whooshdb import IndexDamaged

    try:
        yield
    except IndexDamaged as exc:
        fail(str(exc))


def index_with_progress(library: Any, rebuild: bool) -> IndexReport:
    """Index, with a progress bar on a terminal; every failure becomes one line."""
    from newsdesk.entities import ModelMissing
    from newsdesk.entities.workers import WorkerDied
    from newsdesk.index.layout import IndexBusy
    from newsdesk.index.whooshdb import IndexDamaged

    # Ctrl-C stops spaCy's worker processes; its warning about them would follow our
    # one-line message with two more.
    warnings.filterwarnings("ignore", message=r"\[W127\]", category=UserWarning)
    try:
        with _progress(sys.stderr.isatty()) as bar:
            return library.refresh(progress=_updater(bar), rebuild=rebuild)  # type: ignore[no-any-return]
    except KeyboardInterrupt:
        fail("interrupted: what was committed is kept; run newsdesk index again to finish", 130)
    except (IndexBusy, IndexDamaged, ModelMissing, WorkerDied) as exc:
        fail(str(exc))
    except (OSError, sqlite3.OperationalError) as exc:  # disk full, permissions
        fail(unwritable(library.index_dir, exc))
    except Exception as exc:  # a bug: still one line, and the workers are gone
        fail(f"indexing stopped by an unexpected error ({type(exc).__name__}: {exc}); "
             "what was committed is kept")  # fmt: skip


FULL = (errno.ENOSPC, errno.EDQUOT)


def unwritable(index_dir: Any, exc: OSError | sqlite3.OperationalError) -> str:
    """One line naming the index folder and why it cannot be written.

    A full disk reaches us as Whoosh's ``OSError(ENOSPC)`` or as SQLite's "database or
    disk is full" (``SQLITE_FULL``), whichever writes first; both say the same, with
    the way out: every committed batch is kept, and the next run resumes from there."""
    full = getattr(exc, "errno", None) in FULL
    full = full or getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL
    if full:
        return (f"no space left on the disk holding the index in {index_dir}: what was "
                "committed is kept; free some space and run newsdesk index again")  # fmt: skip
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return f"cannot write the index in {index_dir}: {reason}"


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


def check_readable(library: Any) -> None:
    """Before the reader opens: a damaged index is one line here, not a broken screen."""
    from newsdesk.index.whooshdb import IndexDamaged

    try:
        library.article_count()
    except IndexDamaged as exc:
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
    from newsdesk.search import QueryError

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


def recognise(text: str) -> list[Mention]:
    from newsdesk.entities import ModelMissing, Recognizer
    from newsdesk.settings import Settings

    settings = Settings.load()
    try:
        return Recognizer(settings.spacy_model, settings.batch_size, 1).extract(text)
    except ModelMissing as exc:
        fail(str(exc))


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
