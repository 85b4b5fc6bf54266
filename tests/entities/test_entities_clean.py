"""Span cleaning: each rule on hand-written raw spans, no model needed."""

from __future__ import annotations

import pytest

from newsdesk.entities.clean import clean_span, paragraph_pieces, title_length


def cleaned(text: str, needle: str, label: str) -> tuple[str, str] | None:
    """Clean the raw span covering ``needle`` and return (surface, label), or None."""
    start = text.index(needle)
    span = clean_span(text, start, start + len(needle), label)
    return None if span is None else (text[span.start : span.end], span.label)


@pytest.mark.parametrize(
    ("text", "needle", "label", "expected"),
    [
        ("Georgia’s premier spoke.", "Georgia’s", "GPE", "Georgia"),
        ("Georgia's premier spoke.", "Georgia's", "GPE", "Georgia"),
        ("Georgiaʼs premier spoke.", "Georgiaʼs", "GPE", "Georgia"),
        ("NATO'S chief spoke.", "NATO'S", "ORG", "NATO"),
        ("the Philippines’ navy", "Philippines’", "GPE", "Philippines"),
        ("a McDonald's franchise", "McDonald's", "ORG", "McDonald's"),
    ],
)
def test_possessives_are_trimmed(text: str, needle: str, label: str, expected: str) -> None:
    assert cleaned(text, needle, label) == (expected, label)


@pytest.mark.parametrize(
    ("needle", "label", "expected"),
    [
        ("the European Union", "ORG", "European Union"),
        ("The Kremlin", "ORG", "Kremlin"),
        ("the United States", "GPE", "United States"),
        ("The Hague", "GPE", "The Hague"),
        ("the Washington Post", "ORG", "Washington Post"),
        ("The Guardian", "ORG", "The Guardian"),
        ("The Old Man and the Sea", "WORK_OF_ART", "The Old Man and the Sea"),
        ("the summer", "DATE", "summer"),
    ],
)
def test_leading_the(needle: str, label: str, expected: str) -> None:
    text = f"Yesterday {needle} said so."
    assert cleaned(text, needle, label) == (expected, label)


@pytest.mark.parametrize(
    ("needle", "expected"),
    [
        ("President Maria Lopez", "Maria Lopez"),
        ("Deputy Prime Minister Anton Ferro", "Anton Ferro"),
        ("Defense Minister Ole Berg", "Ole Berg"),
        ("first lady Ana Ferro", "Ana Ferro"),
        ("Mr. Tom Hale", "Tom Hale"),
        ("Dr Tom Hale", "Tom Hale"),
        ("Ambassador Lena Roth", "Lena Roth"),
        ("Secretary of State Ada Quist", "Ada Quist"),
        ("Lady Penelope", "Lady Penelope"),
        ("John Major", "John Major"),
    ],
)
def test_titles_are_not_part_of_a_name(needle: str, expected: str) -> None:
    text = f"Earlier {needle} arrived."
    assert cleaned(text, needle, "PERSON") == (expected, "PERSON")


def test_titles_only_for_person_spans() -> None:
    assert cleaned("The General Assembly met.", "General Assembly", "ORG") == (
        "General Assembly",
        "ORG",
    )


@pytest.mark.parametrize(
    ("text", "needle", "label"),
    [
        ("Defense Minister Ole Berg arrived.", "Defense", "ORG"),
        ("Communications Director Eva Lind spoke.", "Communications", "ORG"),
        ("The President spoke.", "President", "PERSON"),
        ("with first lady Ana Ferro", "first", "ORDINAL"),
        ("a quote: “ ”", "“ ”", "ORG"),
    ],
)
def test_title_fragments_and_empty_spans_are_dropped(text: str, needle: str, label: str) -> None:
    assert cleaned(text, needle, label) is None


def test_an_ordinal_before_a_plain_noun_is_kept() -> None:
    assert cleaned("the first leader to visit", "first", "ORDINAL") == ("first", "ORDINAL")


def test_generic_place_noun_is_dropped_and_marks_a_place() -> None:
    text = "They toured the Vardenis region’s hills."
    start = text.index("the Vardenis")
    span = clean_span(text, start, text.index(" hills"), "FAC")
    assert span is not None
    assert (text[span.start : span.end], span.label, span.hint) == ("Vardenis", "LOC", "LOC")


@pytest.mark.parametrize(
    ("text", "needle", "expected"),
    [
        ("He met “Acme Holdings” staff.", "“Acme Holdings”", "Acme Holdings"),
        ('He met "Acme" staff.', '"Acme"', "Acme"),
        ("They sued Acme Inc. today", "Acme Inc.", "Acme Inc."),
        ("They flew to the U.S. today", "U.S.", "U.S."),
        ("Talks ended in Baku.", "Baku.", "Baku"),
        ("Talks ended (in Baku)", "Baku)", "Baku"),
        ("the Justice Party (JP) said", "Justice Party (JP)", "Justice Party (JP)"),
    ],
)
def test_quotes_and_punctuation_around_names(text: str, needle: str, expected: str) -> None:
    assert cleaned(text, needle, "ORG") == (expected, "ORG")


def test_offsets_index_the_original_text_after_several_rules() -> None:
    text = "Visitors came to “the Vardenis region’s” lakes."
    start = text.index("“the")
    span = clean_span(text, start, text.index(" lakes"), "FAC")
    assert span is not None
    assert text[span.start : span.end] == "Vardenis"


def test_out_of_range_spans_are_clamped() -> None:
    span = clean_span("Baku", -5, 99, "GPE")
    assert span is not None and (span.start, span.end) == (0, 4)


def test_title_length_counts_connectors_only_inside_a_title() -> None:
    assert title_length(["minister", "of", "foreign", "affairs", "ada"]) == 4
    assert title_length(["the", "president", "ada"]) == 2
    assert title_length(["ada", "quist"]) == 0
    assert title_length(["deputy", "ada"]) == 0


def test_a_span_across_a_paragraph_break_is_cut() -> None:
    text = "Orbit review\n\n  The Double Asteroid Test flew."
    pieces = paragraph_pieces(text, 6, text.index(" flew"))
    assert [text[a:b] for a, b in pieces] == ["review", "The Double Asteroid Test"]
    assert paragraph_pieces("Baku", 0, 4) == [(0, 4)]


def test_a_title_turns_a_mislabelled_name_into_a_person() -> None:
    text = "Lieutenant General Ivo Sand inspected the troops."
    assert cleaned(text, "Lieutenant General Ivo Sand", "ORG") == ("Ivo Sand", "PERSON")
    assert cleaned("Councillor Ana Ferro voted.", "Councillor Ana Ferro", "PERSON") == (
        "Ana Ferro",
        "PERSON",
    )
    assert cleaned("The Foreign Policy Centre met.", "Foreign Policy Centre", "ORG") == (
        "Foreign Policy Centre",
        "ORG",
    )


def test_a_name_ending_in_a_facility_word_is_a_facility() -> None:
    text = "Flights left Vardenis International Airport today."
    start = text.index("Vardenis")
    span = clean_span(text, start, text.index(" today"), "ORG")
    assert span is not None and (span.label, span.hint) == ("FAC", "FAC")
    assert cleaned("the Airport Authority said", "Airport Authority", "ORG") == (
        "Airport Authority",
        "ORG",
    )


@pytest.mark.parametrize(
    ("needle", "expected"),
    [
        ("almost three decades", "three decades"),
        ("more than ten years ago", "ten years ago"),
        ("last year’s war", "last year"),
        ("the 1990s", "1990s"),
        ("some 6,000", "6,000"),
        ("about", "about"),
    ],
)
def test_dates_and_amounts_lose_hedges(needle: str, expected: str) -> None:
    label = "CARDINAL" if "6,000" in needle else "DATE"
    assert cleaned(f"It took {needle} in all.", needle, label) == (expected, label)


@pytest.mark.parametrize(
    ("surface", "label", "pieces"),
    [
        ("Luscombe, Shanklin; Henson", "PERSON", ["Luscombe", "Shanklin", "Henson"]),
        ("S Jones (Clermont Auvergne", "ORG", ["S Jones", "Clermont Auvergne"]),
        ("Acme, Inc.", "ORG", ["Acme, Inc."]),
        ("Washington, D.C.", "GPE", ["Washington, D.C."]),
        ("May 8, 1992", "DATE", ["May 8, 1992"]),
    ],
)
def test_a_name_never_holds_a_list(surface: str, label: str, pieces: list[str]) -> None:
    from newsdesk.entities.clean import list_pieces

    text = f"x {surface} y"
    found = list_pieces(text, 2, 2 + len(surface), label)
    assert [text[a:b] for a, b in found] == pieces


@pytest.mark.parametrize(
    ("surface", "after", "pieces"),
    [
        ("Leeds 2 Chelsea", "", ["Leeds", "Chelsea"]),
        ("Sweden 1", " – 0 Korea", ["Sweden"]),
        ("Bath 22 - 15 Leicester", "", ["Bath", "Leicester"]),
        ("Apollo 11 crew", "", ["Apollo 11 crew"]),
        ("Internet Explorer 6", " users", ["Internet Explorer 6"]),
    ],
)
def test_a_name_never_holds_a_score(surface: str, after: str, pieces: list[str]) -> None:
    from newsdesk.entities.clean import list_pieces

    text = f"x {surface}{after}"
    found = list_pieces(text, 2, 2 + len(surface), "ORG")
    assert [text[a:b] for a, b in found] == pieces
