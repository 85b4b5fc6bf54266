"""Handing an article on (issue #14 §3): open its URL or its file, copy it, export a list.

``o`` opens the article's web address with Python's ``webbrowser`` (``$BROWSER`` first);
``v`` opens its file in ``$VISUAL``, ``$EDITOR`` or ``$PAGER``; a program that needs the
terminal gets it through ``App.suspend``. ``y`` copies with ``App.copy_to_clipboard``
(OSC 52, so it works over ssh). ``x`` exports the list on screen through
``newsdesk.export``, asking for a file name first. Every outcome is one notification.

Article URLs are untrusted: only ``http`` and ``https`` addresses are opened (a
``file:`` or ``javascript:`` link in an article is refused), and since such an address
starts with its scheme, it can never be taken for a browser's option.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import webbrowser
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from rich.text import Text
from textual.app import App, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.screen import Screen

from newsdesk.export import (
    Table,
    citation,
    default_name,
    format_of,
    render,
    title_and_url,
    write_new,
)
from newsdesk.models import Article
from newsdesk.safety import clean_line, visible_path
from newsdesk.tui.failures import failure
from newsdesk.tui.screens.pickers import ChoicePicker, TextPrompt

_T = TypeVar("_T")
WEB_SCHEMES = ("http", "https")
FILE_PROGRAMS = ("VISUAL", "EDITOR", "PAGER")
"""Environment variables naming the program for ``v``, in the order they are tried."""


@dataclass(frozen=True)
class Outcome:
    """What the user is told: one line, and whether it is a failure."""

    text: str
    failed: bool = False


def tell(app: App[Any], outcome: Outcome) -> None:
    if outcome.failed:
        app.notify(clean_line(outcome.text), severity="error", markup=False)
    else:
        app.notify(clean_line(outcome.text), markup=False)


def article_bindings() -> list[BindingType]:
    """The keys that act on the article shown: open its URL, open its file, copy."""
    return [
        Binding("o", "open_url", "open URL", show=False, id="open_url"),
        Binding("v", "open_file", "open file", show=False, id="open_file"),
        Binding("y", "copy", "copy", show=False, id="copy"),
    ]


def export_binding() -> Binding:
    """Listed in ``?`` help, not the footer: the footer must fit 80 columns."""
    return Binding("x", "export", "export", show=False, id="export")


# --- the terminal handed over -------------------------------------------------------------
def in_terminal(app: App[Any], run: Callable[[], _T]) -> _T:
    """Run a program that needs the terminal with the reader suspended around it. Where
    suspending is impossible (headless tests, the web) it simply runs."""
    with ExitStack() as stack:
        with suppress(SuspendNotSupported):
            stack.enter_context(app.suspend())
        return run()


@contextmanager
def output_discarded() -> Iterator[None]:
    """Standard output and error (the file descriptors, which children inherit) go to
    /dev/null: a browser started in the background writes to the terminal it was given
    ("Opening in existing browser session."), over the reader's screen. What the reader
    draws meanwhile is lost too, so the caller repaints."""
    null = os.open(os.devnull, os.O_WRONLY)
    saved = [os.dup(1), os.dup(2)]
    try:
        os.dup2(null, 1)
        os.dup2(null, 2)
        yield
    finally:
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in (*saved, null):
            os.close(fd)


# --- o: the URL in a browser ------------------------------------------------------------
def web_address(article: Article) -> str | Outcome:
    """The address to open, or why there is none to open."""
    url = clean_line(article.url)
    if not url:
        return Outcome("This article has no URL: v opens its file instead.", failed=True)
    if urlsplit(url).scheme.lower() not in WEB_SCHEMES:
        return Outcome(f"Not a web address, not opened: {url}", failed=True)
    return url


def needs_terminal(browser: webbrowser.BaseBrowser) -> bool:
    """Text browsers (``$BROWSER=w3m``, lynx, elinks) run in the foreground and need the
    terminal; graphical ones start in the background."""
    if isinstance(browser, webbrowser.BackgroundBrowser):
        return False
    if isinstance(browser, webbrowser.UnixBrowser):
        return not browser.background
    return isinstance(browser, webbrowser.GenericBrowser)


def open_url(app: App[Any], article: Article) -> Outcome:
    url = web_address(article)
    if isinstance(url, Outcome):
        return url
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return Outcome("No web browser found: set $BROWSER, e.g. BROWSER=firefox.", failed=True)
    if needs_terminal(browser):
        opened = in_terminal(app, lambda: browser.open(url))
    else:
        with output_discarded():
            opened = browser.open(url)
        app.refresh(repaint=True)
    if not opened:
        return Outcome(f"The browser could not open {url}", failed=True)
    return Outcome(f"Opened {url}")


# --- v: the file in an editor or pager ---------------------------------------------------
def file_program(env: Mapping[str, str]) -> tuple[str, list[str]] | Outcome:
    """The first of $VISUAL, $EDITOR, $PAGER that is set, split like a shell would."""
    for name in FILE_PROGRAMS:
        value = env.get(name, "").strip()
        if value:
            try:
                return name, shlex.split(value)
            except ValueError as exc:
                return Outcome(f"${name} is not a command line ({exc}): {value}", failed=True)
    return Outcome("Set $EDITOR or $PAGER to open the file, e.g. EDITOR=nano.", failed=True)


def open_file(app: App[Any], article: Article, env: Mapping[str, str]) -> Outcome:
    shown = visible_path(article.path)
    if not article.path or not Path(article.path).is_file():
        return Outcome(f"The article's file is not there any more: {shown}", failed=True)
    program = file_program(env)
    if isinstance(program, Outcome):
        return program
    name, argv = program
    try:
        code = in_terminal(app, lambda: subprocess.run([*argv, article.path]).returncode)
    except OSError as exc:
        return Outcome(f"Could not run ${name} ({argv[0]}): {exc.strerror or exc}", failed=True)
    if code:
        return Outcome(f"${name} ({argv[0]}) stopped with status {code}", failed=True)
    return Outcome(f"Back from {argv[0]}: r picks up a change to {Path(shown).name}")


# --- y: copy ------------------------------------------------------------------------------
def copy_choices(selected: str) -> list[tuple[str, Text]]:
    """The copy menu; the selection is offered only when there is one."""
    choices = [("title", Text("title and URL")), ("quote", Text("quote with its citation"))]
    if selected:
        choices.append(("selection", Text("the selected text")))
    return choices


def copied_text(choice: str, article: Article, selected: str, passage: str) -> str:
    """What goes on the clipboard: inert text only, like everything the reader shows."""
    if choice == "selection":
        return " ".join(selected.split())
    if choice == "quote":
        return citation(article, selected or passage)
    return title_and_url(article)


COPIED = {"title": "title and URL", "quote": "quote with its citation", "selection": "selection"}


def ask_copy(screen: Screen[Any], article: Article, selected: str, passage: str) -> None:
    """The ``y`` menu, then the clipboard and a one-line "copied" note."""

    def chosen(choice: str | None) -> None:
        if choice is not None:
            screen.app.copy_to_clipboard(copied_text(choice, article, selected, passage))
            tell(screen.app, Outcome(f"Copied the {COPIED[choice]}."))

    screen.app.push_screen(ChoicePicker("Copy", copy_choices(selected)), chosen)


# --- x: export ----------------------------------------------------------------------------
@dataclass(frozen=True)
class ExportJob:
    """A list to export: how it is named and how its table is made (in a thread, since
    that reads the index)."""

    kind: str
    what: str
    build: Callable[[], Table]


def ask_export(screen: Screen[Any], job: ExportJob, today: date | None = None) -> None:
    """Ask for a file name (the default one in the current folder), ask again before
    replacing a file, then write in a thread worker."""
    name = default_name(job.kind, job.what, "csv", today or date.today())

    def named(text: str | None) -> None:
        if text:
            _check_target(screen, job, text)

    title = "Export to (.csv, .json or .md)"
    screen.app.push_screen(TextPrompt(title, name), named)


def _check_target(screen: Screen[Any], job: ExportJob, name: str) -> None:
    if format_of(name) is None:
        tell(screen.app, Outcome(f"Name the file .csv, .json or .md: {name}", failed=True))
        return
    path = Path(name).expanduser()
    if not path.exists():
        _start_export(screen, job, path, overwrite=False)
        return

    def answered(choice: str | None) -> None:
        if choice == "replace":
            _start_export(screen, job, path, overwrite=True)

    choices = [("keep", Text("no, keep it")), ("replace", Text("yes, replace it"))]
    screen.app.push_screen(ChoicePicker(f"{name} exists: replace it?", choices), answered)


def _start_export(screen: Screen[Any], job: ExportJob, path: Path, overwrite: bool) -> None:
    work = lambda: _export(screen, job, path, overwrite)  # noqa: E731
    screen.run_worker(work, thread=True, group="export", exit_on_error=False)


def _export(screen: Screen[Any], job: ExportJob, path: Path, overwrite: bool) -> None:
    """In a thread: build, render and write; every ending is one notification."""
    fmt = format_of(path.name)
    assert fmt is not None
    try:
        table = job.build()
        write_new(str(path), render(table, fmt), overwrite)
    except FileExistsError:
        outcome = Outcome(f"{visible_path(str(path))} exists now: export again", failed=True)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        outcome = Outcome(f"Could not write {visible_path(str(path))}: {reason}", failed=True)
    except Exception as exc:  # the index: one line, as every worker fails
        screen.post_message(failure("export the list", exc))
        return
    else:
        outcome = Outcome(f"Exported {counted(len(table.rows), table.items)} to {path}")
    screen.app.call_from_thread(tell, screen.app, outcome)


SINGULAR = {"articles": "article", "entities": "entity"}


def counted(count: int, items: str) -> str:
    """``1 article``, ``2,000 articles``: the export's own words for what it wrote."""
    return f"{count:,} {items if count != 1 else SINGULAR.get(items, items)}"


def all_rows(fetch: Callable[[int, int], list[_T]], total: int, page: int = 500) -> list[_T]:
    """Every row of a paged list, a page at a time (the list on screen holds only pages)."""
    rows: list[_T] = []
    for offset in range(0, total, page):
        rows += fetch(offset, page)
    return rows
