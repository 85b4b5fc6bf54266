"""`newsdesk alias`: the reader's curation for scripts, on the same file, one line each."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import SAMPLES
from newsdesk.cli import main
from newsdesk.library import Library, open_library
from newsdesk.settings import Settings
from reliability_helpers import FakeRecognizer, make_corpus


@pytest.fixture
def env(tmp_path: Path, library: Library, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the samples' index; the alias file in a config folder of its own."""
    index_dir = tmp_path / "index"
    shutil.copytree(library.index_dir, index_dir)
    monkeypatch.setenv("NEWSDESK_INDEX", str(index_dir))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "config" / "newsdesk" / "aliases.toml"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["alias", *args, "--corpus", str(SAMPLES)]
                                if args[0] != "list" else ["alias", *args])  # fmt: skip
    return result.exit_code, result.stdout, result.stderr


def test_each_operation_says_what_it_did_in_one_line(env: Path) -> None:
    assert run("merge", "Pashinyan", "Ilham Aliyev")[:2] == (
        0, "merged Nikol Pashinyan into Ilham Aliyev: 25 articles\n")  # fmt: skip
    assert run("split", "Leyla Hasanova", "Hasanova")[1].startswith("split Hasanova out of")
    assert run("retype", "Hasanova", "org")[1] == "Hasanova is now of type org\n"
    assert run("rename", "Aliyev", "President Aliyev")[1] == (
        "renamed Ilham Aliyev to President Aliyev\n")  # fmt: skip
    assert run("hide", "Hasanova")[1].startswith("hid Hasanova (3 articles)")
    assert run("unhide", "Hasanova")[1] == "Hasanova is shown again\n"
    _, out, _ = run("list", "--json")
    entries = json.loads(out)["entries"]
    assert entries["merge"] == [{"name": "Nikol Pashinyan", "value": "Ilham Aliyev"}]
    assert entries["rename"] == [{"name": "Ilham Aliyev", "value": "President Aliyev"}]
    assert "hide" not in entries and env.read_text(encoding="utf-8").endswith('Aliyev"\n')
    assert run("undo")[1] == "undid the last change to the alias file\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("hide", "Zzyzx"), 'unknown entity "Zzyzx"; closest: '),
        (("merge", "Pashinyan", "Nikol Pashinyan"), "are already one entity"),
        (("split", "Leyla Hasanova", "Nobody"), "is not a name joined into Leyla Hasanova"),
        (("retype", "Hasanova", "planet"), "Invalid value for 'TYPE'"),
        (("unhide", "Hasanova"), '"Hasanova" is not hidden'),
    ],
)
def test_mistakes_are_one_line_and_change_nothing(env: Path, args: tuple[str, ...],
                                                  message: str) -> None:  # fmt: skip
    code, out, err = run(*args)
    assert code != 0 and out == "" and message in err
    assert "Traceback" not in err and not env.exists()


def test_a_curation_survives_a_rebuild(tmp_path: Path) -> None:
    """The alias file lives outside the index: a rebuild from scratch applies it again."""
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    make_corpus(corpus, 8)
    settings = Settings(n_process=1, alias_file=tmp_path / "aliases.toml")
    library = open_library(corpus, index_dir=index_dir, settings=settings)
    library.refresh(recognizer=FakeRecognizer())
    people = [e for e in library.find_entities("", 50) if e.label == "PERSON"]
    first, second = people[0], people[1]
    library.merge_entity(second, first)
    library.hide_entity(library.entities_named(first.name)[0])
    library.refresh(rebuild=True, recognizer=FakeRecognizer())
    assert [e.key for e in library.entities_named(second.name)] == [first.key]
    assert [h.key for h in library.hidden_entities()] == [first.key]
    assert library.unhide_entity(library.hidden_entities()[0]).key == first.key
    assert library.hidden_entities() == []
    library.close()
