"""A person named inside a longer name is one more mention of that person (issue #11)."""

from __future__ import annotations

from helpers import raw_spans as raw
from newsdesk.entities import resolve_article
from newsdesk.models import Mention

GALLERY = (
    "The Mirela Dobre Foundation gave 300 prints to the museum. Mirela Dobre took them "
    "between 1970 and 1987, and the Dobre Studio kept the negatives."
)
GALLERY_MARKS = (
    ("Mirela Dobre Foundation", "ORG"), ("Mirela Dobre", "PERSON"), ("Dobre Studio", "ORG"),
)  # fmt: skip


def spans(mentions: list[Mention]) -> list[tuple[str, str, str]]:
    return [(m.text, m.label, m.key) for m in mentions]


def test_a_person_inside_an_organisation_name_is_a_mention_of_that_person() -> None:
    mentions = resolve_article(GALLERY, raw(GALLERY, *GALLERY_MARKS))
    assert spans(mentions) == [
        ("Mirela Dobre", "PERSON", "mirela dobre"),
        ("Mirela Dobre Foundation", "ORG", "mirela dobre foundation"),
        ("Mirela Dobre", "PERSON", "mirela dobre"),
        ("Dobre Studio", "ORG", "dobre studio"),
    ]
    assert [m.start for m in mentions[:2]] == [4, 4]


def test_a_surname_the_article_links_to_its_person_is_found_inside_names_too() -> None:
    text = GALLERY + " Dobre said the studio would close."
    mentions = resolve_article(text, raw(text, *GALLERY_MARKS, ("Dobre", "PERSON")))
    nested = [m for m in mentions if m.text == "Dobre" and text[m.end : m.end + 7] == " Studio"]
    assert [(m.key, m.name) for m in nested] == [("mirela dobre", "Mirela Dobre")]


def test_only_full_names_of_people_are_looked_for_inside_other_names() -> None:
    text = (
        "Manchester United beat Leeds in Manchester. Selim Kaya and Derya Kaya watched; "
        "Twitter carried the Twitter Cup."
    )
    marks = [("Manchester United", "ORG"), ("Leeds", "ORG"), ("Manchester", "GPE")]
    marks += [("Selim Kaya", "PERSON"), ("Derya Kaya", "PERSON"), ("Twitter", "PERSON")]
    marks += [("Twitter Cup", "EVENT")]
    mentions = resolve_article(text, raw(text, *marks))
    starts = [m.start for m in mentions]
    assert len(starts) == len(set(starts)), "nothing nested: a place, a one-word person, a person"


def test_a_name_never_nests_in_itself_or_in_a_date() -> None:
    text = "Mirela Dobre Day is 12 May. Mirela Dobre spoke on Mirela Dobre Day."
    marks = [("Mirela Dobre Day", "DATE"), ("12 May", "DATE"), ("Mirela Dobre", "PERSON")]
    mentions = resolve_article(text, raw(text, *marks, ("Mirela Dobre Day", "DATE")))
    assert [m.label for m in mentions if m.text == "Mirela Dobre"] == ["PERSON"]
