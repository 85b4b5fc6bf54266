"""Article ids: stable across runs and moves of the corpus, distinct between entries."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from ingest_helpers import write
from newsdesk.ingest import read_file


def expected_id(relative: bytes, key: str) -> str:
    return hashlib.sha1(relative + b"\0" + key.encode()).hexdigest()[:16]


def ids(path: Path, root: Path) -> list[str]:
    return [article.id for article in read_file(path, root).articles]


def feed(*guids: str) -> str:
    items = "".join(
        f"<item><guid>{guid}</guid><title>{guid}</title>"
        f"<description>Text {guid}.</description></item>"
        for guid in guids
    )
    return f'<rss version="2.0"><channel><title>f</title>{items}</channel></rss>'


def test_single_article_id_is_path_and_empty_key(tmp_path: Path) -> None:
    path = write(tmp_path, "2021/june/story.txt", "Body.")
    assert ids(path, tmp_path) == [expected_id(b"2021/june/story.txt", "")]


def test_same_file_twice_gives_same_ids(tmp_path: Path) -> None:
    path = write(tmp_path, "f.rss", feed("a", "b"))
    assert ids(path, tmp_path) == ids(path, tmp_path)


def test_ids_survive_moving_the_corpus(tmp_path: Path) -> None:
    first = write(tmp_path / "one", "sub/f.rss", feed("a", "b"))
    shutil.copytree(tmp_path / "one", tmp_path / "two")
    second = tmp_path / "two" / "sub" / "f.rss"
    assert ids(first, tmp_path / "one") == ids(second, tmp_path / "two")


def test_same_content_elsewhere_gets_other_ids(tmp_path: Path) -> None:
    a = write(tmp_path, "a.txt", "Same body.")
    b = write(tmp_path, "b.txt", "Same body.")
    assert ids(a, tmp_path) != ids(b, tmp_path)


def test_entry_ids_follow_guids_not_positions(tmp_path: Path) -> None:
    before = ids(write(tmp_path, "f.rss", feed("a", "b", "c")), tmp_path)
    after = ids(write(tmp_path, "f.rss", feed("c", "a")), tmp_path)
    assert after == [before[2], before[0]]
    assert before[0] == expected_id(b"f.rss", "a")
    assert len(set(before)) == 3


def test_entries_without_keys_use_their_index(tmp_path: Path) -> None:
    data = [{"title": "x", "body": "One."}, {"title": "x", "body": "Two."}]
    path = write(tmp_path, "list.json", json.dumps(data))
    assert ids(path, tmp_path) == [expected_id(b"list.json", "1"), expected_id(b"list.json", "2")]


def test_json_entries_prefer_guid_then_id_then_url(tmp_path: Path) -> None:
    data = [
        {"guid": "g", "id": "i", "url": "https://u.example/1", "body": "One."},
        {"id": "i", "url": "https://u.example/2", "body": "Two."},
        {"url": "https://u.example/3", "body": "Three."},
    ]
    path = write(tmp_path, "k.json", json.dumps(data))
    assert ids(path, tmp_path) == [
        expected_id(b"k.json", "g"),
        expected_id(b"k.json", "i"),
        expected_id(b"k.json", "https://u.example/3"),
    ]


def test_a_file_root_uses_its_name(tmp_path: Path) -> None:
    path = write(tmp_path, "deep/solo.md", "# T\n\nBody.")
    assert ids(path, path) == [expected_id(b"solo.md", "")]


@pytest.mark.skipif(os.name != "posix", reason="byte file names are POSIX")
def test_undecodable_file_name_uses_its_bytes(tmp_path: Path) -> None:
    raw = b"caf\xe9 news\n.txt"
    path = Path(os.fsdecode(os.path.join(os.fsencode(tmp_path), raw)))
    path.write_text("Body.")
    assert ids(path, tmp_path) == [expected_id(raw, "")]
