"""Archive-wide rules as pure functions: folding, display names, labels, short keys."""

from __future__ import annotations

from collections import Counter

import pytest

from newsdesk.entities import (
    archive_labels,
    fold,
    majority_label,
    merge_short_keys,
    pick_display_name,
)
from newsdesk.groups import LABEL_GROUPS, LEGEND_GROUPS, group_of


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Erdoğan", "Erdogan"),
        ("ERDOĞAN", "erdogan"),
        ("Recep  Tayyip\nErdoğan", "recep tayyip erdogan"),
        ("O’Brien", "O'Brien"),
        ("Nagorno-Karabakh", "Nagorno Karabakh"),
        ("Nagorno–Karabakh", "nagorno karabakh"),
        ("Ibrahim Kalın", "Ibrahim Kalin"),
        ("İzmir", "Izmir"),
        ("Łódź", "Lodz"),
        ("Søren Straße", "soren strasse"),
        ("Ömer Çelik", "omer celik"),
    ],
)
def test_fold_makes_spellings_equal(a: str, b: str) -> None:
    assert fold(a) == fold(b)


def test_fold_is_idempotent_and_trims() -> None:
    assert fold("  Recep Tayyip Erdoğan ") == "recep tayyip erdogan"
    assert fold(fold("Ömer Çelik")) == fold("Ömer Çelik")


def test_groups_cover_every_label_and_highlight_order() -> None:
    assert group_of("GPE") == group_of("LOC") == group_of("FAC") == "place"
    assert group_of("NORP") == "group"
    assert group_of("TIME") == "date"
    assert group_of("MONEY") == "number"
    assert group_of("SOMETHING_NEW") == "other"
    assert LEGEND_GROUPS == ("person", "org", "place", "group", "event", "date")
    assert set(LABEL_GROUPS.values()) == {*LEGEND_GROUPS, "other", "number"}


def test_display_name_is_the_most_frequent_full_form() -> None:
    forms = Counter({"Erdoğan": 40, "Recep Tayyip Erdoğan": 3, "Tayyip Erdoğan": 9})
    assert pick_display_name(forms) == "Recep Tayyip Erdoğan"
    assert pick_display_name(Counter({"Erdogan": 1, "Erdoğan": 2})) == "Erdoğan"


def test_display_name_ties_prefer_normal_case_then_accents() -> None:
    assert pick_display_name(Counter({"ALIYEV": 2, "Aliyev": 2})) == "Aliyev"
    assert pick_display_name(Counter({"Erdogan": 2, "Erdoğan": 2})) == "Erdoğan"
    with pytest.raises(ValueError):
        pick_display_name(Counter())


def test_majority_label_and_its_tie_rule() -> None:
    assert majority_label(Counter({"PERSON": 3, "GPE": 1})) == "PERSON"
    assert majority_label(Counter({"PERSON": 2, "GPE": 2})) == "GPE"
    assert majority_label(Counter({"PERSON": 1, "ORG": 1, "LOC": 1})) == "LOC"
    assert majority_label(Counter({"PERSON": 1, "ORG": 1})) == "ORG"
    assert majority_label(Counter({"NORP": 1, "ORG": 1})) == "NORP"
    assert majority_label(Counter({"PERSON": 2, "GPE": 2}), held="PERSON") == "PERSON"
    assert majority_label(Counter({"PERSON": 3, "GPE": 2}), held="GPE") == "PERSON"
    assert majority_label(Counter({"ORG": 1, "LOC": 1}), held="GPE") == "LOC"
    with pytest.raises(ValueError):
        majority_label(Counter())


def test_a_bare_surname_joins_the_only_full_name_it_can_mean() -> None:
    counts = {
        "person": {
            "aliyev": 5,
            "ilham aliyev": 9,
            "bayramov": 2,
            "jeyhun bayramov": 3,
            "ceyhun jeyhun bayramov": 1,
            "kaya": 2,
            "selim kaya": 4,
            "derya kaya": 1,
        },
        "place": {"korea": 3, "south korea": 8},
        "org": {"nato": 5, "party": 1, "ak party": 3, "justice and development party": 7},
    }
    assert merge_short_keys(counts) == {
        "aliyev": "ilham aliyev",
        "bayramov": "ceyhun jeyhun bayramov",
    }


def test_bare_words_stay_local_across_the_archive() -> None:
    """Issue #11: "Parliament" went to "European Parliament" in every article, a first
    name to the one famous full name containing it, and "Kaya" to the likelier Kaya."""
    counts = {
        "person": {"kaya": 1, "selim kaya": 2, "derya kaya": 2, "wayne": 3, "wayne rooney": 9},
        "org": {"parliament": 40, "european parliament": 12, "bank": 3, "world bank": 5},
    }
    assert merge_short_keys(counts) == {}
    assert merge_short_keys({}) == {}


def test_display_name_is_a_true_expansion_never_a_phrase_that_contains_it() -> None:
    party = Counter({"Labour": 492, "Bedford county Labour": 1})
    assert pick_display_name(party) == "Labour"
    assert pick_display_name(Counter({"Blair": 40, "Tony Blair": 6})) == "Tony Blair"
    assert pick_display_name(Counter({"Beethoven": 5, "Ludwig van Beethoven": 1})) == (
        "Ludwig van Beethoven"
    )


def test_archive_labels_count_articles_not_mentions() -> None:
    articles = [
        {"shusha": "PERSON", "baku": "GPE"},
        {"shusha": "GPE"},
        {"shusha": "GPE", "baku": "GPE"},
        {"kaya": "PERSON"},
    ]
    assert archive_labels(articles) == {"shusha": "GPE", "baku": "GPE", "kaya": "PERSON"}
    assert archive_labels([{"tovuz": "PERSON"}, {"tovuz": "GPE"}]) == {"tovuz": "GPE"}


def test_variants_the_archive_defines_meet() -> None:
    """Issue #11: a party over five pages, a country over four."""
    from newsdesk.entities.archive import variant_keys

    groups = {"eu": "org", "european union": "org", "u.s.": "place", "us": "place",
              "united states": "place", "liberal democrats": "org", "liberal democrat": "org",
              "un": "org", "university of sheffield": "org", "nato": "org"}  # fmt: skip
    evidence = [("eu", "european union"), ("u.s.", "united states"), ("nato", "nato")]
    assert variant_keys(groups, evidence) == {
        "eu": "european union",
        "u.s.": "united states",
        "us": "united states",
        "liberal democrats": "liberal democrat",
    }


def test_two_letter_acronyms_need_every_initial() -> None:
    from newsdesk.entities.linking import is_acronym

    assert is_acronym("us", "united states") and is_acronym("u.s.", "united states")
    assert not is_acronym("us", "university of sheffield")
    assert is_acronym("jdp", "justice and development party")
