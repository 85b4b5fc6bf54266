"""Styles for the marks ``newsdesk.spans`` computes: the one place colours are chosen.

Entities get a pastel background with dark ink, as in spaCy's displaCy, so every mark
reads the same on dark and light themes. Every string is added with ``Text.append``
after ``safety.clean_text``: article text is never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rich.style import Style
from rich.text import Text

from newsdesk.groups import GROUP_NAMES, GROUP_ORDER, LEGEND_GROUPS
from newsdesk.safety import clean_line, clean_text
from newsdesk.spans import Paragraph, Run, find_terms

INK = "#1b1b1b"
PALETTE = {
    "person": "#b3a6ff",
    "org": "#7aecec",
    "place": "#feca74",
    "group": "#e9b6f0",
    "event": "#ffeb80",
    "date": "#bfe1d9",
    "other": "#d9d9d9",
    "number": "#e4e7d2",
}
"""The default pastels, one per group."""
IN_USE = dict(PALETTE)
"""The pastels in use: the defaults with the user's ``colours`` setting over them."""
STRONG = {
    "person": "#5a3fd6",
    "org": "#00777c",
    "place": "#a85d00",
    "group": "#8e35a8",
    "event": "#8a6d00",
    "date": "#2f6f60",
    "other": "#555555",
    "number": "#5e6338",
}
"""Deep versions of the palette for the entity cursor: white on them reads on any theme."""
MATCH_BACKGROUND = "#ff9ecf"
MATCH_STYLE = Style(color=INK, bgcolor=MATCH_BACKGROUND, bold=True, underline=True)


def use_colours(colours: Mapping[str, str]) -> None:
    """Mark each group in the user's colour (``[newsdesk.colours]``), the rest in the
    defaults. Every reader calls this as it starts, so one reader's colours never stay
    for the next (tests start many in one process)."""
    IN_USE.clear()
    IN_USE.update(PALETTE, **colours)


def group_colour(group: str) -> str:
    return IN_USE.get(group, IN_USE["other"])


def entity_style(group: str) -> Style:
    """A mention at rest: dark ink on the group's pastel."""
    return Style(color=INK, bgcolor=group_colour(group))


def cursor_style(group: str) -> Style:
    """The mention under the entity cursor: white on the deep group colour, bold, underlined.

    Plain reverse video (pastel on ink) would vanish into a dark theme's background; a
    deep block of the same hue stands out among the pastels on dark and light alike.
    """
    return Style(
        color="#ffffff", bgcolor=STRONG.get(group, STRONG["other"]), bold=True, underline=True
    )


def run_style(run: Run) -> Style | None:
    """Entity colour first, then the marks layered on top; meta lets clicks find the run."""
    matched = run.match is not None
    if run.group is None:
        style = MATCH_STYLE if matched else None
    elif run.cursor:
        style = cursor_style(run.group)
    else:
        style = entity_style(run.group) + Style(bold=run.focus or matched or None)
        style += Style(underline=matched or None, italic=run.focus or None)
    if style is None:
        return None
    if run.current_match:
        style += Style(reverse=True)
    return style + Style.from_meta(_meta(run))


def _meta(run: Run) -> dict[str, int]:
    meta = {}
    if run.mention is not None:
        meta["mention"] = run.mention
    if run.match is not None:
        meta["match"] = run.match
    return meta


def paragraph_text(body: str, paragraph: Paragraph) -> Text:
    """One paragraph as Rich text; each run's text is cleaned on its own so offsets hold."""
    text = Text()
    for run in paragraph.runs:
        text.append(clean_text(body[run.start : run.end]), run_style(run))
    return text


def marked_line(line: str, terms: Iterable[str] = ()) -> Text:
    """A single display line (a list title), cleaned, with the search terms marked."""
    cleaned = clean_line(line)
    text = Text()
    pos = 0
    for start, end in find_terms(cleaned, terms):
        text.append(cleaned[pos:start])
        text.append(cleaned[start:end], MATCH_STYLE)
        pos = end
    text.append(cleaned[pos:])
    return text


def swatch(group: str) -> Text:
    """The group's plural name in the group's own colours: the legend's vocabulary."""
    return Text(f" {GROUP_NAMES.get(group, group)} ", style=entity_style(group))


def legend(groups: Iterable[str] = LEGEND_GROUPS, with_match: bool = False) -> Text:
    """The key to the colours, shown under the reading pane."""
    wanted = set(groups)
    parts = [swatch(g) for g in GROUP_ORDER if g in wanted]
    if with_match:
        parts.append(Text(" match ", style=MATCH_STYLE))
    return Text(" ").join(parts)
