"""The entity sidebar: who and what this article mentions, grouped, with counts."""

from __future__ import annotations

from itertools import groupby
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from newsdesk.groups import GROUP_NAMES, GROUP_ORDER, group_of
from newsdesk.library import Library
from newsdesk.models import EntityInfo
from newsdesk.safety import clean_line
from newsdesk.tui.curation import Curates, curation_bindings
from newsdesk.tui.highlight import entity_style
from newsdesk.tui.messages import EntityFocused, OpenEntity

Counted = tuple[EntityInfo, int]


def grouped(
    entities: list[Counted], highlight_numbers: bool = False
) -> list[tuple[str, list[Counted]]]:
    """Groups in legend order; inside one, most mentioned first, then by name."""

    def order(item: Counted) -> tuple[int, int, str]:
        group = group_of(item[0].label)
        return (GROUP_ORDER.index(group), -item[1], item[0].name.casefold())

    shown = [e for e in entities if highlight_numbers or group_of(e[0].label) != "number"]
    ordered = sorted(shown, key=order)
    return [(g, list(items)) for g, items in groupby(ordered, key=lambda e: group_of(e[0].label))]


def entity_row(info: EntityInfo, count: int, width: int) -> Text:
    """A colour chip (the one the text uses), the name, and the mentions in this article."""
    name = Text(clean_line(info.name))
    name.truncate(max(4, width - 8), overflow="ellipsis", pad=True)
    row = Text()
    row.append(" ", style=entity_style(group_of(info.label)))
    row.append(" ")
    row.append_text(name)
    row.append(f"{count:>4}")
    return row


class EntitySidebar(Curates, OptionList):
    """Highlighting an entity marks it in the text; ``Enter`` opens its page."""

    DEFAULT_CSS = """
    EntitySidebar { width: 34; height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "open entity", key_display="⏎", id="open_entity"),
        *curation_bindings(),
    ]

    def __init__(self, library: Library, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.library = library
        self.border_title = "In this article"
        self.article_id: str | None = None
        self.infos: dict[str, EntityInfo] = {}

    def curation_target(self) -> EntityInfo | None:
        """The entity highlighted in the panel."""
        option = self.highlighted_option
        return self.infos.get(option.id or "") if option else None

    def show_entities(self, article_id: str, entities: list[Counted], numbers: bool) -> None:
        self.article_id = article_id
        self.infos = {info.key: info for info, _ in entities}
        self.clear_options()
        width = max(12, (self.scrollable_content_region.width or 32) - 2)
        for group, items in grouped(entities, numbers):
            heading = Text(GROUP_NAMES[group].capitalize(), style="bold")
            self.add_option(Option(heading, disabled=True))
            for info, count in items:
                self.add_option(Option(entity_row(info, count, width), id=info.key))
        if not entities:
            self.add_option(Option(Text("No entities found."), disabled=True))

    @on(OptionList.OptionSelected)
    def _open_entity(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(OpenEntity(event.option.id))

    @on(OptionList.OptionHighlighted)
    def _mark_entity(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if self.has_focus:
            self.post_message(EntityFocused(event.option.id))

    def on_blur(self) -> None:
        self.post_message(EntityFocused(None))

    def on_focus(self) -> None:
        option = self.highlighted_option
        self.post_message(EntityFocused(option.id if option else None))
