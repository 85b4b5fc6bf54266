"""The article as its own gazetteer (issue #11): a name the model found once marks its
other occurrences in the same article, on text written here."""

from __future__ import annotations

from helpers import raw_spans as raw
from newsdesk.entities import resolve_article
from newsdesk.models import Mention

TEXT = (
    "Ana Velasco chairs the Harbour Trust. Velasco said the trust would sell the quay. "
    "Critics of Velasco disagreed, and Harbour Trust staff voted against. "
    "Port Velasco Holdings, a rival, kept quiet. Ms Velasco agreed."
)


def found(text: str, *marks: tuple[str, str]) -> list[Mention]:
    return resolve_article(text, raw(text, *marks))


def test_a_name_found_once_marks_its_other_occurrences() -> None:
    marks = [("Ana Velasco", "PERSON"), ("Harbour Trust", "ORG"), ("Velasco", "PERSON")]
    mentions = found(TEXT, *marks)
    velasco = [(TEXT[: m.start].count("Velasco"), m.key) for m in mentions if m.text == "Velasco"]
    assert velasco == [(1, "ana velasco"), (2, "ana velasco"), (4, "ana velasco")]
    trust = [m for m in mentions if m.text == "Harbour Trust"]
    assert len(trust) == 2 and {m.label for m in trust} == {"ORG"}


def test_no_echo_inside_a_longer_name_or_as_a_sentences_common_word() -> None:
    mentions = found(TEXT, ("Velasco", "PERSON"))
    assert TEXT.index("Velasco Holdings") not in {m.start for m in mentions}
    text = "Patience Obi thanked Patience, and Patience smiled. Patience ran out; patience went."
    marks = [("Patience Obi", "PERSON"), ("Patience", "PERSON"), ("Patience", "PERSON")]
    assert [m.text for m in found(text, *marks)] == ["Patience Obi", "Patience", "Patience"]


def test_case_and_whole_words_count() -> None:
    text = "Kell met the press. KELL PLEDGE, the Kellers said; the Kell-Orr deal and Kell left."
    mentions = found(text, ("Kell", "PERSON"))
    assert [m.start for m in mentions] == [0, text.rindex("Kell")]


def test_echoes_cast_no_label_vote() -> None:
    """One PERSON and one ORG guess tie (ORG wins a tie with PERSON); three more plain
    occurrences must not turn the tie into a PERSON majority."""
    text = "Orvel grew. Orvel hired staff. Shares in Orvel rose; Orvel and Orvel gained."
    mentions = found(text, ("Orvel", "PERSON"), ("Orvel", "ORG"))
    assert len(mentions) == 5
    assert {m.label for m in mentions} == {"ORG"}


def test_a_name_spelt_like_a_month_is_not_looked_for_again() -> None:
    text = "Theresa Hale met May at noon. May said the vote would come in May."
    mentions = found(text, ("Theresa Hale", "PERSON"), ("May", "PERSON"), ("May", "PERSON"))
    assert [m.text for m in mentions] == ["Theresa Hale", "May", "May"]
