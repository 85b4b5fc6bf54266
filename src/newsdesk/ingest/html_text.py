"""HTML snippets (feed content, JSON bodies, raw blocks in Markdown) to plain paragraphs.

lxml parses the markup; a flat walk over its tree (no recursion, so any nesting depth
is safe) collects text, starting a new paragraph at each block element. Scripts,
styles and other non-text elements are skipped whole.
"""

from __future__ import annotations

import lxml.etree
import lxml.html

from newsdesk.ingest.text import clean_lines, paragraphs

_BLOCKS = frozenset({
    "p", "div", "br", "hr", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4",
    "h5", "h6", "blockquote", "pre", "table", "tr", "thead", "tbody", "tfoot", "caption",
    "section", "article", "header", "footer", "aside", "main", "nav", "figure",
    "figcaption", "address", "details", "summary", "form", "fieldset", "center", "body"
})  # fmt: skip
_SKIPPED = frozenset({
    "head", "script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
    "math", "canvas", "select", "button", "textarea", "input", "audio", "video", "map"
})  # fmt: skip


def parse_html(markup: str) -> lxml.html.HtmlElement | None:
    """An HTML tree, always with html and body around it; ``None`` for an empty document.

    The text is made inert first (lxml also refuses control characters). A parser per
    call, since lxml parsers must not be shared between threads.
    """
    data = clean_lines(markup).encode("utf-8")
    if not data.strip():
        return None
    parser = lxml.html.HTMLParser(
        encoding="utf-8", no_network=True, remove_comments=True, remove_pis=True
    )
    try:
        return lxml.html.document_fromstring(data, parser=parser)
    except lxml.etree.ParserError:
        return None


def html_to_paragraphs(markup: str) -> str:
    """The text of an HTML document or fragment as body paragraphs ("" if it has none)."""
    root = parse_html(markup)
    return paragraphs("".join(_walk_text(root))) if root is not None else ""


def _walk_text(root: lxml.html.HtmlElement) -> list[str]:
    """Text pieces in document order, with a blank line wherever a block starts or ends."""
    pieces: list[str] = []
    walker = lxml.etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        skipped = not tag or tag in _SKIPPED
        if event == "start":
            if skipped:
                walker.skip_subtree()
                continue
            pieces.append(_break(tag))
            pieces.append(_flat(element.text))
        else:
            if not skipped:
                pieces.append(_break(tag))
            pieces.append(_flat(element.tail))
    return pieces


def _break(tag: str) -> str:
    return "\n\n" if tag in _BLOCKS else ""


def _flat(text: str | None) -> str:
    """HTML whitespace is not layout: newlines in the source must not split paragraphs."""
    return text.replace("\n", " ") if text else ""
