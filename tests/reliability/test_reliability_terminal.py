"""Terminal safety of every CLI output: text from the archive can never drive the terminal.

Titles, bodies, sources, authors, tags, entity names and file names carry ANSI colour,
cursor moves, a window-title change, OSC 8 links, an OSC 52 clipboard write, C0 and C1
controls, bidi overrides and Rich/Textual markup. Each command (``index``, ``search``,
``entity``, ``entities``, plain, ``--json`` and ``--format csv|md``) must print bytes
that are valid UTF-8 and free of ESC, BEL, CSI/OSC in 8-bit form, other controls and
bidi overrides; JSON must
parse and give the text back (as visible characters or as JSON escapes); markup must be
printed as the literal characters it is.

Two indexes are checked: one built through ingest (which already cleans text) and one
whose articles skip ingest entirely, as an old index or a future reader's bug could, so
the CLI's own output layer is shown to be safe on its own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

import newsdesk.entities
import newsdesk.ingest
from newsdesk.cli import main
from newsdesk.ingest import FileResult
from newsdesk.models import Article
from newsdesk.safety import clean_line, clean_text
from reliability_helpers import FakeRecognizer

ESCAPES = (
    "\x1b[31mred\x1b[0m",                      # colour
    "\x1b[2J\x1b[H\x1b[10;10H",                # clear screen, cursor moves
    "\x1b]0;pwned title\x07",                  # window title (BEL-terminated)
    "\x1b]2;pwned again\x1b\\",                # window title (ST-terminated)
    "\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\",  # OSC 8 link
    "\x1b]52;c;ZXZpbCBjbGlwYm9hcmQ=\x07",      # OSC 52 clipboard write
    "\x9b31m\x9d0;c1 title\x9c\x90dcs\x9c",    # 8-bit CSI, OSC, DCS
    "\x07\x08\x0b\x0c\r\x7f\x85",              # C0 and C1 controls
    "\u202eevil\u202c \u2066iso\u2069 \u200f\u061c",  # bidi overrides and marks
)  # fmt: skip
MARKUP = (
    "[bold red]loud[/bold red]",
    "[link=https://evil.example]x[/link]",
    "[@click=app.quit]q[/]",
)
PAYLOAD = " ".join(ESCAPES + MARKUP)
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Everything but tab and newline below U+00A0, and the bidi controls."""


def assert_inert(data: bytes, what: str) -> str:
    """Valid UTF-8 (so no lone 0x9b/0x9d byte) with no control or bidi character."""
    text = data.decode("utf-8")
    found = UNSAFE.search(text)
    assert found is None, f"{what}: {found.group()!r} at {found.start()} in {text!r}"
    return text


def strings(data: Any) -> Iterator[str]:
    """Every string inside parsed JSON."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings(value)


class MarkedRecognizer(FakeRecognizer):
    """Also calls whatever sits between « and » a PERSON, hostile bytes and all, so entity
    names and aliases carry the payload too."""

    def extract_many(self, texts: Iterable[str]) -> Iterator[list[Any]]:
        from newsdesk.entities import resolve_article

        texts = list(texts)
        for text, plain in zip(texts, super().extract_many(texts), strict=True):
            raw = [(m.start, m.end, m.label) for m in plain]
            raw += [(m.start() + 1, m.end() - 1, "PERSON") for m in re.finditer("«[^»]+»", text)]
            yield resolve_article(text, sorted(raw))


def evil_corpus(root: Path) -> None:
    """Hostile fields in every format that has them, and hostile file names."""
    root.mkdir(parents=True, exist_ok=True)
    body = f"Officials met «Vera Kell {PAYLOAD}» in Lima. Evilword {PAYLOAD} ends here."
    (root / "evil.txt").write_text(
        f"Title: Evilword {PAYLOAD}\nSource: Wire {PAYLOAD}\nAuthor: Ann {PAYLOAD}\n"
        f"Tags: a{PAYLOAD}, b\nDate: 2021-05-01\n\n{body}\n{body}\n",
        encoding="utf-8",
    )
    (root / "evil.json").write_text(
        json.dumps({"title": f"Evilword json {PAYLOAD}", "body": body, "author": PAYLOAD,
                    "source": PAYLOAD, "url": f"https://x.example/{PAYLOAD}",
                    "tags": [PAYLOAD]}),
        encoding="utf-8",
    )  # fmt: skip
    hostile_name = "name-\x1b]0;t\x07\x1b[31m\u202e[bold]x\x9b2J\r\n.txt"
    (root / hostile_name).write_text(f"Title: Evilword named\n\n{body}\n", encoding="utf-8")
    (root / ("broken-\x1b]52;c;aGk=\x07\u202e\x85\n.json")).write_text("{", encoding="utf-8")


def raw_reader(path: Path, root: Path) -> FileResult:
    """Stands in for ``ingest.read_file``: articles straight from the file, nothing cleaned."""
    text = path.read_text(encoding="utf-8", errors="surrogateescape")
    article = Article(
        id=f"raw-{path.name.encode('utf-8', 'surrogateescape').hex()[:24]}",
        title=f"Evilword raw {PAYLOAD}", body=f"{text}\n{PAYLOAD}", source=PAYLOAD,
        author=PAYLOAD, url=PAYLOAD, tags=(PAYLOAD,), path=str(path), format="txt",
    )  # fmt: skip
    return FileResult([article], [f"warned {PAYLOAD}"])


def invoke(*args: str, input: str | None = None) -> Result:
    result = CliRunner().invoke(main, list(args), input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result


@pytest.fixture(scope="module", params=["ingested", "raw"])
def evil(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path, Result]:
    """(corpus, index, output of ``newsdesk index``) for each way text can reach an index."""
    root = tmp_path_factory.mktemp(f"evil-{request.param}")
    corpus, index_dir = root / "corpus", root / "index"
    evil_corpus(corpus)
    patch = pytest.MonkeyPatch()
    patch.setattr(newsdesk.entities, "Recognizer", MarkedRecognizer)
    if request.param == "raw":
        patch.setattr(newsdesk.ingest, "read_file", raw_reader)
    try:
        result = invoke("--index", str(index_dir), "index", str(corpus))
    finally:
        patch.undo()
    assert result.exit_code == 0, result.output
    return corpus, index_dir, result


def test_index_summary_is_inert(evil: tuple[Path, Path, Result]) -> None:
    _, _, result = evil
    assert_inert(result.stdout_bytes, "index stdout")
    err = assert_inert(result.stderr_bytes, "index stderr")
    assert "skipped" in err or "warning" in err
    assert "broken-" in err or "warned" in err


@pytest.mark.parametrize("as_json", [False, True], ids=["plain", "json"])
def test_search_output_is_inert(evil: tuple[Path, Path, Result], as_json: bool) -> None:
    corpus, index_dir, _ = evil
    args = ["--index", str(index_dir), "search", "evilword", "--corpus",
            str(corpus), "--limit", "50"]  # fmt: skip
    result = invoke(*args, *(["--json"] if as_json else []))
    assert result.exit_code == 0, result.output
    text = assert_inert(result.stdout_bytes, "search")
    assert_inert(result.stderr_bytes, "search stderr")
    if as_json:
        data = json.loads(text)
        assert data["total"] >= 3 and len(data["results"]) == data["total"]
        for value in strings(data):
            assert "\x1b" not in value or "\\u001b" in text  # raw index: escaped, round-trips
        titles = " ".join(hit["title"] for hit in data["results"])
        assert "[bold red]loud[/bold red]" in titles
    else:
        assert "[bold red]loud[/bold red]" in text and "[@click=app.quit]" in text


def test_search_json_round_trips_the_stored_text(evil: tuple[Path, Path, Result]) -> None:
    """What JSON escapes is given back exactly: scripts see the archive's own text."""
    corpus, index_dir, _ = evil
    result = invoke("--index", str(index_dir), "search", "evilword", "--json", "--corpus",
                    str(corpus), "--limit", "50")  # fmt: skip
    from newsdesk.library import open_library

    library = open_library(corpus, index_dir=index_dir)
    try:
        for hit in json.loads(result.stdout)["results"]:
            article = library.get_article(hit["id"])
            assert article is not None and hit["title"] == article.title
            assert hit["source"] == article.source
    finally:
        library.close()


def entity_names(index_dir: Path, corpus: Path) -> list[str]:
    from newsdesk.library import open_library

    library = open_library(corpus, index_dir=index_dir)
    try:
        return [info.name for info in library.find_entities("", limit=100)] or [
            info.name for info in library.find_entities("vera", limit=100)
        ]
    finally:
        library.close()


@pytest.mark.parametrize("as_json", [False, True], ids=["plain", "json"])
def test_entity_output_is_inert(evil: tuple[Path, Path, Result], as_json: bool) -> None:
    corpus, index_dir, _ = evil
    names = entity_names(index_dir, corpus)
    assert any("Vera" in name for name in names), names
    for name in [n for n in names if "Vera" in n] + ["Vera Kell", f"Vera {PAYLOAD}"]:
        result = invoke("--index", str(index_dir), "entity", name, "--corpus", str(corpus),
                        *(["--json"] if as_json else []))  # fmt: skip
        assert_inert(result.stderr_bytes, "entity stderr")
        text = assert_inert(result.stdout_bytes, "entity")
        if as_json and result.exit_code == 0:
            data = json.loads(text)
            assert data["articles"] and all(isinstance(s, str) for s in strings(data))


@pytest.mark.parametrize("fmt", ["csv", "md"])
def test_table_formats_are_inert(evil: tuple[Path, Path, Result], fmt: str) -> None:
    """``--format csv|md`` of ``search``, ``entity`` and ``entities --list``: cells are
    display lines, so even the raw index's escapes never reach the terminal."""
    corpus, index_dir, _ = evil
    vera = next(n for n in entity_names(index_dir, corpus) if "Vera" in n)
    for args in (["search", "evilword", "--limit", "50"], ["entity", vera], ["entities", "--list"]):
        result = invoke("--index", str(index_dir), *args, "--corpus", str(corpus), "--format", fmt)
        assert result.exit_code == 0, result.output
        text = assert_inert(result.stdout_bytes, f"{args[0]} --format {fmt}")
        if args[0] == "search":
            loud = "[bold red]loud[/bold red]" if fmt == "csv" else "\\[bold red\\]loud"
            assert loud in text


@pytest.mark.parametrize("as_json", [False, True], ids=["plain", "json"])
def test_entities_output_is_inert(as_json: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """``entities`` reads raw standard input: nothing has cleaned it before output."""
    monkeypatch.setattr(newsdesk.entities, "Recognizer", MarkedRecognizer)
    text = f"Talks with «Vera Kell {PAYLOAD}» and Maria Lopez in Lima {PAYLOAD}.\n"
    result = invoke("entities", *(["--json"] if as_json else []), input=text)
    assert result.exit_code == 0, result.output
    out = assert_inert(result.stdout_bytes, "entities")
    assert_inert(result.stderr_bytes, "entities stderr")
    if as_json:
        found = json.loads(out)["entities"]
        assert found and all(text[e["start"] : e["end"]] == e["text"] for e in found)
    else:
        assert "Maria Lopez" in out


def test_errors_that_echo_user_text_are_inert(evil: tuple[Path, Path, Result]) -> None:
    """A bad query or an unknown entity is quoted back in the one-line error."""
    corpus, index_dir, _ = evil
    for args in (("search", f'"{PAYLOAD}'), ("search", f"date:{PAYLOAD}"),
                 ("entity", f"Nobody {PAYLOAD}")):  # fmt: skip
        result = invoke("--index", str(index_dir), *args, "--corpus", str(corpus))
        assert result.exit_code != 0
        err = assert_inert(result.stderr_bytes, " ".join(args))
        assert err.count("\n") == 1


def test_a_lone_c1_control_goes_alone() -> None:
    """U+009D, U+0090 and kin once started a "string" that ate up to the end of the text."""
    assert (
        clean_text("say \x9dyes\x9d and \x90no \x98more\x9e\x9f words")
        == "say yes and no more words"
    )
    assert clean_text("\x9b31mred") == "31mred"


def test_an_unterminated_escape_string_keeps_the_text_after_it() -> None:
    assert clean_text("a \x1b]0;visible words") == "a 0;visible words"
    assert clean_text("a \x1b]0;title\x07b \x1bPdcs\x1b\\c") == "a b c"


SAFE_AS_IS = st.characters(blacklist_characters="\x1b")


@given(st.text(SAFE_AS_IS, max_size=60))
def test_without_esc_cleaning_removes_only_the_unsafe_characters_themselves(text: str) -> None:
    """Whatever C1 or other controls a text holds, no visible character is lost with them."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n")
    assert clean_text(text) == "".join(ch for ch in lines if not UNSAFE.fullmatch(ch))


PIECES = st.one_of(st.characters(), st.sampled_from(["\x1b[", "\x1b]", "\x1b\\", "\x07", "\x9c"]))


@given(st.lists(PIECES, max_size=40).map("".join))
def test_cleaned_text_never_holds_a_control(text: str) -> None:
    assert UNSAFE.search(clean_text(text)) is None


@given(
    st.lists(st.one_of(PIECES, st.sampled_from([" ", "  ", "\t", "\u00a0", "a"])), max_size=40).map(
        "".join
    )
)
def test_a_display_line_is_the_cleaned_text_with_whitespace_runs_made_one_space(text: str) -> None:
    """``clean_line`` returns plain printable text untouched without cleaning it (6× faster
    on exports); any other text takes the full path. Both give the same line."""
    assert clean_line(text) == " ".join(clean_text(text).split())
