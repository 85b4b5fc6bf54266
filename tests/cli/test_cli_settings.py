"""The user's config.toml: a mistake in it is one line naming the file, the place and the
problem, for every command, never a traceback; an unknown key is a warning."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from helpers import SAMPLES
from newsdesk.cli import main
from newsdesk.settings import Settings, SettingsError

BROKEN = {
    "not TOML": (b"[newsdesk\nn_process = 1\n", r"not valid TOML: .*\(at line 1, column 10\)"),
    "wrong type": (b'[newsdesk]\nbatch_size = 64\nn_process = "two"\n',
                   r", line 3: n_process must be a whole number, 0 or more .*, not 'two'$"),
    "negative": (b"[newsdesk]\nn_process = -1\n", r", line 2: n_process must be a whole number"),
    "a boolean for a number": (b"[newsdesk]\nbatch_size = true\n",
                               r", line 2: batch_size must be a whole number, 1 or more, not True"),
    "a number for a boolean": (b"[newsdesk]\nhighlight_numbers = 1\n",
                               r", line 2: highlight_numbers must be true or false, not 1$"),
    "a table for a path": (b"[newsdesk.alias_file]\nx = 1\n",
                           r": alias_file must be a file path in quotes, not dict$"),
    "section not a table": (b"newsdesk = 3\n", r": newsdesk must be a table"),
    "a delay out of range": (b"[newsdesk]\nmark_read_delay = 90\n",
                             r", line 2: mark_read_delay must be a number of seconds from 0 to "
                             r"60, not 90$"),
    "an unknown sort": (b"[newsdesk]\ndefault_sort = 'date'\n",
                        r', line 2: default_sort must be "newest" or "oldest" or "title" or '
                        r'"relevance", not \'date\'$'),
    "a string for a boolean": (b"[newsdesk]\ndate_from_file = 'yes'\n",
                               r", line 2: date_from_file must be true or false, not 'yes'$"),
    "not UTF-8": (b"[newsdesk]\nspacy_model = '\xff'\n", r": not UTF-8 text; save it as UTF-8$"),
    "an unknown action": (b'[newsdesk]\nn_process = 1\n[newsdesk.keys]\nsortt = "o"\n',
                          r", line 4: keys.sortt: unknown action; known: quit, help, "),
    "a malformed key": (b'[newsdesk.keys]\nsort = "ctrl+"\n',
                        r", line 2: keys.sort: 'ctrl\+' is not a key; write a key like "),
    "a key bound twice": (b'[newsdesk.keys]\nquit = "x"\nsort = "x"\n',
                          r", line 3: keys.sort: x is also quit in the article list; choose"),
    "an unknown theme": (b'[newsdesk]\ntheme = "nordic"\n',
                         r", line 2: theme must be one of textual-dark, .*, not 'nordic'$"),
    "not a colour": (b'[newsdesk.colours]\nperson = "#12345"\n',
                     r", line 2: colours.person must be a colour: .*, not '#12345'$"),
    "an unknown type": (b'[newsdesk.colours]\npeople = "red"\n',
                        r", line 2: colours.people: unknown type; known: person, org, "),
}  # fmt: skip
"""Config file contents, and what the one line must say after the file's name."""

COMMANDS = {
    "index": ["index", str(SAMPLES)],
    "search": ["search", "harbour", "--corpus", str(SAMPLES)],
    "entity": ["entity", "Baku", "--corpus", str(SAMPLES)],
    "entities": ["entities", "-"],
    "read": ["read", str(SAMPLES)],
    "bare path": [str(SAMPLES)],
}


def _no_reader(*args: object, **kwargs: object) -> None:
    raise AssertionError("the reader opened despite the broken config")


def invoke(args: list[str], config: Path, monkeypatch: pytest.MonkeyPatch) -> Result:
    monkeypatch.setenv("NEWSDESK_CONFIG", str(config))
    monkeypatch.setattr("newsdesk.tui.app.make_app", _no_reader)
    result = CliRunner().invoke(main, ["--index", str(config / "index"), *args], input="Baku.")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
@pytest.mark.parametrize(("content", "says"), BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_config_is_one_line_for_every_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], content: bytes, says: str
) -> None:
    """Before, each of these was a traceback (or, for a wrong type, a crash far away)."""
    (tmp_path / "config.toml").write_bytes(content)
    result = invoke(command, tmp_path, monkeypatch)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    head = f"newsdesk: {tmp_path / 'config.toml'}"
    assert result.stderr.startswith(head), result.stderr
    assert re.search(says, result.stderr.rstrip("\n")[len(head) :]), result.stderr


def test_help_works_whatever_the_config_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "config.toml").write_bytes(BROKEN["not TOML"][0])
    for args in (["--help"], ["index", "--help"], ["--version"]):
        assert invoke(args, tmp_path, monkeypatch).exit_code == 0


def test_an_unknown_key_is_a_warning_and_the_command_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "config.toml").write_text("n_process = 1\n[newsdesk]\nn_proces = 2\n")
    result = invoke(["entities", "-", "--json"], tmp_path, monkeypatch)
    assert result.exit_code == 0 and '"Baku"' in result.stdout
    config = tmp_path / "config.toml"
    assert result.stderr.splitlines() == [
        f'newsdesk: warning: {config}: "n_process" ignored: put it under [newsdesk]',
        f'newsdesk: warning: {config}: [newsdesk] unknown setting "n_proces" ignored; known: '
        "spacy_model, n_process, batch_size, highlight_numbers, search_debounce, alias_file, "
        "mark_read_delay, default_sort, date_from_file, theme, keys, colours",
    ]


def test_a_good_config_is_read(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        '[newsdesk]\nspacy_model = "my_model"\nn_process = 2\nbatch_size = 8\n'
        'highlight_numbers = true\nsearch_debounce = 0\nalias_file = "~/a.toml"\n'
        "mark_read_delay = 4\n"
        'default_sort = "oldest"\ndate_from_file = true\n'
    )
    settings = Settings.load(config)
    assert (settings.spacy_model, settings.n_process, settings.batch_size) == ("my_model", 2, 8)
    assert settings.highlight_numbers and settings.search_debounce == 0
    assert settings.alias_file == Path("~/a.toml").expanduser()
    assert settings.mark_read_delay == 4
    assert settings.default_sort == "oldest" and settings.date_from_file


def test_a_missing_config_gives_the_defaults(tmp_path: Path) -> None:
    assert Settings.load(tmp_path / "config.toml") == Settings()


def test_a_config_that_cannot_be_read_says_why(tmp_path: Path) -> None:
    (tmp_path / "config.toml").mkdir()
    with pytest.raises(SettingsError, match=r"config.toml: cannot read it: is a directory$"):
        Settings.load(tmp_path / "config.toml")


def test_every_setting_is_checked() -> None:
    """A new field in ``Settings`` needs its check, or it could never be set."""
    from dataclasses import fields

    from newsdesk.settings import _EXPECTED

    assert set(_EXPECTED) == {f.name for f in fields(Settings)}


def documented_settings() -> dict[str, str]:
    """The settings table of docs/guide.md: name → the default column."""
    guide = (Path(__file__).resolve().parents[2] / "docs" / "guide.md").read_text()
    section = guide[guide.index("## Settings") :]
    rows = re.findall(r"^\| `(\w+)` \| (.+?) \|", section, re.MULTILINE)
    return dict(rows)


def test_the_guide_lists_every_setting_with_its_default() -> None:
    """Every field of ``Settings`` has a row, and every default written as a TOML value
    is the one ``Settings`` has (the model and the alias file depend on the machine)."""
    from dataclasses import fields

    documented = documented_settings()
    assert list(documented) == [f.name for f in fields(Settings)]
    defaults, checked = Settings(), 0
    for name, default in documented.items():
        literal = re.match(r"`([^`]+)`", default)
        if literal is None or name in ("spacy_model", "alias_file"):
            continue
        value = tomllib.loads(f"x = {literal.group(1)}")["x"]
        assert value == getattr(defaults, name), name
        checked += 1
    assert checked >= 7
