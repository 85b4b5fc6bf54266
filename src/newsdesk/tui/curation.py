"""Curating entities where they are found: the entity page and the entity panel.

``c`` opens a small menu of every step, and each step has its own key too (uppercase,
so they never collide with moving and reading): M merge, S split, R rename, T retype,
H hide, U unhide, u undo. A step asks what it needs in a dialog (``pickers.py``), runs
the library call in a thread worker, and ends as one :class:`CatalogueChanged`: the app
says what changed in one line and tells every open screen to redraw what it shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message

from newsdesk.groups import RETYPE_GROUPS, group_of
from newsdesk.models import Curated, EntityInfo
from newsdesk.safety import clean_line
from newsdesk.tui.failures import failure
from newsdesk.tui.highlight import swatch
from newsdesk.tui.screens.pickers import ChoicePicker, EntityPicker, TextPrompt

if TYPE_CHECKING:
    from textual.widget import Widget

    from newsdesk.library import Library

STEPS: tuple[tuple[str, str, str], ...] = (
    ("M", "merge", "merge into another entity…"),
    ("S", "split", "split a name out of it…"),
    ("R", "rename", "rename…"),
    ("T", "retype", "change its type…"),
    ("H", "hide", "hide it (its text stays searchable)"),
    ("U", "unhide", "unhide an entity…"),
    ("u", "undo", "undo the last change"),
)
"""Key, step and what the menu says, in menu order."""
ON_ITS_OWN = "\x00own"
_T = TypeVar("_T")


@dataclass
class CatalogueChanged(Message):
    """A curation step is done: ``summary`` is its one line; ``key`` the entity to show
    now; ``gone`` the entity that no longer exists (merged away), if any."""

    summary: str
    key: str | None = None
    gone: str | None = None


def curation_bindings() -> list[BindingType]:
    """The menu key in the footer; each step's own key in help only."""
    bindings: list[BindingType] = [Binding("c", "curate_menu", "curate", id="curate")]
    bindings += [
        Binding(key, f"curate('{step}')", step, show=False, id=step) for key, step, _ in STEPS
    ]
    return bindings


@dataclass
class CatalogueRedraw(Message, bubble=False):
    """Sent by the app to each open screen after a :class:`CatalogueChanged`."""

    key: str | None = None
    gone: str | None = None


class Curates:
    """Mixed into a screen or widget that can name the entity the user is on; its class
    adds :func:`curation_bindings` to its own ``BINDINGS`` (Textual reads bindings from
    widget classes only)."""

    library: Library

    def curation_target(self) -> EntityInfo | None:
        """The entity the keys act on (the page's, the panel's highlighted one)."""
        raise NotImplementedError

    # --- actions --------------------------------------------------------------------
    def action_curate_menu(self) -> None:
        info = self.curation_target()
        title = f"Curate {info.name}" if info else "Curate"
        choices = [(step, _menu_row(key, text)) for key, step, text in STEPS]
        self._node.app.push_screen(ChoicePicker(title, choices), self._menu_chosen)

    def _menu_chosen(self, step: str | None) -> None:
        if step:
            self.action_curate(step)

    def action_curate(self, step: str) -> None:
        if step in ("unhide", "undo"):
            getattr(self, f"_{step}")()
            return
        info = self.curation_target()
        if info is None:
            self._node.notify("Move to an entity first.", severity="warning")
            return
        getattr(self, f"_{step}")(info)

    # --- the steps ------------------------------------------------------------------
    def _merge(self, info: EntityInfo) -> None:
        def chosen(target: EntityInfo | None) -> None:
            if target is not None:
                self._run(lambda: self.library.merge_entity(info, target), gone=info.key)

        picker = EntityPicker(f"Merge {info.name} into…", self.library, exclude=info.key)
        self._node.app.push_screen(picker, chosen)

    def _split(self, info: EntityInfo) -> None:
        def ask(joined: list[tuple[str, str, int]]) -> None:
            if not joined:
                self._node.notify(f"{clean_line(info.name)} has no other names to split off.")
                return
            choices = [(key, Text(f"{clean_line(form)} ({n} articles)")) for key, form, n in joined]
            title = f"Split a name out of {info.name}"
            self._node.app.push_screen(ChoicePicker(title, choices), lambda key: where(key))

        def where(local_key: str | None) -> None:
            if local_key is None:
                return
            choices = [(ON_ITS_OWN, Text("on its own")), ("pick", Text("join another entity…"))]
            title = "The name goes…"
            self._node.app.push_screen(ChoicePicker(title, choices), lambda c: go(local_key, c))

        def go(local_key: str, choice: str | None) -> None:
            if choice == ON_ITS_OWN:
                self._run(lambda: self.library.split_entity(info, local_key))
            elif choice == "pick":
                picker = EntityPicker("Join it to…", self.library, exclude=info.key)
                self._node.app.push_screen(picker, lambda into: join(local_key, into))

        def join(local_key: str, into: EntityInfo | None) -> None:
            if into is not None:
                self._run(lambda: self.library.split_entity(info, local_key, into))

        self._fetch(lambda: self.library.joined_names(info.key), ask)

    def _rename(self, info: EntityInfo) -> None:
        def chosen(name: str | None) -> None:
            if name and name != info.name:
                self._run(lambda: self.library.rename_entity(info, name))

        self._node.app.push_screen(TextPrompt(f"Rename {info.name}", info.name), chosen)

    def _retype(self, info: EntityInfo) -> None:
        def chosen(group: str | None) -> None:
            if group:
                self._run(lambda: self.library.retype_entity(info, group))

        now = group_of(info.label)
        choices = [(g, _type_row(g, g == now)) for g in RETYPE_GROUPS]
        self._node.app.push_screen(ChoicePicker(f"Type of {info.name}", choices), chosen)

    def _hide(self, info: EntityInfo) -> None:
        self._run(lambda: self.library.hide_entity(info), gone=info.key)

    def _unhide(self) -> None:
        def ask(hidden: list[EntityInfo]) -> None:
            if not hidden:
                self._node.notify("No entity is hidden.")
                return
            by_key = {h.key: h for h in hidden}
            choices = [(h.key, Text(f"{clean_line(h.name)} ({h.article_count} articles)"))
                       for h in hidden]  # fmt: skip
            picker = ChoicePicker("Unhide", choices)
            self._node.app.push_screen(picker, lambda key: chosen(by_key.get(key or "")))

        def chosen(info: EntityInfo | None) -> None:
            if info is not None:
                self._run(lambda: self.library.unhide_entity(info))

        self._fetch(self.library.hidden_entities, ask)

    def _undo(self) -> None:
        self._run(self.library.undo_curation)

    # --- plumbing -------------------------------------------------------------------
    @property
    def _node(self) -> Widget:
        return self  # type: ignore[return-value]

    def _fetch(self, read: Callable[[], _T], then: Callable[[_T], None]) -> None:
        """``read`` in a thread, ``then`` with its answer on the UI thread."""
        node = self._node
        self._in_thread(read, lambda answer: node.app.call_from_thread(then, answer),
                        "read the entities")  # fmt: skip

    def _run(self, step: Callable[[], Curated], gone: str | None = None) -> None:
        """The library call in a thread; its answer goes to the app as one message."""
        app = self._node.app
        self._in_thread(step, lambda done: app.post_message(
            CatalogueChanged(done.summary, done.key, gone)), "change the entity")  # fmt: skip

    def _in_thread(self, call: Callable[[], _T], then: Callable[[_T], object], what: str) -> None:
        """One thread worker per kind of step (a newer one replaces it); a failure is
        the reader's one ``WorkFailed`` message, like any worker's."""
        node = self._node

        def work() -> None:
            try:
                answer = call()
            except Exception as exc:
                node.post_message(failure(what, exc))
                return
            then(answer)

        node.run_worker(work, thread=True, group=f"curate-{what}", exclusive=True)


def _menu_row(key: str, text: str) -> Text:
    row = Text(f" {key} ", style="bold reverse")
    row.append(f"  {text}")
    return row


def _type_row(group: str, current: bool) -> Text:
    row = swatch(group)
    row.append(f"  {group}" + ("  (now)" if current else ""))
    return row
