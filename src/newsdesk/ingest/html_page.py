"""Saved web pages: trafilatura finds the story among menus, ads and comments.

trafilatura also reads the page's metadata (title, date via htmldate, author, site
name, canonical URL). When it finds no main text at all, the whole visible page text
is used instead, with a warning, so a simple hand-written page is not lost.
"""

from __future__ import annotations

from trafilatura import bare_extraction
from trafilatura.settings import Document

from newsdesk.ingest.base import NO_TEXT, Draft, FileResult, IngestError, Source, finish
from newsdesk.ingest.html_text import html_to_paragraphs, parse_html
from newsdesk.ingest.text import clean_lines, join_paragraphs, one_line


def read_html(text: str, src: Source) -> FileResult:
    """One article per page."""
    markup = clean_lines(text)
    result = FileResult()
    document = _extract(markup)
    body = _body(document)
    if not body:
        body = html_to_paragraphs(markup)
        if not body:
            raise IngestError(NO_TEXT)
        result.warnings.append("main text not found; read the whole page")
    draft = Draft(body=body)
    if document is not None:
        _add_metadata(draft, document)
    result.articles.append(finish(draft, src, result.warnings))
    return result


def _extract(markup: str) -> Document | None:
    """trafilatura's result, or ``None`` when it sees no article.

    The page is parsed here (already decoded, always wrapped in html and body), since
    trafilatura refuses a bare fragment such as a lone ``<p>`` as "not valid HTML".
    """
    tree = parse_html(markup)
    if tree is None:
        return None
    found = bare_extraction(
        tree,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        deduplicate=False,
    )
    return found if isinstance(found, Document) else None


def _body(document: Document | None) -> str:
    """Paragraphs of the extracted text (one per line), minus a first line repeating the title."""
    if document is None or not document.text:
        return ""
    body = join_paragraphs(document.text.split("\n"))
    first, _, rest = body.partition("\n\n")
    if rest and document.title and first == one_line(document.title):
        return rest
    return body


def _add_metadata(draft: Draft, document: Document) -> None:
    draft.title = document.title or ""
    draft.date = document.date
    draft.author = document.author or ""
    draft.source = document.sitename or ""
    draft.url = document.url or ""
    draft.tags = (*(document.tags or ()), *(document.categories or ()))
