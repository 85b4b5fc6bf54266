"""How an entity is written on every screen: its colour and type name, its prompt in
the palette and pickers, and the matcher that finds entities from a few typed letters.

A leaf of the reader's modules (screens, the palette and the dialogs all use it), so it
imports no screen.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from newsdesk.groups import group_of
from newsdesk.library import Library
from newsdesk.models import EntityInfo
from newsdesk.safety import clean_line
from newsdesk.tui.highlight import entity_style

ENTITY_LIMIT = 20
MATCHED = Style(bold=True, underline=True)


def entity_look(label: str) -> tuple[Style, str]:
    """The style and type name of a label, identical on every screen of the reader."""
    group = group_of(label)
    return entity_style(group), group


def plural(count: int, noun: str) -> str:
    """``1 article``, ``9,020 articles``: grouped as the article list's counts are."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def find_candidates(library: Library, query: str, limit: int = ENTITY_LIMIT) -> list[EntityInfo]:
    """Entities for what was typed; several words narrow by the most telling one."""
    query = " ".join(query.split())
    found = library.find_entities(query, limit)
    words = query.split()
    if found or len(words) < 2:
        return found
    wide = library.find_entities(max(words, key=len), limit * 5)
    return [info for info in wide if all(word_prefix(info.name, w) >= 0 for w in words)][:limit]


def word_prefix(name: str, prefix: str) -> int:
    """Where a word of ``name`` starts with ``prefix`` (case-insensitive), else -1."""
    folded, wanted = name.casefold(), prefix.casefold()
    for index, char in enumerate(folded):
        starts_word = index == 0 or not folded[index - 1].isalnum()
        if char.isalnum() and starts_word and folded.startswith(wanted, index):
            return index
    return -1


def entity_prompt(info: EntityInfo, query: str = "") -> Text:
    """``Open entity: Ilham Aliyev (person · 12 articles)``, the typed words marked."""
    style, kind = entity_look(info.label)
    name = clean_line(info.name)
    marked = Text(end="")
    marked.append(name, style=style)
    for word in query.split():
        at = word_prefix(name, word)
        if at >= 0:
            marked.stylize(MATCHED, at, at + len(word))
    prompt = Text("Open entity: ", end="")
    prompt.append_text(marked)
    prompt.append(f" ({kind} · {plural(info.article_count, 'article')})", style="dim")
    return prompt
