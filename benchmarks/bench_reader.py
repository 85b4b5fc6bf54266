"""The reader, driven headless through ``App.run_test()`` and its Pilot, as a user would.

* start-up: from opening the library to the first page of the list painted, against a
  bare Textual app (an input, a line of text, a footer) reaching its first paint;
* search as you type: from the last keystroke in the search box to the list showing the
  new total, against a bare app echoing the input into a label;
* the entity page: from asking for it to its header and first screenful of articles
  shown (first paint), and to its co-occurrences shown too (complete).

"Painted" means the condition held and then ``pilot.pause(0)`` returned: every queued
message was handled and the screen's update ran. Keystrokes go through the driver as
Pilot's own ``press`` sends them, minus its wait for an idle CPU (see ``send_key``).
Both sides of a ratio are measured in this process, one after the other, so they share
imports, caches and load.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App
from textual.message import Message
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input
from textual.worker import WorkerCancelled, WorkerFailed

from benchmarks.bare import BareApp
from benchmarks.timing import clock, median
from newsdesk.library import Library, open_library
from newsdesk.settings import Settings
from newsdesk.tui.app import make_app
from newsdesk.tui.messages import OpenEntity
from newsdesk.tui.screens.entity import EntityScreen
from newsdesk.tui.widgets.article_list import ArticleList
from newsdesk.tui.widgets.search_box import SearchBox

SIZE = (160, 48)
TIMEOUT = 120.0
FIRST_PAINT = frozenset({"ArticlesLoaded"})
"""A page's articles loaded again (a redraw): the heading, timeline and first articles
come in one message."""
ENTITY_MESSAGES = frozenset({"CooccurLoaded"})


async def until(condition: Callable[[], bool], timeout: float = TIMEOUT) -> None:
    deadline = clock() + timeout
    while not condition():
        if clock() > deadline:
            raise TimeoutError("the reader did not reach the expected state in time")
        await asyncio.sleep(0.001)


async def workers_settled(app: App[None]) -> None:
    """Every worker has finished, so none competes with the next timing. Workers of a
    screen just closed were cancelled, which ``wait_for_complete`` reports by raising."""
    for worker in list(app.workers):
        with contextlib.suppress(WorkerCancelled, WorkerFailed):
            await worker.wait()


def _article_list(app: App[None]) -> ArticleList:
    return app.screen.query_one(ArticleList)


def list_shows(app: App[None], total: int, old: object = None) -> bool:
    """The list holds a new source with this total and, if any, its first row."""
    try:
        rows = _article_list(app)
    except Exception:
        return False
    fresh = old is None or rows.source is not old
    return fresh and rows.source.total == total and (total == 0 or rows.row(0) is not None)


def list_painted(app: App[None], total: int, old: object) -> bool:
    """The first paint of a search: a new source holding its first page (the whole
    list if the page held every match, else the page while the total is counted)."""
    try:
        rows = _article_list(app)
    except Exception:
        return False
    first = min(total, rows.PAGE_SIZE)
    painted = rows.source.total in (total, first) and (total == 0 or rows.row(0) is not None)
    return rows.source is not old and painted


async def startup_once(corpus: Path, index_dir: Path, settings: Settings) -> float:
    started = clock()
    library = open_library(corpus, index_dir, settings)
    total = library.article_count()
    app = make_app(library, settings, refresh_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await until(lambda: list_shows(app, total))
        await pilot.pause(0)
        seconds = clock() - started
    library.close()
    return seconds


async def bare_startup_once() -> float:
    started = clock()
    app = BareApp()
    async with app.run_test(size=SIZE) as pilot:
        await until(lambda: bool(app.screen.query("#echo")))
        await pilot.pause(0)
        return clock() - started


def send_key(app: App[None], char: str) -> None:
    """One keystroke through the driver, as a terminal delivers it, without waiting.

    ``Pilot.press`` sends the same event but then waits for the process to go idle (at
    least two 20 ms sleeps), which would put a floor under a keystroke latency.
    """
    if not (char.isascii() and char.isalnum()):
        raise ValueError(f"typing benchmark keys are letters and digits, not {char!r}")
    event = events.Key(char, char)
    event.set_sender(app)
    app._driver.send_message(event)  # type: ignore[union-attr]  # as Pilot.press does


TYPIST_GAP = 0.15
"""Seconds between a typist's keys: 6-7 keys a second, about 80 words a minute."""


async def _type_all_but_last(pilot: Pilot[None], text: str, gap: float) -> None:
    """Every key but the last, each handled (``pilot.pause(0)``) before the next: with
    ``gap`` 0 all within the debounce (a burst, as fast as the app takes keys), else
    ``gap`` seconds apart, as a person types."""
    for char in text[:-1]:
        send_key(pilot.app, char)
        await pilot.pause(0)
        if gap:
            await asyncio.sleep(gap)


def _last_key(pilot: Pilot[None], text: str) -> float:
    """The clock just before the query's last key, sent."""
    started = clock()
    send_key(pilot.app, text[-1])
    return started


async def typing_times(
    library: Library, settings: Settings, queries: list[str], gap: float = 0.0
) -> list[float]:
    """Keystroke → list painted with the first page, once per query."""
    return (await typing_phases(library, settings, queries, gap))[0]


async def typing_phases(
    library: Library, settings: Settings, queries: list[str], gap: float = 0.0
) -> tuple[list[float], list[float]]:
    """Keystroke → first paint (the first page, total estimated if not yet counted), and
    keystroke → list with the exact total, once per query, the box cleared in between.

    The clock runs from the last key; the list it waits for is one shown after that
    key (at a typist's pace the keys before it have lists of their own)."""
    totals = {q: library.search(q, limit=1).total for q in queries}
    archive = library.article_count()
    app = make_app(library, settings, refresh_on_start=False)
    painted: list[float] = []
    counted: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await until(lambda: list_shows(app, archive))
        box = app.screen.query_one(SearchBox)
        for query in queries:
            box.focus()
            await pilot.pause(0)
            await _type_all_but_last(pilot, query, gap)
            old = _article_list(app).source
            started = _last_key(pilot, query)
            await until(lambda q=query, o=old: list_painted(app, totals[q], o))  # type: ignore[misc]
            await pilot.pause(0)
            painted.append(clock() - started)
            await until(lambda q=query, o=old: list_shows(app, totals[q], o))  # type: ignore[misc]
            await pilot.pause(0)
            counted.append(clock() - started)
            await settle_typing(pilot)
            old = _article_list(app).source
            box.value = ""
            await until(lambda o=old: list_shows(app, archive, o))  # type: ignore[misc]
    return painted, counted


async def settle_typing(pilot: Pilot[None]) -> None:
    """Let the answer's later work (the title, the unread count) pass before the next
    query, so each query starts from a quiet reader."""
    await asyncio.sleep(0.3)
    await workers_settled(pilot.app)


async def bare_typing_times(queries: list[str], gap: float = 0.0) -> list[float]:
    app = BareApp()
    times: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        app.query_one("#box", Input).focus()
        for query in queries:
            app.query_one("#box", Input).value = ""
            await pilot.pause(0)
            await _type_all_but_last(pilot, query, gap)
            started = _last_key(pilot, query)
            await until(lambda q=query: app.shown == q)  # type: ignore[misc]
            await pilot.pause(0)
            times.append(clock() - started)
    return times


async def entity_page_times(
    library: Library, settings: Settings, key: str, repeats: int
) -> list[tuple[float, float]]:
    """Ask the main screen for the entity page; per open, (first paint, complete).

    First paint: the compositor pass that drew the header and the first screenful of
    articles (timed when it ends, not when the app is next idle: the footer and "appears
    with" keep it busy after). Complete: "appears with" shown too. Later pages of
    articles stream in after both and are not waited on.
    """
    seen: set[str] = set()

    def hook(message: Message) -> None:
        seen.add(type(message).__name__)

    archive = library.article_count()
    app = make_app(library, settings, refresh_on_start=False)
    times: list[tuple[float, float]] = []
    painted: list[float] = []
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await until(lambda: list_shows(app, archive))
        main = app.screen
        with first_paint(EntityScreen, entity_page_shown_on, painted):
            for _ in range(max(1, repeats)):
                seen.clear()
                painted.clear()
                started = clock()
                main.post_message(OpenEntity(key))
                await until(lambda: bool(painted))
                first = painted[0] - started
                await until(lambda: seen >= ENTITY_MESSAGES)
                await pilot.pause(0)
                times.append((first, clock() - started))
                app.pop_screen()
                await until(lambda m=main: app.screen is m)  # type: ignore[misc]
                await workers_settled(app)
                await pilot.pause(0)
    return times


@contextlib.contextmanager
def first_paint(
    kind: type[Screen[Any]], done: Callable[[Screen[Any]], bool], painted: list[float]
) -> Iterator[None]:
    """Time the end of the first compositor pass of a ``kind`` screen that finds
    ``done`` true. Textual announces no paint, so the screen class's pass is wrapped
    while this is open."""
    original = kind._compositor_refresh

    def timed(screen: Screen[Any]) -> None:
        original(screen)
        if not painted and done(screen):
            painted.append(clock())

    kind._compositor_refresh = timed  # type: ignore[method-assign]
    try:
        yield
    finally:
        del kind._compositor_refresh  # back to the inherited pass


def entity_page_shown(app: App[Any]) -> bool:
    """The entity page is on screen with its heading and first articles, however they
    came: fetched before the page was shown, or by the page itself."""
    return entity_page_shown_on(app.screen)


def entity_page_shown_on(screen: Screen[Any]) -> bool:
    return isinstance(screen, EntityScreen) and screen.info is not None and screen.loaded > 0


@dataclasses.dataclass
class ReaderPlan:
    corpus: Path
    index_dir: Path
    settings: Settings
    typing: list[str]
    top_key: str
    rare_key: str
    repeats: int


async def _entity_pilot(plan: ReaderPlan, library: Library, key: str) -> dict[str, float]:
    """Warm medians in ms, and the first open, which also pays the screen's CSS and imports."""
    times = await entity_page_times(library, plan.settings, key, plan.repeats + 1)
    warm = times[1:]
    return {
        "first_paint_ms": median([first for first, _ in warm]) * 1000,
        "complete_ms": median([done for _, done in warm]) * 1000,
        "cold_first_paint_ms": times[0][0] * 1000,
    }


def search_alone_ms(library: Library, query: str, repeats: int = 3, exact: bool = True) -> float:
    """The reader's own search for a typed query (one page, no snippets), outside the app:
    its first phase (``exact=False``) or its exact count."""
    times = []
    for _ in range(repeats):
        started = clock()
        library.search(query, ArticleList.PAGE_SIZE, snippets=False, exact=exact)
        times.append(clock() - started)
    return median(times) * 1000


def per_query(
    library: Library, queries: list[str], times: list[float], exact: list[float]
) -> list[dict[str, object]]:
    """Each typed query's total, its keystroke-to-first-paint and to-exact-total times,
    and its searches alone (first page, exact): the difference is the debounce and
    Textual's work."""
    return [
        {
            "query": query,
            "total": library.search(query, limit=1).total,
            "typing_ms": round(seconds * 1000, 1),
            "typing_exact_ms": round(whole * 1000, 1),
            "first_page_ms": round(search_alone_ms(library, query, exact=False), 1),
            "search_ms": round(search_alone_ms(library, query), 1),
        }
        for query, seconds, whole in zip(queries, times, exact, strict=True)
    ]


async def _measure(plan: ReaderPlan, library: Library) -> dict[str, object]:
    startup, bare = [], []
    for _ in range(plan.repeats):
        startup.append(await startup_once(plan.corpus, plan.index_dir, plan.settings))
        bare.append(await bare_startup_once())
    quick = dataclasses.replace(plan.settings, search_debounce=0.001)
    top = await _entity_pilot(plan, library, plan.top_key)
    rare = await _entity_pilot(plan, library, plan.rare_key)
    typed, counted = await typing_phases(library, plan.settings, plan.typing)
    typist = await typing_times(library, plan.settings, plan.typing, TYPIST_GAP)
    return {
        "startup_s": median(startup),
        "bare_startup_s": median(bare),
        "typing_ms": median(typed) * 1000,
        "typing_exact_ms": median(counted) * 1000,
        "typing_per_query": per_query(library, plan.typing, typed, counted),
        "typing_no_debounce_ms": median(await typing_times(library, quick, plan.typing)) * 1000,
        "bare_typing_ms": median(await bare_typing_times(plan.typing)) * 1000,
        "typist_ms": median(typist) * 1000,
        "typist_per_query": [round(t * 1000, 1) for t in typist],
        "bare_typist_ms": median(await bare_typing_times(plan.typing, TYPIST_GAP)) * 1000,
        "typist_gap_ms": TYPIST_GAP * 1000,
        "debounce_ms": plan.settings.search_debounce * 1000,
        "entity_pilot_ms": top["first_paint_ms"],
        "entity_pilot_rare_ms": rare["first_paint_ms"],
        "entity_pilot": {"top": top, "rare": rare},
    }


def measure(plan: ReaderPlan) -> dict[str, object]:
    library = open_library(plan.corpus, plan.index_dir, plan.settings)
    try:
        return asyncio.run(_measure(plan, library))
    finally:
        library.close()
