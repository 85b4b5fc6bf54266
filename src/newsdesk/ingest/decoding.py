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
import unicodedata
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
_LETTER = re.compile(r"[^\W\d_]")
_ASCII_LETTER = re.compile("[A-Za-z]")
_NON_ASCII = re.compile("[^\x00-\x7f]")
_NAMES = {
    "latin-1": "Latin-1", "iso8859-1": "Latin-1", "utf-8": "UTF-8",
    "utf-16-le": "UTF-16 little-endian", "utf-16-be": "UTF-16 big-endian",
}  # fmt: skip


def load_bytes(path: Path) -> bytes:
    """The file's bytes, refusing non-files, empty files and files over the cap unread."""
    size = _check_stat(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(min(size, MAX_FILE_BYTES) + 1)
            if len(data) > size:
                data += handle.read(MAX_FILE_BYTES + 1 - len(data))
    except OSError as exc:
        raise IngestError(f"cannot read: {os_reason(exc)}") from None
    if len(data) > MAX_FILE_BYTES:
        raise _too_large()
    if not data:
        raise IngestError("empty file")
    return data


def _check_stat(path: Path) -> int:
    """Refuse before opening: a pipe would block, a huge file would cost time and memory.

    Returns the size, so the read asks for no more than the file holds (a read of the
    whole cap would reserve 16 MiB for every small file)."""
    try:
        info = path.stat()
    except OSError as exc:
        raise IngestError(f"cannot read: {os_reason(exc)}") from None
    if not stat.S_ISREG(info.st_mode):
        raise IngestError("not a regular file")
    if info.st_size > MAX_FILE_BYTES:
        raise _too_large()
    return info.st_size


def os_reason(exc: OSError) -> str:
    """A reason like "permission denied", not "[Errno 13] Permission denied: '/x'"."""
    return (exc.strerror or str(exc) or type(exc).__name__).lower()


def decode(data: bytes, declared: str | None = None) -> tuple[str, list[str]]:
    """Text and warnings: BOM, then strict UTF-8, then a declared encoding, then a guess.

    UTF-16 without a BOM is recognised by where its NUL bytes fall; otherwise stray NUL
    bytes in a text are dropped, with a warning, instead of refusing the whole file.
    """
    bom = _bom_codec(data)
    unmarked = _unmarked_utf16(data[:_SAMPLE]) if bom is None else None
    if unmarked is not None:
        text, warnings = _decode_or_replace(data, unmarked)
        warnings.insert(0, f"decoded as {_display(unmarked)} (no byte-order mark)")
    elif bom is not None:
        text, warnings = _decode_text(data, bom, declared)
    else:
        text, warnings = _decode_unmarked(data, declared)
    if _mostly_non_text(text[:_SAMPLE]):
        raise IngestError("binary file, not text")
    return text, warnings


def _decode_unmarked(data: bytes, declared: str | None) -> tuple[str, list[str]]:
    """Bytes with no BOM: refused when binary, else NULs dropped and the rest decoded."""
    if _binary_bytes(data[:_SAMPLE]):
        raise IngestError("binary file, not text")
    data, warnings = _without_nuls(data)
    text, more = _decode_text(data, None, declared)
    return text, warnings + more


def xml_declared_encoding(data: bytes) -> str | None:
    """The encoding an XML declaration names, if Python knows it.

    The declaration was just read as ASCII, so an encoding that does not keep ASCII
    as it is (UTF-16 without a BOM, punycode) cannot be the file's real one.
    """
    found = _XML_ENCODING.match(data[:300])
    codec = _known_codec(found.group(1).decode("ascii")) if found else None
    try:
        return codec if codec and "<?xml".encode(codec) == b"<?xml" else None
    except UnicodeError:
        return None


def _decode_text(data: bytes, bom: str | None, declared: str | None) -> tuple[str, list[str]]:
    if bom is not None:
        return _decode_or_replace(data, bom)
    for codec in ("utf-8", declared):
        if codec is not None:
            try:
                return data.decode(codec), []
            except UnicodeError:
                pass
    repaired = _mostly_utf8(data)
    if repaired is not None:
        return repaired
    guessed = _guess(data)
    if guessed is not None:
        return guessed
    return _decode_or_replace(data, "utf-8")


def _decode_or_replace(data: bytes, codec: str) -> tuple[str, list[str]]:
    try:
        return data.decode(codec), []
    except UnicodeError:
        name = _display(codec)
        return data.decode(codec, "replace"), [f"not valid {name}: undecodable bytes replaced"]


def _mostly_utf8(data: bytes) -> tuple[str, list[str]] | None:
    """UTF-8 with a few damaged bytes: repair those rather than re-decode everything.

    A guessed single-byte code page would turn every correct "é" of such a file into
    "Ã©"; a legacy-encoded file, in turn, has almost no valid multi-byte sequences.
    """
    text = data.decode("utf-8", "replace")
    damaged = text.count("\ufffd")
    intact = len(text) - len(text.encode("ascii", "ignore")) - damaged
    if intact <= damaged:
        return None
    return text, [f"not valid UTF-8: {damaged} undecodable bytes replaced"]


def _guess(data: bytes) -> tuple[str, list[str]] | None:
    """charset-normalizer's candidates, re-ranked for text written mostly in Latin letters.

    On short texts charset-normalizer often ranks Urdu, Cyrillic or Mac code pages
    first for plain French or German. When most letters are ASCII, candidates that
    would produce non-Latin letters or symbols inside words are moved back, and
    Windows-1252, by far the commonest legacy encoding of news archives, wins ties.
    """
    found = [match.encoding for match in charset_normalizer.from_bytes(data)]
    candidates = [codec for codec in found if _known_codec(codec) not in (None, "utf-8")]
    sample = data[:_SAMPLE]
    if _mostly_latin(sample.decode("cp1252", "replace")):
        candidates.insert(0, "cp1252")
        candidates.sort(key=lambda codec: _implausible(sample, codec))
    for codec in candidates:
        try:
            return data.decode(codec), [f"decoded as {_display(codec)} (not valid UTF-8)"]
        except UnicodeError:
            continue
    return None


def _mostly_latin(text: str) -> bool:
    letters = len(_LETTER.findall(text))
    return letters > 0 and len(_ASCII_LETTER.findall(text)) * 2 > letters


def _implausible(sample: bytes, codec: str) -> int:
    """How many characters look like a wrong guess: non-Latin letters, symbols inside words."""
    text = sample.decode(codec, "replace")
    count = 0
    for found in _NON_ASCII.finditer(text):
        char, at = found.group(), found.start()
        if char.isalpha():
            count += not unicodedata.name(char, "").startswith("LATIN")
        elif char != "\u2019" and text[at - 1 : at].isalpha() and text[at + 1 : at + 2].isalpha():
            count += 1
    return count


def _bom_codec(data: bytes) -> str | None:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec
    return None


def _binary_bytes(sample: bytes) -> bool:
    """More than 30 % control bytes, or a NUL among more than 5 %: no text looks like that.

    Compressed data (images, archives) has a NUL every 256 bytes and about 10 % control
    bytes. A text with a stray NUL has almost none, so one NUL no longer condemns a file;
    a text full of escape sequences (BEL, DEL) may have 7 %, and no NUL.
    """
    controls = len(sample) - len(sample.translate(None, _BINARY_BYTES))
    if b"\0" in sample:
        return controls * 20 > len(sample)
    return controls * 10 > len(sample) * 3


def _unmarked_utf16(sample: bytes) -> str | None:
    """``utf-16-le`` or ``-be`` when NUL bytes sit on one side of the byte pairs only.

    Spaces, digits and punctuation are ASCII in any language, so UTF-16 text has a NUL
    as the high byte of at least a tenth of its characters, and at the other position
    almost never. Binary files have NULs on both sides.
    """
    pairs = len(sample) // 2
    even, odd = sample[0 : pairs * 2 : 2].count(0), sample[1 : pairs * 2 : 2].count(0)
    for codec, high, low in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if high * 10 >= pairs > 0 and low * 20 <= high:
            return codec
    return None


def _without_nuls(data: bytes) -> tuple[bytes, list[str]]:
    """The bytes less any NUL, which no text encoding this side of UTF-16 contains."""
    count = data.count(0)
    if not count:
        return data, []
    return data.replace(b"\0", b""), [f"removed {count} NUL byte{'s' * (count > 1)}"]


def _mostly_non_text(sample: str) -> bool:
    """After decoding: more than 30 % controls or replacement characters."""
    return len(_NON_TEXT.findall(sample)) * 10 > len(sample) * 3


def _known_codec(name: str) -> str | None:
    """Python's name for a text encoding; ``None`` for unknown names and for codecs such
    as base64 or rot13 that a hostile XML declaration could name but that are not text."""
    try:
        info = codecs.lookup(name)
        b"x".decode(info.name, "ignore")
    except (LookupError, UnicodeError):
        return None
    return info.name


def _display(codec: str) -> str:
    """Encoding names people know: "Windows-1252", "Latin-1", "UTF-16"."""
    name = _known_codec(codec) or codec
    if re.fullmatch(r"cp125\d", name):
        return "Windows-" + name[2:]
    return _NAMES.get(name, name.upper())


def _too_large() -> IngestError:
    return IngestError(f"larger than the {MAX_FILE_BYTES // (1024 * 1024)} MiB cap")
