"""Hostile folders, end to end: ``newsdesk index`` on a folder we did not write.

One folder mixes good articles with every kind of bad file we know of. The run must
finish, index every good article, and account for every bad file: indexed with a warning
that says how it was decoded, or skipped with a line naming the file and the reason,
and the summary's counts must match those lines. A 50 MB file must not be read whole.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import newsdesk.entities
from newsdesk.cli import main
from newsdesk.index.store import real_path, stored_path
from newsdesk.ingest import MAX_FILE_BYTES
from newsdesk.library import open_library
from newsdesk.safety import visible_path
from newsdesk.settings import Settings
from reliability_helpers import FakeRecognizer, child_env, harness_command, run

SUMMARY = re.compile(
    r"^added (\d+), updated (\d+), removed (\d+), unchanged (\d+) files, skipped (\d+) "
)
BIG = 50 * 1024 * 1024
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 2 else "") + ";") * 10}">'
        for n in range(2, 10)
    )
    + "]><rss><channel><item><title>&lol9;</title><description>&lol9;</description>"
    "</item></channel></rss>"
)
XXE = (
    '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    "<rss><channel><item><title>Leak</title><description>&xxe; xxeword</description>"
    "</item></channel></rss>"
)

GOOD: dict[str, tuple[str | bytes, str]] = {
    "good/one.txt": ("Title: Harbour opens\nDate: 2021-01-02\n\nThe harbour gooda opened.\n",
                     "gooda"),
    "good/two.md": ("---\ntitle: Mill closes\ndate: 2021-02-03\n---\n\nThe old mill goodb "
                    "closed.\n", "goodb"),
    "good/three.html": ("<html><head><title>Fair returns</title></head><body><article><p>The "
                        "county fair goodc returns this summer with many stalls and rides."
                        "</p></article></body></html>", "goodc"),
    "good/four.json": (json.dumps({"title": "Rail link", "date": "2021-03-04",
                                   "body": "A new rail link goodd was announced."}), "goodd"),
    "good/five.rss": ('<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title>'
                      "<item><title>Snow</title><description>Heavy snow goode fell."
                      "</description></item></channel></rss>", "goode"),
    "names/with space.txt": ("Title: Spaced\n\nA file spaceword named with spaces.\n",
                             "spaceword"),
    "names/new\nline.txt": ("Title: Newline\n\nA file newlineword with a newline in its name.\n",
                            "newlineword"),
    "names/esc-\x1b]0;pwned\x07.txt": ("Title: Esc\n\nA file escword with an escape.\n",
                                       "escword"),
}  # fmt: skip
"""Files that must be indexed without a word of complaint, and a word only each one has."""

DECODED: dict[str, tuple[bytes, str, str]] = {
    "bad/invalid-utf8.txt": (b"Title: Broken bytes\n\nText badutf with one bad \xff byte.\n",
                             "badutf", r"UTF-8|decoded as"),
    "bad/latin1.txt": ("Title: Café\n\nLe café latinone était fermé depuis l’été.\n"
                       .encode("latin-1", "replace"), "latinone", r"decoded as|UTF-8"),
}  # fmt: skip
"""Files that must be indexed with a warning saying how they were decoded."""

EDGE = "9999-12-31T23:59:59-14:00"
REPAIRED: dict[str, tuple[str | bytes, str, str]] = {
    "edge/front-matter.md": (f"---\ntitle: Edge\ndate: {EDGE}\n---\n\nEdge edgemd text.\n",
                             "edgemd", r"date not understood"),
    "edge/entry.json": (json.dumps({"title": "Edge", "date": "0001-01-01T00:00:00+14:00",
                                    "body": "Edge edgejson text."}), "edgejson",
                        r"date not understood"),
    "edge/feed.rss": ('<?xml version="1.0"?><rss version="2.0"><channel><title>F</title><item>'
                      f"<title>Edge</title><pubDate>{EDGE}</pubDate><description>Edge "
                      "edgerss text.</description></item></channel></rss>", "edgerss",
                      r"date not understood"),
    "edge/header.txt": (f"Title: Edge\nDate: {EDGE}\n\nEdge edgetxt text.\n", "edgetxt",
                        r"date not understood"),
    "repair/mojibake.txt": ("Title: Quote\n\nShe said “yes” and mojiword followed.\n"
                            .encode().decode("latin-1"), "mojiword", r"mojibake"),
    "repair/nul.txt": (b"Title: Nul\n\nOne stray\0 nulword byte.\n", "nulword", r"NUL byte"),
    "repair/utf16-no-bom.txt": ("Title: Wide\n\nDer Text widenobom über Bonn.\n"
                                .encode("utf-16-be"), "widenobom", r"UTF-16 big-endian"),
}  # fmt: skip
"""Files that must be indexed, repaired, with a warning saying what was repaired."""

READABLE: dict[str, tuple[str | bytes, str]] = {
    "bad/utf16-bom.txt": ("\ufeffTitle: Köln\n\nDer Text utfsixteen über Köln.\n"
                          .encode("utf-16-le"), "utfsixteen"),
    "bad/oneline.txt": ("onelineword " + "lorem ipsum dolor sit amet " * 40_000, "onelineword"),
    "bad/scripts.html": ("<html><head><title>Scripted</title><script>var scriptword=1;"
                         "</script></head><body><article><p>Visible text scriptpage is here "
                         "and long enough to count as a paragraph of a story.</p><script>"
                         "document.write('scriptword')</script></article></body></html>",
                         "scriptpage"),
    "bad/surrogates.json": ('{"title": "Odd \\ud800 title", "body": "Lone \\udc80 surrogate '
                            'surrogateword text."}', "surrogateword"),
}  # fmt: skip
"""Unusual but readable: indexed (a warning is allowed, not required)."""

SKIPPED: dict[str, tuple[str | bytes, str]] = {
    "bad/empty.txt": (b"", r"empty"),
    "bad/binary.txt": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, r"binary"),
    "bad/nobody.html": ("<html><head><title>No body</title></head></html>", r"no article text"),
    "bad/malformed.json": ('{"title": "x", "body": ', r"JSON"),
    "bad/wrong-shape.json": ("[1, 2, 3]", r"\w"),
    "bad/wrong-types.json": (json.dumps({"title": 5, "body": ["a", {"b": 1}], "date": {}}),
                             r"\w"),
    "bad/deep.json": ("[" * 200_000 + "]" * 200_000, r"\w"),
    "bad/laughs.xml": (LAUGHS, r"unsafe XML|entit"),
    "bad/xxe.rss": (XXE, r"unsafe XML|entit"),
    "bad/evil-\x1b]0;owned\x07\u202e\x9b2J\n.json": ("{", r"JSON"),
}  # fmt: skip
"""Files that must be skipped with a reason matching the pattern."""

EITHER: dict[str, tuple[str | bytes, str]] = {
    "bad/nested.html": ("<html><body>" + "<div>" * 100_000 + "deepword" + "</div>" * 100_000
                        + "</body></html>", "deepword"),
    "bad/broken.rss": ('<?xml version="1.0"?><rss><channel><item><title>Broken</title>'
                       "<description>brokenfeed text here<description></item>", "brokenfeed"),
}  # fmt: skip
"""Files a reader may rescue or refuse; either is fine, silence is not."""


def _write(root: Path, name: str, content: str | bytes) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def _write_big(path: Path) -> None:
    """A 50 MB text article, written in chunks (the test must not hold it either)."""
    line = b"hugeword " * 1000 + b"\n"
    with path.open("wb") as fh:
        fh.write(b"Title: Huge\n\n")
        for _ in range(BIG // len(line) + 1):
            fh.write(line)


def build_hostile(root: Path) -> dict[str, Path]:
    """The folder; returns the special paths the tests look for by role."""
    for table in (GOOD, READABLE, SKIPPED, EITHER):
        for name, (content, _) in table.items():
            _write(root, name, content)
    for table3 in (DECODED, REPAIRED):
        for name, (content, _, _) in table3.items():
            _write(root, name, content)
    byte_name = os.fsdecode(os.fsencode(str(root / "names")) + b"/latin1-\xe9t\xe9.txt")
    Path(byte_name).write_text("Title: Bytes\n\nA file byteword named in Latin-1.\n")
    special = {
        "bytes": Path(byte_name),
        "huge": root / "bad" / "huge.txt",
        "loop": root / "bad" / "loop",
        "dangling": root / "bad" / "dangling.txt",
        "unreadable": root / "bad" / "unreadable.txt",
        "fifo": root / "bad" / "pipe.txt",
    }
    _write_big(special["huge"])
    special["loop"].symlink_to("..")
    special["dangling"].symlink_to("nowhere.txt")
    # Root reads any file mode, but not this: read() of /proc/self/mem at offset 0 fails
    # with EIO, a real OSError from a real read, no privileges needed.
    special["unreadable"].symlink_to("/proc/self/mem")
    os.mkfifo(special["fifo"])
    (root / "bad" / "folder.txt").mkdir()
    return special


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    root = tmp_path_factory.mktemp("hostile")
    return root, build_hostile(root)


class Outcome:
    """What one ``newsdesk index`` run printed, parsed."""

    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err
        found = SUMMARY.match(out)
        assert found, f"no summary line in {out!r}"
        self.added, self.updated, self.removed, self.unchanged, self.skipped_count = map(
            int, found.groups()
        )
        self.lines = err.splitlines()
        self.skipped_lines = [text for text in self.lines if text.startswith("  skipped ")]

    def message(self, kind: str, path: str) -> str | None:
        """The reason or warning printed for ``path`` (as shown), if any."""
        head = f"  {kind} {path}: "
        found = [text[len(head) :] for text in self.lines if text.startswith(head)]
        assert len(found) <= 1, f"{path!r} reported {len(found)} times"
        return found[0] if found else None

    def skipped(self, path: str) -> str | None:
        return self.message("skipped", path)

    def warning(self, path: str) -> str | None:
        return self.message("warning", path)


@pytest.fixture(scope="module")
def indexed(
    hostile: tuple[Path, dict[str, Path]], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Outcome, Outcome]:
    """Index the hostile folder twice through the CLI (fast NER stand-in)."""
    root, _ = hostile
    index_dir = tmp_path_factory.mktemp("hostile-index")
    saved = newsdesk.entities.Recognizer
    newsdesk.entities.Recognizer = FakeRecognizer  # type: ignore[misc, assignment]
    try:
        runs = [CliRunner().invoke(main, ["--index", str(index_dir), "index", str(root)])
                for _ in range(2)]  # fmt: skip
    finally:
        newsdesk.entities.Recognizer = saved  # type: ignore[misc]
    for result in runs:
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
        assert result.exit_code == 0, result.output
    first, second = (Outcome(r.exit_code, r.stdout, r.stderr) for r in runs)
    return index_dir, first, second


def shown(path: Path) -> str:
    return visible_path(str(path))


def indexed_paths(index_dir: Path, root: Path, settings: Settings) -> dict[str, str]:
    """Stored path → body of every article in the index."""
    library = open_library(root, index_dir=index_dir, settings=settings)
    try:
        found = {}
        for summary in library.list_articles(limit=10_000):
            article = library.get_article(summary.id)
            assert article is not None
            found[summary.path] = article.body
        return found
    finally:
        library.close()


def search_total(index_dir: Path, root: Path, settings: Settings, query: str) -> int:
    library = open_library(root, index_dir=index_dir, settings=settings)
    try:
        return library.search(query).total
    finally:
        library.close()


def test_every_good_article_is_indexed_without_complaint(
    hostile: tuple[Path, dict[str, Path]], indexed: tuple[Path, Outcome, Outcome],
    settings: Settings,
) -> None:  # fmt: skip
    root, special = hostile
    index_dir, first, _ = indexed
    paths = indexed_paths(index_dir, root, settings)
    for name, (_, word) in GOOD.items():
        path = root / name
        assert stored_path(str(path)) in paths, f"{name!r} not indexed"
        assert first.skipped(shown(path)) is None and first.warning(shown(path)) is None
        assert search_total(index_dir, root, settings, word) == 1, word
    assert stored_path(str(special["bytes"])) in paths, "Latin-1 file name not indexed"
    assert search_total(index_dir, root, settings, "byteword") == 1


def test_odd_encodings_are_indexed_with_a_warning_saying_how(
    hostile: tuple[Path, dict[str, Path]], indexed: tuple[Path, Outcome, Outcome],
    settings: Settings,
) -> None:  # fmt: skip
    root, _ = hostile
    index_dir, first, _ = indexed
    for name, (_, word, how) in DECODED.items():
        warning = first.warning(shown(root / name))
        assert warning is not None and re.search(how, warning), (name, first.err)
        assert search_total(index_dir, root, settings, word) == 1, word
    for name, (_, word) in READABLE.items():
        assert first.skipped(shown(root / name)) is None, (name, first.err)
        assert search_total(index_dir, root, settings, word) == 1, word
    assert search_total(index_dir, root, settings, "köln") == 1, "UTF-16 decoded wrongly"


def test_repaired_files_are_indexed_with_a_warning_saying_what(
    hostile: tuple[Path, dict[str, Path]], indexed: tuple[Path, Outcome, Outcome],
    settings: Settings,
) -> None:  # fmt: skip
    """A date past the calendar's edge once stopped every commit: nothing was indexed."""
    root, _ = hostile
    index_dir, first, _ = indexed
    for name, (_, word, what) in REPAIRED.items():
        warning = first.warning(shown(root / name))
        assert warning is not None and re.search(what, warning), (name, first.err)
        assert search_total(index_dir, root, settings, word) == 1, word


def test_script_text_never_reaches_the_index(
    hostile: tuple[Path, dict[str, Path]], indexed: tuple[Path, Outcome, Outcome],
    settings: Settings,
) -> None:  # fmt: skip
    root, _ = hostile
    index_dir, _, _ = indexed
    assert search_total(index_dir, root, settings, "scriptword") == 0
    assert search_total(index_dir, root, settings, "lol") == 0
    assert search_total(index_dir, root, settings, "xxeword") == 0
    bodies = "\n".join(indexed_paths(index_dir, root, settings).values())
    assert "root:x:0:0" not in bodies and "/bin/" not in bodies


def test_every_bad_file_is_skipped_with_its_reason(
    hostile: tuple[Path, dict[str, Path]], indexed: tuple[Path, Outcome, Outcome]
) -> None:
    root, special = hostile
    _, first, _ = indexed
    reasons = {shown(root / name): why for name, (_, why) in SKIPPED.items()}
    reasons[shown(special["huge"])] = rf"{MAX_FILE_BYTES // 2**20} MiB cap"
    reasons[shown(special["loop"])] = r"loop"
    reasons[shown(special["dangling"])] = r"no such file|cannot open"
    reasons[shown(special["unreadable"])] = r"cannot read|input/output"
    for path, why in reasons.items():
        reason = first.skipped(path)
        assert reason is not None, f"{path!r} not reported; stderr: {first.err}"
        assert re.search(why, reason, re.IGNORECASE), (path, reason)


def test_rescued_or_refused_never_silent(
    hostile: tuple[Path, dict[str, Path]], indexed: tuple[Path, Outcome, Outcome],
    settings: Settings,
) -> None:  # fmt: skip
    root, _ = hostile
    index_dir, first, _ = indexed
    paths = indexed_paths(index_dir, root, settings)
    for name in EITHER:
        path = root / name
        assert (stored_path(str(path)) in paths) != (first.skipped(shown(path)) is not None), name


def test_a_fifo_named_like_an_article_is_reported(
    hostile: tuple[Path, dict[str, Path]], indexed: tuple[Path, Outcome, Outcome]
) -> None:
    _, special = hostile
    _, first, _ = indexed
    assert first.skipped(shown(special["fifo"])) is not None


def test_summary_counts_match_the_lines(
    hostile: tuple[Path, dict[str, Path]], indexed: tuple[Path, Outcome, Outcome],
    settings: Settings,
) -> None:  # fmt: skip
    root, _ = hostile
    index_dir, first, _ = indexed
    assert first.skipped_count == len(first.skipped_lines)
    assert first.added == len(indexed_paths(index_dir, root, settings))
    assert (first.updated, first.removed, first.unchanged) == (0, 0, 0)
    assert "Traceback" not in first.err


def test_second_run_changes_nothing(indexed: tuple[Path, Outcome, Outcome]) -> None:
    """Every file, odd names included, is recognised as already done: stored paths round-trip.

    Files refused while reading are remembered as done too (they are not re-read until
    they change); only problems found while walking the folder are reported again.
    """
    _, first, second = indexed
    assert (second.added, second.updated, second.removed) == (0, 0, 0)
    assert set(second.skipped_lines) <= set(first.skipped_lines)


def test_index_output_is_inert(indexed: tuple[Path, Outcome, Outcome]) -> None:
    """File names with escapes and newlines are shown as visible escapes, one line each."""
    _, first, _ = indexed
    for text in (first.out, first.err):
        assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text)
    assert "evil-\\x1b]0;owned\\x07\\u202e\\x9b2J\\n.json" in first.err


def test_a_50mb_file_is_never_read_whole(tmp_path: Path) -> None:
    """Peak traced memory of a child indexing run barely moves when a 50 MB file is added."""
    corpus = tmp_path / "corpus"
    for name, (content, _) in list(GOOD.items())[:3]:
        _write(corpus, name, content)
    env = child_env(tmp_path / "home")
    peaks = []
    for step in ("without", "with"):
        if step == "with":
            _write_big(corpus / "huge.txt")
        peak = tmp_path / f"peak-{step}"
        cmd = harness_command("--index", str(tmp_path / f"index-{step}"), "index", str(corpus),
                              peak=peak)  # fmt: skip
        done = run(cmd, env)
        assert done.returncode == 0, done.stderr
        peaks.append(int(peak.read_text()))
    assert "huge.txt: larger than" in done.stderr
    assert peaks[1] - peaks[0] < 8 * 1024 * 1024, peaks


TRICKY = st.sampled_from(["\udcff", "\udc80", "\ud800", "\u241b", "d", "c", "f", "0"])


@given(st.text(st.one_of(st.characters(exclude_categories=()), TRICKY), max_size=40))
def test_stored_paths_round_trip_and_encode(path: str) -> None:
    """Any file name Python can hand us (lone surrogates included) is storable in SQLite
    and Whoosh, comes back unchanged, and ordinary names are stored as they are."""
    stored = stored_path(path)
    stored.encode("utf-8")
    assert real_path(stored) == path
    if not re.search("[\ud800-\udfff\u241b]", path):
        assert stored == path
