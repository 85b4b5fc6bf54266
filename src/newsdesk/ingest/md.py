"""Markdown articles: front matter for the fields, the Markdown itself for the body.

python-frontmatter splits and loads the front matter; markdown-it-py (installed with
Textual) parses the body, and its token stream gives plain text per block, so no
heading hashes, emphasis marks or link targets reach the reader.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import frontmatter
from markdown_it import MarkdownIt
from markdown_it.token import Token

from newsdesk.ingest.base import Draft, FileResult, Source, finish
from newsdesk.ingest.fields import as_names, as_text, pick, split_tags
from newsdesk.ingest.html_text import html_to_paragraphs
from newsdesk.ingest.text import join_paragraphs, one_line

_MARKDOWN = MarkdownIt("commonmark")
_CODE_BLOCKS = frozenset({"fence", "code_block"})


@dataclass(frozen=True, slots=True)
class _Block:
    text: str
    heading: bool = False


def read_md(text: str, src: Source) -> FileResult:
    """One article per file; the first heading is the title when front matter has none."""
    result = FileResult()
    meta, content = _front_matter(text.lstrip("\ufeff \t\r\n"), result.warnings)
    blocks = markdown_blocks(content)
    title = as_text(pick(meta, ("title", "headline")))
    if not one_line(title) and blocks and blocks[0].heading:
        title, blocks = blocks[0].text, blocks[1:]
    draft = Draft(
        body=join_paragraphs(block.text for block in blocks),
        title=title,
        date=pick(meta, ("date", "published", "published_at")),
        source=as_names(pick(meta, ("source", "publisher"))),
        author=as_names(pick(meta, ("author", "authors", "byline"))),
        url=as_text(pick(meta, ("url", "link"))),
        tags=split_tags(pick(meta, ("tags", "keywords"))),
    )
    result.articles.append(finish(draft, src, result.warnings))
    return result


def _front_matter(text: str, warnings: list[str]) -> tuple[Mapping[str, object], str]:
    """Fields (lower-case keys) and the Markdown after them.

    Broken front matter is dropped with a warning rather than failing the article.
    """
    handler = frontmatter.detect_format(text, frontmatter.handlers)
    if handler is None:
        return {}, text
    try:
        raw, content = handler.split(text)
    except ValueError:
        return {}, text
    try:
        loaded = handler.load(raw)
    except Exception as exc:  # YAML, TOML and JSON loaders each raise their own types
        warnings.append(f"front matter ignored: {one_line(str(exc), 120)}")
        return {}, content
    if not isinstance(loaded, Mapping):
        return {}, content
    return {str(key).lower(): value for key, value in loaded.items()}, content


def markdown_blocks(content: str) -> list[_Block]:
    """Plain text of each paragraph, heading, list item and code block, in order."""
    blocks: list[_Block] = []
    tokens = _MARKDOWN.parse(content)
    for index, token in enumerate(tokens):
        if token.type == "inline":
            heading = index > 0 and tokens[index - 1].type == "heading_open"
            blocks.append(_Block(_inline_text(token), heading))
        elif token.type in _CODE_BLOCKS:
            blocks.append(_Block(token.content))
        elif token.type == "html_block":
            blocks.extend(_Block(part) for part in html_to_paragraphs(token.content).split("\n\n"))
    return blocks


def _inline_text(token: Token) -> str:
    """Visible text of an inline token: link text kept, targets, marks and raw HTML dropped."""
    parts: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts)
