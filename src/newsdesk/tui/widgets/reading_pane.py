"""The reading pane: one article with its entities, search matches and cursors marked.

It draws through the Line API so it knows which screen line holds each mention and
match: ``]``/``[`` and ``n``/``N`` can scroll the one they land on into view.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip

from newsdesk.groups import VALUE_GROUPS, group_of
from newsdesk.models import Article, ArticleMarks, Mention
from newsdesk.safety import clean_line, clean_text, visible_path
from newsdesk.spans import clamp_spans, layout_segments, mention_indexes_of, paragraph_bounds
from newsdesk.tui.highlight import paragraph_text
from newsdesk.tui.messages import EntityCursorMoved, OpenEntity

_ENTITIES = Binding.Group("entities", compact=True)
_MATCHES = Binding.Group("matches", compact=True)
MEASURE = 100
"""Longest line of body text: beyond this, lines get hard to follow."""


def byline(article: Article) -> str:
    """``Caucasus Wire · Tue 15 Jun 2021 · by the Baku desk``, leaving out what is unknown."""
    parts = [clean_line(article.source)]
    if article.date:
        parts.append(article.date.strftime("%a %d %b %Y"))
    if article.author.strip():
        parts.append(f"by {clean_line(article.author)}")
    return " · ".join(p for p in parts if p)


def details(article: Article, corpus: Path | None = None) -> list[str]:
    """The article's URL and file, a line each (issue #14): where it is on the web and
    on disk, to open (``o``, ``v``) or find it; both are untrusted and made inert. A file
    in the corpus is named from the corpus folder on (``news/energy/a.md``): the top bar
    says which folder that is, and the line stays short."""
    path = article.path
    if corpus is not None and path and Path(path).is_relative_to(corpus):
        path = str(Path(path).relative_to(corpus.parent))
    parts = [clean_line(article.url), clean_line(visible_path(path))]
    return [p for p in parts if p]


class ReadingPane(ScrollView, can_focus=True):
    """Shows an article; ``Enter`` on the entity cursor posts :class:`OpenEntity`."""

    DEFAULT_CSS = """
    ReadingPane { height: 1fr; padding: 0 1; overflow-x: hidden; scrollbar-gutter: stable; }
    ReadingPane > .reading-pane--title { text-style: bold; color: $text; }
    ReadingPane > .reading-pane--byline { color: $text-muted; }
    ReadingPane > .reading-pane--details { color: $text-muted; text-style: italic; }
    ReadingPane > .reading-pane--note { color: $text-warning; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "reading-pane--title", "reading-pane--byline", "reading-pane--details",
        "reading-pane--note",
    }  # fmt: skip
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "right_square_bracket",
            "entity(1)",
            "next",
            key_display="]",
            group=_ENTITIES,
            id="next_entity",
        ),
        Binding(
            "left_square_bracket",
            "entity(-1)",
            "prev",
            key_display="[",
            group=_ENTITIES,
            id="previous_entity",
        ),
        Binding("enter", "open_entity", "open entity", key_display="⏎", id="open_entity"),
        Binding("n", "match(1)", "next match", group=_MATCHES, id="next_match"),
        Binding(
            "N", "match(-1)", "prev match", key_display="N", group=_MATCHES, id="previous_match"
        ),
        Binding("j", "scroll_down", "down", show=False, id="scroll_down"),
        Binding("k", "scroll_up", "up", show=False, id="scroll_up"),
        Binding("space", "page_down", "page down", show=False, id="page_down"),
    ]

    @dataclass
    class MatchMoved(Message):
        """``n``/``N`` moved to another match: ``label`` says which (``match 3 of 7``)."""

        label: str

    def __init__(self, *, corpus: Path | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.corpus = corpus
        self.article: Article | None = None
        self.mentions: list[Mention] = []
        self.matches: list[tuple[int, int]] = []
        self.entity_cursor: int | None = None
        self.match_cursor: int | None = None
        self.focus_key: str | None = None
        self.followed_key: str | None = None
        self.message = ""
        self.marks: ArticleMarks | None = None
        self._lines: list[Strip] = []
        self._mention_rows: dict[int, int] = {}
        self._match_rows: dict[int, int] = {}

    # --- what to show ------------------------------------------------------------
    def show_article(
        self,
        article: Article,
        mentions: list[Mention],
        matches: list[tuple[int, int]],
        focus_key: str | None = None,
    ) -> None:
        """Show an article; with ``focus_key`` the cursor starts on that entity's first mention."""
        self.article, self.mentions = article, mentions
        self.marks = None
        self.followed_key = self.focus_key = focus_key
        self.matches = clamp_spans(matches, len(article.body))
        firsts = mention_indexes_of(mentions, focus_key) if focus_key else []
        self.entity_cursor = firsts[0] if firsts else None
        self.match_cursor = None
        self._rebuild()
        self.scroll_to(y=0, animate=False)
        self._reveal(self._mention_rows.get(self.entity_cursor or 0) if firsts else None)
        self.post_message(EntityCursorMoved(self.current_mention))

    def show_message(self, message: str) -> None:
        """Nothing to read (yet): say why instead."""
        self.article, self.mentions, self.matches = None, [], []
        self.followed_key = self.focus_key = None
        self.entity_cursor = self.match_cursor = None
        self.message = message
        self._rebuild()
        self.post_message(EntityCursorMoved(None))

    def show_marks(self, marks: ArticleMarks | None) -> None:
        """The user's star, labels and note, under the byline (drawn again in place)."""
        if marks != self.marks:
            self.marks = marks
            self._rebuild()

    def mark_entity(self, key: str | None) -> None:
        """Mark one entity's mentions (from the sidebar) without moving the cursor.

        ``None`` goes back to the entity the article was opened for, if any.
        """
        key = key or self.followed_key
        if key != self.focus_key:
            self.focus_key = key
            self._rebuild()

    @property
    def current_mention(self) -> Mention | None:
        return None if self.entity_cursor is None else self.mentions[self.entity_cursor]

    # --- building lines -----------------------------------------------------------
    def _texts(self) -> list[Text]:
        if self.article is None:
            return [Text(self.message, style=self._component("byline"))]
        article = self.article
        texts = self._heading(article)
        segments = layout_segments(
            article.body,
            self.mentions,
            self.matches,
            cursor=self.entity_cursor,
            focus_key=self.focus_key,
            current_match=self.match_cursor,
        )
        for paragraph in segments:
            texts.append(Text())
            texts.append(paragraph_text(article.body, paragraph))
        return texts

    def _heading(self, article: Article) -> list[Text]:
        title = Text(clean_line(article.title) or "(untitled)", style=self._component("title"))
        heading = [title, Text(byline(article), style=self._component("byline"))]
        style = self._component("details")
        heading += [
            Text(line, style=style, overflow="fold") for line in details(article, self.corpus)
        ]
        return heading + self._marks_lines(self.marks)

    def _marks_lines(self, marks: ArticleMarks | None) -> list[Text]:
        """``★ starred · labels: court, baku`` and the note, when there are any."""
        if marks is None:
            return []
        line = ["★ starred" if marks.starred else ""]
        if marks.labels:
            line.append("labels: " + ", ".join(clean_line(label) for label in marks.labels))
        shown = " · ".join(part for part in line if part)
        texts = [Text(shown, style=self._component("byline"))] if shown else []
        if marks.note:
            texts.append(Text("Note: " + clean_text(marks.note), style=self._component("note")))
        return texts

    def _component(self, name: str) -> Style:
        return self.get_component_rich_style(f"reading-pane--{name}")

    def _rebuild(self) -> None:
        """Wrap everything to the pane's width and note where each mark landed."""
        width = min(MEASURE, max(20, self.scrollable_content_region.width))
        console: Console = self.app.console
        options = console.options.update_width(width)
        self._lines, self._mention_rows, self._match_rows = [], {}, {}
        for text in self._texts():
            for segments in console.render_lines(text, options, pad=False):
                self._note_marks(segments, len(self._lines))
                self._lines.append(Strip(segments))
        self.virtual_size = Size(width, len(self._lines))
        self.refresh()

    def _note_marks(self, segments: list[Segment], row: int) -> None:
        for segment in segments:
            meta = segment.style.meta if segment.style and segment.style._meta else {}
            if "mention" in meta:
                self._mention_rows.setdefault(meta["mention"], row)
            if "match" in meta:
                self._match_rows.setdefault(meta["match"], row)

    def render_line(self, y: int) -> Strip:
        """A line of the article; offsets are noted in it so the mouse can select text."""
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if index >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        strip = self._selected(self._lines[index], index).crop_extend(0, width, None)
        return strip.apply_style(self.rich_style).apply_offsets(0, index)

    # --- selecting text (Textual's own selection, for ``y`` to copy) ----------------------
    def _selected(self, strip: Strip, row: int) -> Strip:
        """The line with the selected part in the screen's selection colours."""
        selection = self.text_selection
        span = selection.get_span(row) if selection is not None else None
        if span is None:
            return strip
        text = Text.assemble(*[(segment.text, segment.style or "") for segment in strip])
        start, end = span
        style = self.screen.get_component_rich_style("screen--selection")
        text.stylize(style, start, len(text) if end == -1 else end)
        return Strip(list(text.render(self.app.console)))

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The selected text as shown (wrapped lines joined with newlines)."""
        return selection.extract("\n".join(line.text for line in self._lines)), "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        self.refresh()

    def passage(self) -> str:
        """What "quote" copies when nothing is selected: the paragraph holding the entity
        or match cursor, else the first paragraph."""
        if self.article is None:
            return ""
        body, at = self.article.body, 0
        if self.entity_cursor is not None:
            at = self.mentions[self.entity_cursor].start
        elif self.match_cursor is not None:
            at = self.matches[self.match_cursor][0]
        bounds = paragraph_bounds(body)
        start, end = next(((a, b) for a, b in bounds if at < b), bounds[0] if bounds else (0, 0))
        return body[start:end]

    def on_resize(self, event: events.Resize) -> None:
        self._rebuild()
        if self.entity_cursor is not None:
            self._reveal(self._mention_rows.get(self.entity_cursor))

    def _reveal(self, row: int | None) -> None:
        """Scroll so ``row`` is in view, a third down the pane, if it is not already."""
        height = self.scrollable_content_region.height
        if row is None or round(self.scroll_y) <= row < round(self.scroll_y) + height:
            return
        self.scroll_to(y=max(0, row - height // 3), animate=False)

    # --- cursors -------------------------------------------------------------------
    def action_entity(self, step: int) -> None:
        if not self.mentions:
            self.notify("No entities marked in this article.", timeout=2)
            return
        here = self.entity_cursor
        start = (-1 if step > 0 else len(self.mentions)) if here is None else here
        self.entity_cursor = max(0, min(len(self.mentions) - 1, start + step))
        self._rebuild()
        self._reveal(self._mention_rows.get(self.entity_cursor))
        self.post_message(EntityCursorMoved(self.current_mention))
        self.refresh_bindings()

    def action_match(self, step: int) -> None:
        if not self.matches:
            self.notify("No search matches in this article.", timeout=2)
            return
        here = self.match_cursor
        start = (-1 if step > 0 else len(self.matches)) if here is None else here
        self.match_cursor = (start + step) % len(self.matches)
        self._rebuild()
        self._reveal(self._match_rows.get(self.match_cursor))
        self.post_message(self.MatchMoved(self.match_label))

    @property
    def match_label(self) -> str:
        """``match 3 of 7`` once ``n``/``N`` landed on one; ``""`` before."""
        if self.match_cursor is None or not self.matches:
            return ""
        return f"match {self.match_cursor + 1} of {len(self.matches)}"

    def action_open_entity(self) -> None:
        mention = self.current_mention
        if mention is not None:
            self._open(mention)

    def _open(self, mention: Mention) -> None:
        """Names open their page; dates and numbers are values with no page (issue #11)."""
        if group_of(mention.label) in VALUE_GROUPS:
            self.notify(f"{clean_line(mention.text)!r} is a date or number: it has no page.")
            return
        self.post_message(OpenEntity(mention.key))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_entity":
            return self.entity_cursor is not None
        if action == "match":
            return bool(self.matches)
        return True

    def on_click(self, event: events.Click) -> None:
        index = event.style.meta.get("mention")
        if index is not None and 0 <= index < len(self.mentions):
            self.entity_cursor = index
            self._rebuild()
            self.post_message(EntityCursorMoved(self.current_mention))
            self._open(self.mentions[index])
