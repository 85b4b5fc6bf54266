"""Files to Articles: the only door through which archive files enter newsdesk.

The indexer calls ``discover`` to list article files and ``read_file`` on each. Every
problem with a file comes back as an ``IngestError`` with a one-line reason (or as
warnings beside the articles), never as another exception, so one bad file cannot
stop an indexing run. All text is made inert (``newsdesk.safety``) before it leaves.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from newsdesk.ingest import repairs
from newsdesk.ingest.base import MAX_FILE_BYTES, SUFFIXES, FileResult, IngestError, Source
from newsdesk.ingest.decoding import decode, load_bytes, xml_declared_encoding
from newsdesk.ingest.discovery import discover
from newsdesk.ingest.feeds import read_feed
from newsdesk.ingest.html_page import read_html
from newsdesk.ingest.json_file import read_json, read_jsonl
from newsdesk.ingest.md import read_md
from newsdesk.ingest.text import one_line
from newsdesk.ingest.txt import read_txt

__all__ = ["MAX_FILE_BYTES", "SUFFIXES", "FileResult", "IngestError", "discover", "read_file"]

Reader = Callable[[str, Source], FileResult]
_READERS: dict[str, tuple[str, Reader]] = {
    ".txt": ("txt", read_txt),
    ".md": ("md", read_md),
    ".markdown": ("md", read_md),
    ".html": ("html", read_html),
    ".htm": ("html", read_html),
    ".json": ("json", read_json),
    ".jsonl": ("jsonl", read_jsonl),
    ".xml": ("xml", read_feed),
    ".rss": ("rss", read_feed),
    ".atom": ("atom", read_feed),
}
_XML_FORMATS = frozenset({"xml", "rss", "atom"})


def read_file(path: Path, root: Path) -> FileResult:
    """The articles in ``path``; ids are made from its path relative to ``root``.

    Raises ``IngestError`` for a file that cannot be read as articles, and nothing else:
    an unexpected failure inside a parsing library is wrapped with its reason.
    """
    try:
        return _read(path, root)
    except IngestError:
        raise
    except RecursionError:
        raise IngestError("too deeply nested to read") from None
    except MemoryError:
        raise IngestError("too large to read into memory") from None
    except Exception as exc:  # a library's own error type: report it, never crash the run
        raise IngestError(f"could not read: {type(exc).__name__}: {exc}") from exc


def _read(path: Path, root: Path) -> FileResult:
    suffix = path.suffix.lower()
    if suffix not in _READERS:
        raise IngestError(f"not an article file type: {suffix or 'no suffix'}")
    fmt, reader = _READERS[suffix]
    data = load_bytes(path)
    declared = xml_declared_encoding(data) if fmt in _XML_FORMATS else None
    text, warnings = decode(data, declared)
    with repairs.noting() as repaired:
        result = reader(text, Source(path, root, fmt))
    warnings += result.warnings + repairs.warnings(repaired)
    result.warnings = [one_line(warning, 400) for warning in warnings]
    return result
