"""Bytes from disk to text: bounded reads, binary detection and encoding guesses.

Archives are old and mixed: UTF-16 exports from Word, Windows-1252 pages from the
2000s, stray binaries with a ``.txt`` name. Each case is either read (with a warning
when a guess was involved) or refused with a reason; nothing here raises anything
but ``IngestError``.
"""

from __future__ import annotations

import codecs
import re
import stat
from pathlib import Path

import charset_normalizer

from newsdesk.ingest.base import MAX_FILE_BYTES, IngestError

_SAMPLE = 8192
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_BINARY_BYTES = bytes([*range(0, 8), *range(14, 27), *range(28, 32), 127])
_NON_TEXT = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f\ufffd\ud800-\udfff]")
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z][\w.:-]*)["']""")
_NAMES = {"latin-1": "Latin-1", "iso8859-1": "Latin-1", "utf-8": "UTF-8"}


def load_bytes(path: Path) -> bytes:
    """The file's bytes, refusing non-files, empty files and files over the cap unread."""
    try:
        info = path.stat()
    except OSError as exc:
        raise IngestError(f"cannot read: {os_reason(exc)}") from None
    if not stat.S_ISREG(info.st_mode):
        raise IngestError("not a regular file")
    if info.st_size > MAX_FILE_BYTES:
        raise _too_large()
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise IngestError(f"cannot read: {os_reason(exc)}") from None
    if len(data) > MAX_FILE_BYTES:
        raise _too_large()
    if not data:
        raise IngestError("empty file")
    return data


def os_reason(exc: OSError) -> str:
    """"permission denied" rather than "[Errno 13] Permission denied: '/x'"."""
    return (exc.strerror or str(exc) or type(exc).__name__).lower()


def decode(data: bytes, declared: str | None = None) -> tuple[str, list[str]]:
    """Text and warnings: BOM, then strict UTF-8, then a declared encoding, then a guess."""
    bom = _bom_codec(data)
    if bom is None and _binary_bytes(data[:_SAMPLE]):
        raise IngestError("binary file, not text")
    text, warnings = _decode_text(data, bom, declared)
    if _mostly_non_text(text[:_SAMPLE]):
        raise IngestError("binary file, not text")
    return text, warnings


def xml_declared_encoding(data: bytes) -> str | None:
    """The encoding an XML declaration names, if Python knows it."""
    found = _XML_ENCODING.match(data[:300])
    return _known_codec(found.group(1).decode("ascii")) if found else None


def _decode_text(data: bytes, bom: str | None, declared: str | None) -> tuple[str, list[str]]:
    if bom is not None:
        return _decode_or_replace(data, bom)
    for codec in ("utf-8", declared):
        if codec is not None:
            try:
                return data.decode(codec), []
            except UnicodeDecodeError:
                pass
    guessed = _guess(data)
    if guessed is not None:
        return guessed
    return _decode_or_replace(data, "utf-8")


def _decode_or_replace(data: bytes, codec: str) -> tuple[str, list[str]]:
    try:
        return data.decode(codec), []
    except UnicodeDecodeError:
        name = _display(codec)
        return data.decode(codec, "replace"), [f"not valid {name}: undecodable bytes replaced"]


def _guess(data: bytes) -> tuple[str, list[str]] | None:
    """charset-normalizer's best guess, with Windows-1252 winning near-ties.

    charset-normalizer often ranks Central European or Mac code pages first for short
    Western texts; Windows-1252 is by far the commonest legacy encoding in news
    archives, so it wins when it scores about as well.
    """
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    for match in matches:
        if "cp1252" in match.could_be_from_charset and match.chaos <= best.chaos + 0.05:
            best = match
            break
    codec = "cp1252" if "cp1252" in best.could_be_from_charset else best.encoding
    if _known_codec(codec) in (None, "utf-8"):
        return None
    try:
        return data.decode(codec), [f"decoded as {_display(codec)} (not valid UTF-8)"]
    except (UnicodeDecodeError, LookupError):
        return None


def _bom_codec(data: bytes) -> str | None:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec
    return None


def _binary_bytes(sample: bytes) -> bool:
    """NUL anywhere, or more than 30 % control bytes: no text file looks like that."""
    if b"\0" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _BINARY_BYTES))
    return controls * 10 > len(sample) * 3


def _mostly_non_text(sample: str) -> bool:
    """After decoding: more than 30 % controls or replacement characters."""
    return len(_NON_TEXT.findall(sample)) * 10 > len(sample) * 3


def _known_codec(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _display(codec: str) -> str:
    """"Windows-1252", "Latin-1", "UTF-16": names people know."""
    name = _known_codec(codec) or codec
    if re.fullmatch(r"cp125\d", name):
        return "Windows-" + name[2:]
    return _NAMES.get(name, name.upper())


def _too_large() -> IngestError:
    return IngestError(f"larger than the {MAX_FILE_BYTES // (1024 * 1024)} MiB cap")
