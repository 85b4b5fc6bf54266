"""The user's alias file: loading, checking, and applying merges."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.entities import Aliases, AliasFileError, apply_aliases, load_aliases

GOOD = """
hide = ["Monday", "Tuesday"]

[merge]
"Erdogan" = "Recep Tayyip Erdoğan"
"Tayyip" = "Erdogan"

[rename]
"Recep Tayyip Erdogan" = "R. T.  Erdoğan"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "aliases.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_missing_file_means_no_aliases(tmp_path: Path) -> None:
    assert load_aliases(tmp_path / "absent.toml") == Aliases()


def test_entries_are_folded_and_chains_followed(tmp_path: Path) -> None:
    aliases = load_aliases(write(tmp_path, GOOD))
    assert aliases.merge == {
        "erdogan": "recep tayyip erdogan",
        "tayyip": "recep tayyip erdogan",
    }
    assert aliases.rename == {"recep tayyip erdogan": "R. T. Erdoğan"}
    assert aliases.hide == {"monday", "tuesday"}
    assert aliases.display_name("recep tayyip erdogan", "x") == "R. T. Erdoğan"
    assert aliases.display_name("ilham aliyev", "Ilham Aliyev") == "Ilham Aliyev"
    assert aliases.is_hidden("monday") and not aliases.is_hidden("baku")


def test_rename_and_hide_follow_merges(tmp_path: Path) -> None:
    text = 'hide = ["Aliev"]\n[merge]\n"Aliev" = "Ilham Aliyev"\n[rename]\n"Aliev" = "I. Aliyev"\n'
    aliases = load_aliases(write(tmp_path, text))
    assert aliases.rename == {"ilham aliyev": "I. Aliyev"}
    assert aliases.hide == {"ilham aliyev"}


def test_apply_aliases_puts_user_merges_over_automatic_ones(tmp_path: Path) -> None:
    aliases = load_aliases(write(tmp_path, GOOD))
    automatic = {"erdogan": "emine erdogan", "aliyev": "ilham aliyev", "kaya": "kaya"}
    assert apply_aliases(automatic, aliases) == {
        "erdogan": "recep tayyip erdogan",
        "aliyev": "ilham aliyev",
        "kaya": "kaya",
        "tayyip": "recep tayyip erdogan",
    }
    merged_target = Aliases(merge={"ilham aliyev": "aliyev ilham"})
    assert apply_aliases({"aliyev": "ilham aliyev"}, merged_target)["aliyev"] == "aliyev ilham"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[merge\n", "not valid TOML"),
        ('colour = "red"\n', "unknown entry 'colour'"),
        ('merge = "Erdogan"\n', "must be a table"),
        ('[merge]\n"Erdogan" = 3\n', '"Erdogan" needs a non-empty name'),
        ('[rename]\n"Erdogan" = ""\n', "non-empty name"),
        ('hide = "Monday"\n', "must be a list of names"),
        ('[merge]\n"A" = "B"\nhide = ["Monday"]\n', "move hide"),
        ('[merge]\n"A" = "B"\n"B" = "C"\n"C" = "a"\n', "goes in a circle: a → b → c → a"),
    ],
)
def test_broken_files_give_one_line_errors(tmp_path: Path, text: str, fragment: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(AliasFileError) as caught:
        load_aliases(path)
    message = str(caught.value)
    assert fragment in message and str(path) in message and "\n" not in message


def test_unreadable_and_non_utf8_files(tmp_path: Path) -> None:
    bad = tmp_path / "aliases.toml"
    bad.write_bytes(b'hide = ["\xff"]\n')
    with pytest.raises(AliasFileError, match="UTF-8"):
        load_aliases(bad)
    with pytest.raises(AliasFileError, match="cannot read"):
        load_aliases(tmp_path)


def test_self_merges_are_ignored(tmp_path: Path) -> None:
    aliases = load_aliases(write(tmp_path, '[merge]\n"Erdogan" = "ERDOĞAN"\n'))
    assert aliases.merge == {}
