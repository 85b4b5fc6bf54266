"""Archive-wide entity rules on a real index with the real model, on texts written here in
the shapes of a real news archive (issue #11): team sheets, titles, clubs and cities."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import ROOT, write
from newsdesk.library import Library, open_library
from newsdesk.settings import Settings

DATA = ROOT / "tests" / "data" / "entities"
TEAM_SHEET = (DATA / "team_sheet.txt").read_text(encoding="utf-8")
"""A rugby team sheet in the wire format: initial and surname, club in brackets, players
separated by commas and semicolons; then two lines of match preview."""

CLUBS = {"Toulouse", "Dragons", "Cardiff Blues", "Ospreys", "Clermont Auvergne",
         "Llanelli Scarlets", "Gloucester"}  # fmt: skip

PREVIEW = (
    "Henson fit for Scotland\n\n"
    "Gavin Henson has recovered from a knee injury and will face Scotland. The Ospreys centre "
    "trained with Shane Williams and Adam Jones on Monday. Stephen Jones kicked well.\n"
)


def archive(folder: Path, settings: Settings, **texts: str) -> Library:
    for name, text in texts.items():
        write(folder / "corpus", f"{name}.txt", text)
    lib = open_library(folder / "corpus", index_dir=folder / "index", settings=settings)
    lib.refresh()
    return lib


@pytest.fixture
def rugby(tmp_path: Path, settings: Settings) -> Iterator[Library]:
    lib = archive(tmp_path, settings, sheet=TEAM_SHEET, preview=PREVIEW)
    yield lib
    lib.close()


def listed_players(sheet: str) -> list[str]:
    """Every "G Thomas"-style entry of the sheet's two lists."""
    lists = [line for line in sheet.splitlines() if line.startswith(("Wales:", "Replacements:"))]
    return re.findall(r"\b[A-Z] [A-Z][A-Za-z]+", " ".join(lists))


def article_keys(lib: Library, title_word: str) -> dict[str, set[str]]:
    [summary] = [a for a in lib.list_articles() if title_word in a.title]
    keys: dict[str, set[str]] = {}
    for m in lib.mentions(summary.id):
        keys.setdefault(m.text, set()).add(m.key)
    return keys


def test_no_two_players_of_a_team_sheet_share_a_key(rugby: Library) -> None:
    players = listed_players(TEAM_SHEET)
    assert len(players) == 22
    keys = article_keys(rugby, "Ruddock")
    found = {p: keys[p] for p in players if p in keys}
    assert len(found) >= 10, f"the model found too few players to judge: {sorted(found)}"
    owners: dict[str, str] = {}
    for player, player_keys in found.items():
        for key in player_keys:
            assert key not in owners, f"{player} and {owners.get(key)} share the key {key!r}"
            owners[key] = player
    club_keys = {k for club in CLUBS for k in keys.get(club, set())}
    assert not club_keys & set(owners), "a club was merged into a player"


def test_a_club_in_brackets_is_not_another_name_of_a_player(rugby: Library) -> None:
    dragons = rugby.resolve_entity("Dragons")
    assert dragons is not None and dragons.name == "Dragons"
    assert {fold_all(a) for a in dragons.aliases} <= {"dragons"}


def fold_all(text: str) -> str:
    return " ".join(text.casefold().split())


MATCH_REPORT = (
    "Leeds hold Chelsea\n\n"
    "Championship leaders Leeds 2 Chelsea 1. Leeds beat Chelsea in front of a full stadium, "
    "and the Leeds manager said the goal in the second half won the match. Chelsea had more "
    "possession, but their striker missed a penalty before the referee ended the game.\n"
)
CITY_NEWS = (
    "Leeds council backs tram plan\n\n"
    "The council in Leeds approved a new tram line on Tuesday. Residents of Leeds and "
    "Bradford will be consulted, the city's transport officer said.\n"
)


def test_a_city_in_a_sports_report_is_its_team_not_the_city(
    tmp_path: Path, settings: Settings
) -> None:
    lib = archive(tmp_path, settings, match=MATCH_REPORT, city=CITY_NEWS)
    try:
        match = article_keys(lib, "Chelsea")
        city = article_keys(lib, "tram")
        assert match["Leeds"] and city["Leeds"] and not match["Leeds"] & city["Leeds"]
        [team_key] = match["Leeds"]
        team, place = lib.entity(team_key), lib.resolve_entity("Leeds")
        assert team is not None and team.label == "ORG" and team.article_count == 1
        assert place is not None and place.label == "GPE" and place.article_count == 1
    finally:
        lib.close()
