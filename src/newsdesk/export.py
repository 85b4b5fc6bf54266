"""Lists written out as CSV, JSON or Markdown: for the reader's export key and the CLI.

The exporter knows tables, not screens: a list of articles (any list: a search, an
entity's articles, the archive) or of entities becomes a ``Table`` of plain cells, and
``render`` writes it in one format. What the front ends show or ask stays theirs.

Exported text is untrusted, like everything from the archive:

* **CSV** cells are single display lines (``safety.clean_line``: controls, escapes and
  line breaks gone), so the file is safe to ``cat``. A cell that a spreadsheet would run
  as a formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return:
  OWASP's CSV-injection list) gets a leading apostrophe, which spreadsheets show as
  text; a cell that already starts with apostrophes before such a character gets one
  more, so ``csv_value`` undoes the guard exactly and the data survives a round trip.
* **JSON** keeps every string as it is; characters a terminal could act on are written
  as ``\\u`` escapes (``output.to_json``), so the parsed value is the archive's own.
* **Markdown** cells are single display lines with ``\\ | ` * _ ~ & [ ] < >``
  backslash-escaped: a title can neither split a table row nor become a link, code,
  emphasis, an entity or raw HTML.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from newsdesk.models import Article, ArticleSummary, EntityArticle, EntityInfo
from newsdesk.output import to_json
from newsdesk.safety import clean_line, clean_text

Format = Literal["csv", "json", "md"]
FORMATS: tuple[Format, ...] = ("csv", "json", "md")
Cell = str | int | None | tuple[str, ...]

ARTICLE_COLUMNS = ("id", "date", "title", "source", "url", "path")
ENTITY_COLUMNS = ("name", "label", "aliases", "articles", "mentions", "key")

_EXTENSIONS: dict[str, Format] = {"csv": "csv", "json": "json", "md": "md", "markdown": "md"}
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_GUARDED = re.compile(r"'+[=+\-@\t\r]")
_MARKDOWN = re.compile(r"([\\|`*_~&\[\]<>])")


@dataclass(frozen=True, slots=True)
class Table:
    """What is exported: a title (``search "Shusha"``), what a row is, columns, rows."""

    title: str
    items: str
    columns: tuple[str, ...]
    rows: list[tuple[Cell, ...]]


# --- tables from the library's plain models --------------------------------------------
def _iso(when: datetime | date | None) -> str | None:
    return when.isoformat() if when else None


def article_row(summary: ArticleSummary) -> tuple[Cell, ...]:
    """One article in ``ARTICLE_COLUMNS`` order."""
    s = summary
    return (s.id, _iso(s.date), s.title, s.source, s.url, s.path)


def article_record(summary: ArticleSummary) -> dict[str, Any]:
    """One article as a JSON object: the CLI's JSON shapes start from this one."""
    return dict(zip(ARTICLE_COLUMNS, article_row(summary), strict=True))


def article_table(title: str, summaries: Iterable[ArticleSummary]) -> Table:
    """Any list of articles: a search, the archive, starred ones, a saved search."""
    return Table(title, "articles", ARTICLE_COLUMNS, [article_row(s) for s in summaries])


def entity_article_table(title: str, articles: Iterable[EntityArticle]) -> Table:
    """An entity's articles, each with how often it names the entity."""
    rows = [(*article_row(a.summary), a.mentions) for a in articles]
    return Table(title, "articles", (*ARTICLE_COLUMNS, "mentions"), rows)


def entity_row(info: EntityInfo) -> tuple[Cell, ...]:
    """One catalogue entity in ``ENTITY_COLUMNS`` order."""
    i = info
    return (i.name, i.label, tuple(i.aliases), i.article_count, i.mention_count, i.key)


def entity_table(title: str, entities: Iterable[EntityInfo]) -> Table:
    """The archive's entities (the Entities screen, ``entities --list``)."""
    return Table(title, "entities", ENTITY_COLUMNS, [entity_row(e) for e in entities])


# --- formats -------------------------------------------------------------------------------
def render(table: Table, fmt: Format) -> str:
    """The whole table in one format, ending with a newline."""
    writers = {"csv": to_csv, "json": to_json_text, "md": to_markdown}
    return writers[fmt](table)


def to_csv(table: Table) -> str:
    """A header row, then one row per item; lists of names joined by ``; ``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows([csv_cell(cell) for cell in row] for row in table.rows)
    return out.getvalue()


def csv_cell(cell: Cell) -> str:
    """A cell as a line of text a spreadsheet will not run (see the module's notes)."""
    text = _plain(cell)
    return "'" + text if _FORMULA.match(text) else text


def csv_value(text: str) -> str:
    """The cell's text as exported, the formula guard taken off (for readers of the file)."""
    return text[1:] if _GUARDED.match(text) else text


def to_json_text(table: Table) -> str:
    """``{"title", "count", "<items>": [{column: value}, ...]}``; lists stay lists."""
    records = [dict(zip(table.columns, _json_row(row), strict=True)) for row in table.rows]
    data = {"title": table.title, "count": len(records), table.items: records}
    return to_json(data) + "\n"


def _json_row(row: tuple[Cell, ...]) -> list[Any]:
    return [list(cell) if isinstance(cell, tuple) else cell for cell in row]


def to_markdown(table: Table) -> str:
    """A heading naming the list, then a GitHub-flavoured table of escaped cells."""
    lines = [f"## {markdown_cell(table.title)}", ""]
    lines.append("| " + " | ".join(table.columns) + " |")
    lines.append("|" + "---|" * len(table.columns))
    for row in table.rows:
        lines.append("| " + " | ".join(markdown_cell(cell) for cell in row) + " |")
    return "\n".join(lines) + "\n"


def markdown_cell(cell: Cell) -> str:
    """One line, with the characters that would end a cell or start markup escaped."""
    return _MARKDOWN.sub(r"\\\1", _plain(cell))


def _plain(cell: Cell) -> str:
    """The cell as one display line: ``None`` is empty, a list of names is ``a; b``."""
    if cell is None:
        return ""
    if isinstance(cell, tuple):
        return "; ".join(clean_line(name) for name in cell)
    return clean_line(str(cell))


# --- one article handed on: what the reader's copy key puts on the clipboard ---------------
def title_and_url(article: Article) -> str:
    """``Title — https://…`` (the title alone when there is no URL)."""
    title = clean_line(article.title) or "(untitled)"
    url = clean_line(article.url)
    return f"{title} — {url}" if url else title


def citation(article: Article, quote: str) -> str:
    """The quote in curly quotes, then ``— Title, Source, 15 June 2021. URL``: what a
    note needs to find the article again; parts the article lacks are left out."""
    when = f"{article.date.day} {article.date:%B %Y}" if article.date else ""
    named = [clean_line(article.title) or "(untitled)", clean_line(article.source), when]
    cited = "— " + ", ".join(part for part in named if part) + "."
    url = clean_line(article.url)
    text = " ".join(clean_text(quote).split())
    return f"“{text}”\n{cited}" + (f" {url}" if url else "")


def lead(article: Article) -> str:
    """The first paragraph: what is quoted when nothing is selected."""
    paragraphs = [p for p in clean_text(article.body).split("\n\n") if p.strip()]
    return paragraphs[0].strip() if paragraphs else ""


# --- file names ------------------------------------------------------------------------
def slug(text: str, limit: int = 40) -> str:
    """``Ilham Aliyev`` → ``ilham-aliyev``: letters and digits of any script, dashes between."""
    words = re.findall(r"\w+", clean_line(text).casefold())
    return "-".join(words)[:limit].strip("-_") or "list"


def default_name(kind: str, what: str, fmt: Format, today: date) -> str:
    """``newsdesk-search-shusha-2026-12-01.csv``: what the list is, and when it was taken."""
    parts = ["newsdesk", kind, slug(what) if what else "", today.isoformat()]
    return "-".join(p for p in parts if p) + f".{fmt}"


def format_of(name: str) -> Format | None:
    """The format a file name asks for by its extension (``.markdown`` is Markdown too)."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return _EXTENSIONS.get(ext)


def write_new(path: str, text: str, overwrite: bool = False) -> None:
    """Write the export; an existing file is replaced only when ``overwrite`` says so
    (``FileExistsError`` otherwise). ``OSError`` is the caller's to turn into one line."""
    with open(path, "w" if overwrite else "x", encoding="utf-8", newline="") as out:
        out.write(text)
