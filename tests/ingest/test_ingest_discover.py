"""discover(): which files, in which order, and how trouble is reported."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from ingest_helpers import as_unprivileged, shared_tmp, write
from newsdesk.ingest import discover


def walk(root: Path) -> tuple[list[str], list[tuple[str, str]]]:
    """Found files and reported problems, as paths relative to ``root``."""
    problems: list[tuple[Path, str]] = []
    found = list(discover(root, lambda path, reason: problems.append((path, reason))))
    return (
        [path.relative_to(root).as_posix() for path in found],
        [(path.relative_to(root).as_posix(), reason) for path, reason in problems],
    )


def test_nested_folders_in_name_order(tmp_path: Path) -> None:
    for name in ["b/2.txt", "b/1.md", "a.json", "b/c/deep.rss", "c.HTML", "z/y/x/w.atom"]:
        write(tmp_path, name, "x")
    found, problems = walk(tmp_path)
    assert found == ["a.json", "b/1.md", "b/2.txt", "b/c/deep.rss", "c.HTML", "z/y/x/w.atom"]
    assert problems == []


def test_order_is_stable(tmp_path: Path) -> None:
    for index in range(30):
        write(tmp_path, f"d{index % 4}/f{index}.txt", "x")
    assert walk(tmp_path) == walk(tmp_path)


def test_hidden_and_unsupported_files_are_skipped(tmp_path: Path) -> None:
    for name in [
        ".hidden.txt",
        ".git/config.txt",
        "ok/.draft.md",
        "photo.jpg",
        "notes",
        "ok/a.markdown",
    ]:
        write(tmp_path, name, "x")
    assert walk(tmp_path) == (["ok/a.markdown"], [])


def test_hidden_root_itself_is_walked(tmp_path: Path) -> None:
    write(tmp_path, ".archive/a.txt", "x")
    assert walk(tmp_path / ".archive") == (["a.txt"], [])


def test_single_file_root_yields_itself(tmp_path: Path) -> None:
    path = write(tmp_path, "only.jsonl", "x")
    assert list(discover(path)) == [path]


def test_unsupported_single_file_root_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "image.png", "x")
    problems: list[str] = []
    assert list(discover(path, lambda _, reason: problems.append(reason))) == []
    assert problems == ["not a supported article file"]


def test_missing_root_is_reported(tmp_path: Path) -> None:
    problems: list[str] = []
    assert list(discover(tmp_path / "nope", lambda _, reason: problems.append(reason))) == []
    assert problems == ["cannot open: no such file or directory"]


def test_missing_root_without_callback_is_quiet(tmp_path: Path) -> None:
    assert list(discover(tmp_path / "nope")) == []


def test_symlink_loop_is_reported_and_skipped(tmp_path: Path) -> None:
    write(tmp_path, "news/a.txt", "x")
    (tmp_path / "news" / "again").symlink_to(tmp_path / "news")
    (tmp_path / "news" / "up").symlink_to(tmp_path)
    found, problems = walk(tmp_path)
    assert found == ["news/a.txt"]
    assert [path for path, _ in problems] == ["news/again", "news/up"]
    assert all(reason.startswith("symlink loop") for _, reason in problems)


def test_self_referencing_link_is_reported(tmp_path: Path) -> None:
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    (tmp_path / "knot").symlink_to(tmp_path / "knot")
    found, problems = walk(tmp_path)
    assert found == []
    assert [path for path, _ in problems] == ["knot", "self.txt"]
    assert all("too many levels of symbolic links" in reason for _, reason in problems)


def test_linked_folder_is_walked_once(tmp_path: Path) -> None:
    write(tmp_path, "real/a.txt", "x")
    (tmp_path / "link1").symlink_to(tmp_path / "real")
    (tmp_path / "link2").symlink_to(tmp_path / "real")
    found, problems = walk(tmp_path)
    assert found == ["link1/a.txt"]
    assert problems == []


def test_broken_link_to_article_is_reported(tmp_path: Path) -> None:
    (tmp_path / "gone.md").symlink_to(tmp_path / "missing.md")
    (tmp_path / "gone.png").symlink_to(tmp_path / "missing.png")
    assert walk(tmp_path) == ([], [("gone.md", "cannot open: no such file or directory")])


def test_linked_file_is_found(tmp_path: Path) -> None:
    target = write(tmp_path / "elsewhere", "story.txt", "x")
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "story.txt").symlink_to(target)
    assert walk(tmp_path / "corpus") == (["story.txt"], [])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_reported_not_listed(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    os.mkfifo(tmp_path / "pipe.dat")
    write(tmp_path, "real.txt", "x")
    found, problems = walk(tmp_path)
    assert found == ["real.txt"]
    assert [(name, "regular file" in reason) for name, reason in problems] == [("pipe.txt", True)]


def test_odd_names_are_listed(tmp_path: Path) -> None:
    for name in ["new\nline.txt", "spa ce.md"]:
        write(tmp_path, name, "x")
    raw = Path(os.fsdecode(os.fsencode(tmp_path) + b"/\xff.txt"))
    raw.write_text("x")
    found = list(discover(tmp_path))
    assert sorted(found) == sorted([tmp_path / "new\nline.txt", tmp_path / "spa ce.md", raw])


def test_unreadable_folder_is_reported_and_skipped() -> None:
    with shared_tmp() as root:
        write(root, "a/ok.txt", "x")
        write(root, "b/locked/inside.txt", "x")
        write(root, "c/ok.txt", "x")
        (root / "b" / "locked").chmod(0)
        found, problems = as_unprivileged(lambda: walk(root))
    assert found == ["a/ok.txt", "c/ok.txt"]
    assert problems == [("b/locked", "cannot read folder: permission denied")]


def stack_depth() -> int:
    frame, depth = sys._getframe(), 0
    while frame is not None:
        frame, depth = frame.f_back, depth + 1  # type: ignore[assignment]
    return depth


def test_deep_tree_does_not_recurse(tmp_path: Path) -> None:
    folder = tmp_path
    for _ in range(120):
        folder = folder / "d"
    write(folder, "bottom.txt", "x")
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(stack_depth() + 60)
    try:
        found, problems = walk(tmp_path)
    finally:
        sys.setrecursionlimit(limit)
    assert found == ["d/" * 120 + "bottom.txt"]
    assert problems == []


def test_broken_link_that_may_be_a_folder_is_reported(tmp_path: Path) -> None:
    """A folder linked to an unmounted disk: reported, so its articles are kept."""
    (tmp_path / "2021").symlink_to(tmp_path / "unmounted")
    assert walk(tmp_path) == ([], [("2021", "cannot open: no such file or directory")])
