"""Article-level resolution on hand-written raw spans: keys, names, labels, repairs."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import raw_spans as raw
from newsdesk.entities import resolve_article
from newsdesk.groups import LABEL_GROUPS
from newsdesk.models import Mention


def by_text(mentions: list[Mention]) -> dict[str, Mention]:
    return {m.text: m for m in mentions}


PRESIDENT = (
    "President Selim Kaya flew to Izmir on Friday. His wife Derya Kaya stayed behind. "
    "Kaya told reporters the talks went well, and Kaya thanked his hosts."
)


def test_a_bare_surname_goes_to_the_person_the_article_is_about() -> None:
    marks = [("Selim Kaya", "PERSON"), ("Izmir", "GPE"), ("Friday", "DATE")]
    marks += [("Derya Kaya", "PERSON"), ("Kaya", "PERSON"), ("Kaya", "PERSON")]
    mentions = resolve_article(PRESIDENT, raw(PRESIDENT, *marks))
    keys = [(m.text, m.key) for m in mentions if m.label == "PERSON"]
    assert keys == [
        ("Selim Kaya", "selim kaya"),
        ("Derya Kaya", "derya kaya"),
        ("Kaya", "selim kaya"),
        ("Kaya", "selim kaya"),
    ]
    assert {m.name for m in mentions if m.key == "selim kaya"} == {"Selim Kaya"}


def test_the_most_mentioned_full_name_wins_a_shared_surname() -> None:
    text = "Derya Kaya met Selim Kaya. Derya Kaya spoke first. Then Kaya left."
    marks = [("Derya Kaya", "PERSON"), ("Selim Kaya", "PERSON"), ("Derya Kaya", "PERSON")]
    mentions = resolve_article(text, raw(text, *marks, ("Kaya", "PERSON")))
    assert mentions[-1].text == "Kaya" and mentions[-1].key == "derya kaya"


def test_a_middle_and_last_name_joins_the_full_name() -> None:
    text = "Ali Veli Kaya spoke. Veli Kaya later left; Derya Kaya stayed."
    marks = [("Ali Veli Kaya", "PERSON"), ("Veli Kaya", "PERSON"), ("Derya Kaya", "PERSON")]
    keys = [m.key for m in resolve_article(text, raw(text, *marks))]
    assert keys == ["ali veli kaya", "ali veli kaya", "derya kaya"]


def test_short_forms_never_join_places() -> None:
    text = "South Vardenia and Vardenia traded shots."
    mentions = resolve_article(text, raw(text, ("South Vardenia", "GPE"), ("Vardenia", "GPE")))
    assert [m.key for m in mentions] == ["south vardenia", "vardenia"]


def test_a_short_form_of_another_group_stays_apart() -> None:
    text = "Selim Kaya visited the Kaya dam."
    mentions = resolve_article(text, raw(text, ("Selim Kaya", "PERSON"), ("Kaya", "FAC")))
    assert [m.key for m in mentions] == ["selim kaya", "kaya"]


def test_accented_and_plain_spellings_share_a_key() -> None:
    text = "Recep Erdoğan spoke. Later Erdogan and ERDOĞAN were quoted."
    marks = [("Recep Erdoğan", "PERSON"), ("Erdogan", "PERSON"), ("ERDOĞAN", "PERSON")]
    mentions = resolve_article(text, raw(text, *marks))
    assert {m.key for m in mentions} == {"recep erdogan"}
    assert {m.name for m in mentions} == {"Recep Erdoğan"}


def test_a_parenthesised_alternative_name_is_an_alias() -> None:
    text = "The road to Khankendi (Stepanakert) was closed; Khankendi stayed calm."
    marks = [("Khankendi", "GPE"), ("Stepanakert", "PERSON"), ("Khankendi", "GPE")]
    mentions = resolve_article(text, raw(text, *marks))
    assert [(m.text, m.key, m.label, m.name) for m in mentions] == [
        ("Khankendi", "khankendi", "GPE", "Khankendi"),
        ("Stepanakert", "khankendi", "GPE", "Khankendi"),
        ("Khankendi", "khankendi", "GPE", "Khankendi"),
    ]


def test_an_acronym_in_brackets_joins_its_organisation() -> None:
    text = "The Green Unity Party (GUP) won. GUP leaders cheered."
    marks = [("Green Unity Party", "ORG"), ("GUP", "ORG"), ("GUP", "ORG")]
    mentions = resolve_article(text, raw(text, *marks))
    assert {m.key for m in mentions} == {"green unity party"}


def test_a_place_in_brackets_after_a_person_stays_apart() -> None:
    text = "Mayor Ivo Sand (Vardenia) spoke. Vardenia agreed."
    marks = [("Ivo Sand", "PERSON"), ("Vardenia", "GPE"), ("Vardenia", "GPE")]
    mentions = resolve_article(text, raw(text, *marks))
    assert [m.key for m in mentions] == ["ivo sand", "vardenia", "vardenia"]


def test_the_article_majority_label_wins_and_ties_favour_places() -> None:
    text = "Lachin fell. Lachin rose. Lachin slept. Talks in Tovuz and Tovuz ended."
    marks = [("Lachin", "PERSON"), ("Lachin", "GPE"), ("Lachin", "GPE")]
    marks += [("Tovuz", "PERSON"), ("Tovuz", "GPE")]
    labels = [(m.text, m.label) for m in resolve_article(text, raw(text, *marks))]
    assert labels == [("Lachin", "GPE")] * 3 + [("Tovuz", "GPE")] * 2


def test_a_trimmed_region_noun_tips_the_vote_towards_a_place() -> None:
    text = "In the Vardenis region’s capital, Vardenis police and Vardenis officials met."
    marks = [("the Vardenis region’s", "FAC"), ("Vardenis", "ORG"), ("Vardenis", "ORG")]
    mentions = resolve_article(text, raw(text, *marks))
    assert [(m.text, m.label) for m in mentions] == [("Vardenis", "LOC")] * 3


def test_a_country_glued_to_a_person_is_split() -> None:
    text = "Vardenia sent envoys. The Ambassador to Vardenia Ivo Sand Petrov arrived."
    marks = [("Vardenia", "GPE"), ("Vardenia Ivo Sand Petrov", "ORG")]
    mentions = resolve_article(text, raw(text, *marks))
    assert [(m.text, m.label) for m in mentions] == [
        ("Vardenia", "GPE"),
        ("Vardenia", "GPE"),
        ("Ivo Sand Petrov", "PERSON"),
    ]


def test_an_organisation_named_after_a_country_is_not_split() -> None:
    text = "Vardenia is small. Staff of Vardenia National Oil Fund met."
    marks = [("Vardenia", "GPE"), ("Vardenia National Oil Fund", "ORG")]
    mentions = resolve_article(text, raw(text, *marks))
    assert [m.text for m in mentions] == ["Vardenia", "Vardenia National Oil Fund"]


def test_demonyms_and_countries_are_relabelled_from_the_article() -> None:
    text = "Vardenia voted. Vardenian poets and Tarkai dancers met. Tarkai troops left Tarka."
    marks = [("Vardenia", "GPE"), ("Vardenian", "PERSON"), ("Tarkai", "NORP")]
    marks += [("Tarkai", "NORP"), ("Tarka", "ORG")]
    labels = [(m.text, m.label) for m in resolve_article(text, raw(text, *marks))]
    assert labels == [
        ("Vardenia", "GPE"),
        ("Vardenian", "NORP"),
        ("Tarkai", "NORP"),
        ("Tarkai", "NORP"),
        ("Tarka", "GPE"),
    ]


def test_the_tail_of_a_place_is_labelled_a_place() -> None:
    text = "Fighting in Upper Vardenis ended; the Vardenis truce held."
    marks = [("Upper Vardenis", "GPE"), ("Vardenis", "ORG")]
    mentions = resolve_article(text, raw(text, *marks))
    assert [(m.key, m.label) for m in mentions] == [("upper vardenis", "GPE"), ("vardenis", "GPE")]


def test_numbers_and_dates_keep_their_labels_and_text_keys() -> None:
    text = "On May 8, 1992, some 6,000 people left; May said no."
    marks = [("May 8, 1992", "DATE"), ("6,000", "CARDINAL"), ("May", "PERSON")]
    mentions = resolve_article(text, raw(text, *marks))
    assert [(m.text, m.label, m.key) for m in mentions] == [
        ("May 8, 1992", "DATE", "may 8, 1992"),
        ("6,000", "CARDINAL", "6,000"),
        ("May", "PERSON", "may"),
    ]


def test_display_name_collapses_line_breaks_but_text_is_exact() -> None:
    text = "Minister Ada\nQuist spoke."
    (mention,) = resolve_article(text, raw(text, ("Minister Ada\nQuist", "PERSON")))
    assert (mention.text, mention.name, mention.key) == ("Ada\nQuist", "Ada Quist", "ada quist")


def test_duplicate_and_empty_raw_spans() -> None:
    text = "Baku, then."
    assert resolve_article(text, [(0, 4, "GPE"), (0, 4, "GPE"), (4, 6, "GPE"), (3, 3, "GPE")]) == [
        Mention(0, 4, "Baku", "GPE", "baku", "Baku")
    ]
    assert resolve_article("", []) == []


def test_two_places_joined_by_a_hyphen_are_split() -> None:
    text = "Vardenia and Tarkia met. The Vardenia-Tarkia border is calm; Tarkia-Lux is a firm."
    marks = [("Vardenia", "GPE"), ("Tarkia", "GPE"), ("Vardenia-Tarkia", "ORG")]
    mentions = resolve_article(text, raw(text, *marks, ("Tarkia-Lux", "ORG")))
    assert [(m.text, m.label) for m in mentions][2:] == [
        ("Vardenia", "GPE"),
        ("Tarkia", "GPE"),
        ("Tarkia-Lux", "ORG"),
    ]


def test_a_place_with_a_possessive_inside_is_cut_out() -> None:
    text = "Vardenia votes. Vardenia’s Energy chief spoke."
    mentions = resolve_article(text, raw(text, ("Vardenia", "GPE"), ("Vardenia’s Energy", "ORG")))
    assert [(m.text, m.label) for m in mentions] == [("Vardenia", "GPE"), ("Vardenia", "GPE")]


def test_place_cues_outvote_a_lone_person_guess() -> None:
    text = "Crowds gathered in Tovuz. On the road to Goris, Tovuz and Goris stayed calm."
    marks = [("Tovuz", "PERSON"), ("Goris", "PERSON"), ("Tovuz", "PERSON"), ("Goris", "PERSON")]
    labels = [(m.text, m.label) for m in resolve_article(text, raw(text, *marks))]
    assert labels == [("Tovuz", "GPE"), ("Goris", "GPE"), ("Tovuz", "GPE"), ("Goris", "GPE")]


def test_place_cues_spare_people_and_acronyms() -> None:
    text = "Selim Kaya won. Voters trust in Kaya held, and in Kaya’s party. Allies in NATO agree."
    marks = [("Selim Kaya", "PERSON"), ("Kaya", "PERSON"), ("Kaya", "PERSON"), ("NATO", "ORG")]
    labels = [(m.text, m.label) for m in resolve_article(text, raw(text, *marks))]
    assert labels == [("Selim Kaya", "PERSON"), ("Kaya", "PERSON"), ("Kaya", "PERSON"),
                      ("NATO", "ORG")]  # fmt: skip


def test_a_mixed_case_organisation_after_in_is_a_place() -> None:
    text = "The war in Upper-Vardenis ended."
    (mention,) = resolve_article(text, raw(text, ("Upper-Vardenis", "ORG")))
    assert mention.label == "GPE"


def test_plural_demonyms_and_countries_named_after_their_people() -> None:
    text = "Vardenia rejoiced. Vardenians cheered the Vardenian flag; Vardenia and Vardenia sang."
    marks = [("Vardenia", "GPE"), ("Vardenians", "ORG"), ("Vardenian", "NORP")]
    marks += [("Vardenia", "PERSON"), ("Vardenia", "PERSON")]
    labels = [(m.text, m.label) for m in resolve_article(text, raw(text, *marks))]
    assert labels == [("Vardenia", "GPE"), ("Vardenians", "NORP"), ("Vardenian", "NORP"),
                      ("Vardenia", "GPE"), ("Vardenia", "GPE")]  # fmt: skip


def test_an_acronym_in_brackets_joins_across_groups() -> None:
    text = "Gas flows through the Trans Vardenian Pipeline (TVP). TVP owners are pleased."
    marks = [("Trans Vardenian Pipeline", "ORG"), ("TVP", "ORG"), ("TVP", "ORG")]
    mentions = resolve_article(text, raw(text, *marks))
    assert {(m.key, m.label) for m in mentions} == {("trans vardenian pipeline", "FAC")}


def test_a_surname_filed_as_a_group_joins_its_person() -> None:
    text = "Nikol Avetyan spoke. Later Avetyan resigned."
    marks = [("Nikol Avetyan", "PERSON"), ("Avetyan", "NORP")]
    mentions = resolve_article(text, raw(text, *marks))
    assert [(m.key, m.label) for m in mentions] == [("nikol avetyan", "PERSON")] * 2


def test_acronyms_and_plural_groups_join_their_full_names() -> None:
    text = "The European Union and Vardenian officials met. EU envoys and Vardenians agreed."
    marks = [("European Union", "ORG"), ("Vardenian", "NORP"), ("EU", "GPE")]
    mentions = resolve_article(text, raw(text, *marks, ("Vardenians", "NORP")))
    assert [(m.text, m.key) for m in mentions] == [
        ("European Union", "european union"),
        ("Vardenian", "vardenian"),
        ("EU", "european union"),
        ("Vardenians", "vardenian"),
    ]


LABELS = st.sampled_from([*LABEL_GROUPS, "UNKNOWN"])


@st.composite
def article(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, str]]]:
    """Arbitrary text (names, titles, brackets, apostrophes) and arbitrary in-range spans."""
    pieces = st.sampled_from(
        ["The", "the", " ", "’s", "'s", "(", ")", "Minister", "Erdoğan", "Kaya", "region", ".",
         '"', "\n", "first", "lady", "Vardenia", "Vardenian", "-", "İ", "\u0301", "in ",
         "Ambassador to ", "Airport", "almost", "TVP"]
    )  # fmt: skip
    text = draw(st.one_of(st.text(max_size=80), st.lists(pieces, max_size=30).map("".join)))
    bound = st.integers(0, len(text))
    spans = draw(st.lists(st.tuples(bound, bound, LABELS), max_size=12))
    return text, [(min(a, b), max(a, b), label) for a, b, label in spans]


@settings(max_examples=400, deadline=None)
@given(article())
def test_resolve_never_raises_and_offsets_hold(case: tuple[str, list]) -> None:
    text, spans = case
    for mention in resolve_article(text, spans):
        assert mention.start < mention.end
        assert text[mention.start : mention.end] == mention.text
        assert mention.key and mention.name


def test_titles_mark_a_person_and_are_not_part_of_the_name() -> None:
    """Issue #11: "Mr <Name>" came out as an organisation."""
    text = "Mr Quell told MPs that Mrs Varga was wrong. Lord Ashby agreed with Dr. Okafor."
    marks = [("Mr Quell", "ORG"), ("Varga", "ORG"), ("Lord Ashby", "GPE"), ("Okafor", "NORP")]
    found = [(m.text, m.label) for m in resolve_article(text, raw(text, *marks))]
    assert found == [("Quell", "PERSON"), ("Varga", "PERSON"), ("Ashby", "PERSON"),
                     ("Okafor", "PERSON")]  # fmt: skip


def test_common_words_stop_words_and_clock_times_are_not_names() -> None:
    """Issue #11: "State" and "1500 GMT" were organisations, stop words entities."""
    text = (
        "State officials met at 1500 GMT. The state budget was cut, Gordon Brown said. "
        "Brown wore brown. It was late. IT staff and Labour agreed; Labour and Labour "
        "voters backed labour reform."
    )
    marks = [("State", "ORG"), ("1500 GMT", "ORG"), ("Gordon Brown", "PERSON"),
             ("Brown", "PERSON"), ("It", "ORG"), ("IT", "ORG"), ("Labour", "ORG"),
             ("Labour", "ORG"), ("Labour", "ORG")]  # fmt: skip
    found = [(m.text, m.label) for m in resolve_article(text, raw(text, *marks))]
    assert found == [("1500 GMT", "TIME"), ("Gordon Brown", "PERSON"), ("Brown", "PERSON"),
                     ("IT", "ORG"), ("Labour", "ORG"), ("Labour", "ORG"),
                     ("Labour", "ORG")]  # fmt: skip


def test_a_club_name_is_an_organisation() -> None:
    text = "Leeds United beat Bristol Rovers, and Mexico City hosted Real Madrid CF."
    marks = [("Leeds United", "PERSON"), ("Bristol Rovers", "GPE"), ("Mexico City", "GPE"),
             ("Real Madrid CF", "PERSON")]  # fmt: skip
    found = [(m.text, m.label) for m in resolve_article(text, raw(text, *marks))]
    assert found == [("Leeds United", "ORG"), ("Bristol Rovers", "ORG"), ("Mexico City", "GPE"),
                     ("Real Madrid CF", "ORG")]  # fmt: skip


def test_a_lower_case_word_never_folds_into_a_name_and_holidays_are_dates() -> None:
    """Issue #11: "bush" the shrub went into a president; "New Year" was an event."""
    text = "George Bush trimmed a bush before New Year. Bush said eBay sold it."
    marks = [("George Bush", "PERSON"), ("bush", "PERSON"), ("New Year", "EVENT"),
             ("Bush", "PERSON"), ("eBay", "ORG")]  # fmt: skip
    found = [(m.text, m.label, m.key) for m in resolve_article(text, raw(text, *marks))]
    assert found == [("George Bush", "PERSON", "george bush"), ("New Year", "DATE", "new year"),
                     ("Bush", "PERSON", "george bush"), ("eBay", "ORG", "ebay")]  # fmt: skip


def test_the_place_team_is_the_team_but_a_named_team_keeps_its_country() -> None:
    text = (
        "Wales beat the odds in Cardiff. The selectors praised the Wales side after a late "
        "rally, and Wales squad Harlequin Blue will travel next."
    )
    marks = [("Wales", "GPE"), ("Cardiff", "GPE"), ("Wales", "GPE"), ("Wales", "GPE")]
    mentions = resolve_article(text, raw(text, *marks))
    wales = [(m.label, m.key) for m in mentions if m.text == "Wales"]
    assert wales == [("GPE", "wales"), ("ORG", "wales (team)"), ("GPE", "wales")]


def test_an_acronym_is_never_taken_for_a_surname() -> None:
    text = "Leaders of the PDR met. Pro-Union PDR chief Lin Hao spoke, and the PDR won seats."
    marks = [("PDR", "ORG"), ("Pro-Union PDR", "PERSON"), ("Lin Hao", "PERSON"), ("PDR", "ORG")]
    mentions = resolve_article(text, raw(text, *marks))
    assert {(m.label, m.key) for m in mentions if m.text == "PDR"} == {("ORG", "pdr")}


def test_members_of_a_name_make_it_an_organisation() -> None:
    """The model splits "Orvanism" two to two between place and organisation; a tie goes
    to the place unless the text says people are members of it."""
    text = (
        "Orvanism runs schools. Critics of Orvanism spoke. Two former members of Orvanism "
        "said Orvanism kept their passports."
    )
    marks = [("Orvanism", "GPE"), ("Orvanism", "ORG"), ("Orvanism", "ORG"), ("Orvanism", "GPE")]
    mentions = resolve_article(text, raw(text, *marks))
    assert {m.label for m in mentions} == {"ORG"}
    place = text.replace("former members of", "former residents of")
    assert {m.label for m in resolve_article(place, raw(place, *marks))} == {"GPE"}


def test_a_surname_taken_for_a_place_joins_its_person_unless_used_as_a_place() -> None:
    text = "Petra Lindqvist left the firm. Staff had known Lindqvist for years."
    marks = [("Petra Lindqvist", "PERSON"), ("Lindqvist", "GPE")]
    mentions = resolve_article(text, raw(text, *marks))
    assert [(m.label, m.key) for m in mentions] == [("PERSON", "petra lindqvist")] * 2
    text = "Kevin Lincoln moved to Lincoln last spring."
    mentions = resolve_article(text, raw(text, ("Kevin Lincoln", "PERSON"), ("Lincoln", "GPE")))
    assert [(m.label, m.key) for m in mentions][1] == ("GPE", "lincoln")


def test_a_surname_glued_to_a_name_by_the_is_cut_off() -> None:
    text = (
        "Ines Marlow left the Orvan Society. According to Marlow the Orvan Society kept "
        "her papers. Marlow said the Orvan Society lied. Peter the Great had no say."
    )
    marks = [("Ines Marlow", "PERSON"), ("Orvan Society", "ORG")]
    marks += [("Marlow the Orvan Society", "ORG"), ("Peter the Great", "PERSON")]
    mentions = resolve_article(text, raw(text, *marks))
    assert {m.text: m.key for m in mentions} == {
        "Ines Marlow": "ines marlow",
        "Marlow": "ines marlow",
        "Orvan Society": "orvan society",
        "Peter the Great": "peter the great",
    }


def test_a_name_that_speaks_is_a_person_unless_the_article_uses_it_as_a_place() -> None:
    """Issue #11 "labels by evidence": a name followed by "said" is a person. GUM's
    defector article has the model call its subject "Paris" a place eleven times."""
    text = "Varesk left the ship in 2007. Varesk claims the crew kept her passport, Varesk said."
    marks = [("Varesk", "GPE"), ("Varesk", "GPE"), ("Varesk", "GPE")]
    assert {m.label for m in resolve_article(text, raw(text, *marks))} == {"PERSON"}
    place = "Talks in Varesk stalled. Varesk said no deal was near."
    assert {
        m.label for m in resolve_article(place, raw(place, ("Varesk", "GPE"), ("Varesk", "GPE")))
    } == {"GPE"}


def test_speech_never_makes_a_person_of_an_organisation_an_acronym_or_a_cut_name() -> None:
    """Organisations speak as often as people; "UN said" is not a surname; a place at
    the end of a longer name the model cut stays what it was."""
    text = "Orvex said profits fell. The UN said aid was late. Food Standards Norland said no."
    marks = [("Orvex", "ORG"), ("UN", "GPE"), ("Norland", "GPE")]
    found = [(m.text, m.label) for m in resolve_article(text, raw(text, *marks))]
    assert found == [("Orvex", "ORG"), ("UN", "GPE"), ("Norland", "GPE")]
