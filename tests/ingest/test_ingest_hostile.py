"""Hostile and broken files: each is read with the right warning or refused with a reason."""

from __future__ import annotations

import json
import os
import pathlib
import re
import time
from pathlib import Path

import pytest

from ingest_helpers import as_unprivileged, read, read_one, shared_tmp, write
from newsdesk.ingest import MAX_FILE_BYTES, SUFFIXES, IngestError, read_file
from newsdesk.models import Article

NAMES = sorted(f"file{suffix}" for suffix in SUFFIXES)
UNSAFE_CHARS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f]")
HOSTILE = "A\x1b[2J\x1b]0;owned\x07\x1b]52;c;aGk=\x07 \u202eevil\u202c \x9b31m \x07\x08\x7f B"


def fields(article: Article) -> list[str]:
    return [article.title, article.body, article.source, article.author, article.url, *article.tags]


def assert_inert(article: Article) -> None:
    for value in fields(article):
        assert not UNSAFE_CHARS.search(value), repr(value)
    for value in fields(article):
        if value is not article.body:
            assert "\n" not in value


@pytest.mark.parametrize("name", NAMES)
def test_empty_file(tmp_path: Path, name: str) -> None:
    with pytest.raises(IngestError, match=r"^empty file$"):
        read(tmp_path, name, b"")


@pytest.mark.parametrize("name", NAMES)
def test_binary_with_nul_bytes(tmp_path: Path, name: str) -> None:
    data = b"PK\x03\x04" + bytes(range(256)) * 8
    with pytest.raises(IngestError, match=r"^binary file, not text$"):
        read(tmp_path, name, data)


def test_binary_without_nul_bytes(tmp_path: Path) -> None:
    data = bytes(b for b in range(1, 32) if b not in b"\t\n\r\x0c\x1b") * 100
    with pytest.raises(IngestError, match=r"^binary file, not text$"):
        read(tmp_path, "noise.txt", data)


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_unicode_with_bom(tmp_path: Path, codec: str) -> None:
    text = "Überschrift\n\nDer Text über Köln – “zitiert”.\n"
    data = text.encode(codec)
    if codec in ("utf-16-le", "utf-16-be"):
        data = "\ufeff".encode(codec) + data
    article = read_one(tmp_path, "bom.txt", data)
    assert article.title == "Überschrift"
    assert article.body == "Der Text über Köln – “zitiert”."


@pytest.mark.parametrize("name", ["nul.txt", "nul.md", "nul.json", "nul.html"])
def test_a_stray_nul_is_removed_with_a_warning(tmp_path: Path, name: str) -> None:
    """One NUL byte once made the whole article "binary" and skipped it."""
    text = "The harbour reopened on Monday after a long winter of repairs, said the mayor."
    content = {
        "nul.txt": f"Title: Harbour\n\n{text}\n",
        "nul.md": f"---\ntitle: Harbour\n---\n\n{text}\n",
        "nul.json": json.dumps({"title": "Harbour", "body": text}),
        "nul.html": f"<html><body><article><p>{text}</p></article></body></html>",
    }[name].replace("Monday", "Mon\0day")
    result = read(tmp_path, name, content)
    assert text in result.articles[0].body
    assert result.warnings == ["removed 1 NUL byte"]


@pytest.mark.parametrize(
    ("codec", "how"), [("utf-16-le", "little-endian"), ("utf-16-be", "big-endian")]
)
@pytest.mark.parametrize(
    "text",
    ["Überschrift\n\nDer Text über Köln – “zitiert”.", "Заголовок\n\nТекст о Москве, 2021 год."],
    ids=["german", "russian"],
)
def test_utf16_without_a_bom_is_recognised(tmp_path: Path, codec: str, how: str, text: str) -> None:
    """Once refused as "binary file, not text" for its NUL bytes."""
    result = read(tmp_path, "wide.txt", text.encode(codec))
    (article,) = result.articles
    assert f"{article.title}\n\n{article.body}" == text
    assert result.warnings == [f"decoded as UTF-16 {how} (no byte-order mark)"]


def test_broken_utf16_is_repaired_with_warning(tmp_path: Path) -> None:
    data = "\ufeffTitle\n\nBody text.".encode("utf-16-le") + b"\x00"
    result = read(tmp_path, "odd.txt", data)
    assert result.articles[0].title == "Title"
    assert result.warnings == ["not valid UTF-16: undecodable bytes replaced"]


def test_legacy_encoding_is_guessed_with_warning(tmp_path: Path) -> None:
    data = "Café reopens\n\nLe café était fermé depuis l’été.\n".encode("cp1252")
    result = read(tmp_path, "cafe.txt", data)
    assert result.warnings == ["decoded as Windows-1252 (not valid UTF-8)"]
    assert result.articles[0].title == "Café reopens"
    assert result.articles[0].body == "Le café était fermé depuis l’été."


def test_mostly_utf8_keeps_its_accents(tmp_path: Path) -> None:
    data = "Köln feiert\n\nDie Straßen in Köln waren voll.".encode() + b" \xff\n"
    result = read(tmp_path, "k.md", data)
    assert result.warnings == ["not valid UTF-8: 1 undecodable bytes replaced"]
    assert "Straßen in Köln" in result.articles[0].body


def test_nothing_decodes_sensibly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("charset_normalizer.from_bytes", lambda data: [])
    data = b"Title\n\nBody \x81\x8d\x8f\x90\x9d here and more words to read.\n"
    result = read(tmp_path, "x.txt", data)
    assert result.warnings == ["not valid UTF-8: undecodable bytes replaced"]
    assert result.articles[0].body.startswith("Body \ufffd")


def test_too_large_is_refused_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(pathlib.Path, "open", no_open)
    with pytest.raises(IngestError) as caught:
        read_file(path, tmp_path)
    assert str(caught.value) == f"larger than the {MAX_FILE_BYTES // 2**20} MiB cap"


def test_file_growing_past_the_cap_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "grows.txt", b"a")
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 10)
    real_stat = pathlib.Path.stat

    def small_stat(self: Path, **kwargs: bool) -> os.stat_result:
        info = real_stat(self, **kwargs)
        return os.stat_result((*info[:6], 1, *info[7:10]))

    monkeypatch.setattr(pathlib.Path, "stat", small_stat)
    with pytest.raises(IngestError, match=r"MiB cap$"):
        read_file(path, tmp_path)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("line.txt", "word " * 200_000),
        ("line.md", "word " * 200_000),
        ("line.html", "<p>" + "word " * 200_000 + "</p>"),
        ("line.json", json.dumps({"title": "t", "body": "word " * 200_000})),
        ("line.jsonl", json.dumps({"title": "t", "body": "word " * 200_000})),
    ],
    ids=lambda value: value[:10],
)
def test_one_megabyte_line(tmp_path: Path, name: str, content: str) -> None:
    started = time.monotonic()
    article = read_one(tmp_path, name, content)
    assert len(article.body) > 900_000
    assert len(article.title) <= 300
    assert time.monotonic() - started < 60  # guards against quadratic work, not speed


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("deep.md", ">" * 10_000 + " quoted\n\n" + "- " * 5_000 + "item\n"),
        (
            "deep.rss",
            '<rss version="2.0"><channel>' + "<x>" * 10_000 + "</x>" * 10_000 + "</channel></rss>",
        ),
        ("deep.jsonl", "[" * 100_000 + "]" * 100_000 + "\n" + json.dumps({"body": "ok"})),
        ("deep.txt", "(" * 100_000),
    ],
    ids=lambda value: value[:10],
)
def test_deep_nesting_never_escapes(tmp_path: Path, name: str, content: str) -> None:
    try:
        result = read(tmp_path, name, content)
    except IngestError as exc:
        assert str(exc)
    else:
        assert all(article.body for article in result.articles)


def test_unreadable_file(tmp_path: Path) -> None:
    with shared_tmp() as folder:
        path = write(folder, "secret.txt", "Body.")
        path.chmod(0)

        def attempt() -> str:
            try:
                read_file(path, folder)
            except IngestError as exc:
                return str(exc)
            return "read"

        assert as_unprivileged(attempt) == "cannot read: permission denied"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"^cannot read: no such file or directory$"):
        read_file(tmp_path / "gone.txt", tmp_path)


def test_directory_with_article_name(tmp_path: Path) -> None:
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(IngestError, match=r"^not a regular file$"):
        read_file(tmp_path / "folder.txt", tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_does_not_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    with pytest.raises(IngestError, match=r"^not a regular file$"):
        read_file(tmp_path / "pipe.txt", tmp_path)


def test_unsupported_suffix(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"^not an article file type: \.pdf$"):
        read(tmp_path, "x.pdf", "text")


@pytest.mark.parametrize("name", ["with space.txt", "new\nline.txt", "tab\there.md"])
def test_odd_file_names(tmp_path: Path, name: str) -> None:
    article = read_one(tmp_path, name, "Headline\n\nBody.")
    assert article.path == str(tmp_path / name)


@pytest.mark.skipif(os.name != "posix", reason="byte file names are POSIX")
def test_undecodable_file_name(tmp_path: Path) -> None:
    path = Path(os.fsdecode(os.fsencode(tmp_path) + b"/\xff\xfe nachricht.txt"))
    path.write_bytes(b"Headline\n\nBody.")
    (article,) = read_file(path, tmp_path).articles
    assert article.title == "Headline"
    assert len(article.id) == 16


def hostile_files() -> list[tuple[str, str]]:
    bad = HOSTILE
    record = {"title": bad, "body": f"{bad}\n\n{bad}", "source": bad, "author": bad, "tags": [bad]}
    xml_bad = re.sub("[\x00-\x08\x1b]", "", bad)
    return [
        ("h.txt", f"Title: {bad}\nSource: {bad}\nAuthor: {bad}\nTags: {bad}\n\n{bad}\n\n{bad}"),
        ("h.md", f"---\nauthor: x\n---\n# {bad}\n\n{bad}"),
        ("h.html", f"<html><head><title>{bad}</title></head><body><p>{bad}</p></body></html>"),
        ("h.json", json.dumps(record)),
        ("h.jsonl", json.dumps(record) + "\n"),
        (
            "h.rss",
            f'<rss version="2.0"><channel><title>{xml_bad}</title><item><title>{xml_bad}</title>'
            f"<author>{xml_bad}</author><category>{xml_bad}</category>"
            f"<description>{xml_bad} &#x1b;[31m &#x202e;</description></item></channel></rss>",
        ),
    ]


@pytest.mark.parametrize(("name", "content"), hostile_files(), ids=lambda value: value[:5])
def test_escape_sequences_come_out_inert(tmp_path: Path, name: str, content: str) -> None:
    try:
        result = read(tmp_path, name, content)
    except IngestError as exc:
        pytest.fail(f"{name} refused: {exc}")
    assert result.articles
    for article in result.articles:
        assert_inert(article)
        if not name.endswith(".rss"):
            assert "owned" not in article.title + article.body


def test_library_failure_becomes_ingest_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("extractor exploded")

    monkeypatch.setattr("newsdesk.ingest.html_page.bare_extraction", broken)
    with pytest.raises(IngestError, match=r"^could not read: ValueError: extractor exploded$"):
        read(tmp_path, "p.html", "<p>Text.</p>")


def test_recursion_error_becomes_ingest_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def too_deep(*args: object, **kwargs: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("newsdesk.ingest.html_page.bare_extraction", too_deep)
    with pytest.raises(IngestError, match=r"^too deeply nested to read$"):
        read(tmp_path, "p.html", "<p>Text.</p>")


STORY = (
    "The minister said “we will win” and then – after a pause – left the room. "
    "Reporters in Tbilisi asked the Élysée about the café société tariffs."
)


def _mojibake(text: str) -> str:
    """UTF-8 read as Latin-1: every "”" becomes "â\\x80\\x9d", C1 controls included."""
    return text.encode("utf-8").decode("latin-1")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("moji.txt", f"Title: Minister quits\n\n{_mojibake(STORY)}\n"),
        ("moji.md", f"---\ntitle: Minister quits\n---\n\n{_mojibake(STORY)}\n"),
        ("moji.json", json.dumps({"title": "Minister quits", "body": _mojibake(STORY)})),
        ("moji.html", f"<html><body><article><p>{_mojibake(STORY)}</p></article></body></html>"),
    ],
    ids=lambda value: value[:9],
)
def test_double_encoded_utf8_is_repaired_with_a_warning(
    tmp_path: Path, name: str, content: str
) -> None:
    """Before, U+009D was taken for the start of an OSC string: 140 characters became 37."""
    result = read(tmp_path, name, content)
    assert result.articles[0].body == STORY
    assert "repaired mojibake: UTF-8 read as Latin-1" in result.warnings


def test_mojibake_through_windows_1252_is_named_so(tmp_path: Path) -> None:
    garbled = "Élysée café".encode().decode("cp1252")
    result = read(tmp_path, "cp.txt", f"Title: Paris\n\nThe {garbled} reopened.\n")
    assert result.articles[0].body == "The Élysée café reopened."
    assert result.warnings == ["repaired mojibake: UTF-8 read as Windows-1252"]


@pytest.mark.parametrize("text", ["Straße in Köln", "Ελληνικά", "русский", "naïve Ã", "½ of 2²"])
def test_text_that_only_looks_odd_is_left_alone(tmp_path: Path, text: str) -> None:
    result = read(tmp_path, "ok.txt", f"Title: T\n\nThe {text} here.\n")
    assert result.articles[0].body == f"The {text} here." and result.warnings == []


def test_stray_c1_controls_go_one_by_one_without_a_warning(tmp_path: Path) -> None:
    result = read(tmp_path, "c1.txt", "Title: T\n\nSay \x9dyes\x90 and \x98no more.\n")
    assert result.articles[0].body == "Say yes and no more."
    assert result.warnings == []


def test_cleaning_that_removes_more_than_a_few_characters_says_so(tmp_path: Path) -> None:
    content = "Title: T\n\nBefore \x1b]0;a window title\x07 after.\n"
    result = read(tmp_path, "osc.txt", content)
    assert result.articles[0].body == "Before after."
    assert result.warnings == ["removed 19 characters of control codes and escapes"]
