"""Small, closed word lists the span-cleaning rules consult.

Kept short and boring on purpose: each list only has to recognise words that sit *next to*
a name in news prose (titles, generic place nouns, hedges), plus the few names that need an
exception to a rule ("The Hague", "McDonald's").
All entries are folded (see :func:`newsdesk.entities.normalize.fold`), with no trailing dot.
"""

from __future__ import annotations


def words(listing: str) -> frozenset[str]:
    """A word set from a whitespace-separated listing (easier to read and edit than quotes)."""
    return frozenset(listing.split())


TITLE_HEADS: frozenset[str] = words(
    """
    president minister ambassador envoy secretary spokesperson spokesman spokeswoman
    director chairman chairwoman chairperson chair ceo cfo coo governor gov senator sen
    rep representative congressman congresswoman mayor general gen lt col colonel capt
    captain sgt sergeant major admiral adm commander chancellor premier speaker judge
    justice prosecutor attorney mr mrs ms mx dr prof professor sir dame rev reverend
    mp mep officer adviser advisor undersecretary commissioner councillor councilor
    councilman councilwoman alderman lawmaker lord baroness
    """
)
"""Words that end a title: "Defense *Minister*", "*President*", "Communications *Director*"."""

COURTESY_TITLES: frozenset[str] = words("mr mrs ms mx dr sir dame lord baroness rev reverend")
"""Titles that only ever stand before a person: what follows is a person, whatever the
model said ("Mr Blair" tagged ORG, issue #11)."""

TITLE_MODIFIERS: frozenset[str] = words(
    """
    deputy vice prime foreign defense defence interior home finance economy economic
    health education justice energy trade communications communication presidential
    former acting interim chief senior assistant executive managing state national
    security culture agriculture environment transport labour labor digital industry
    information science affairs emergency emergencies family youth sports tourism
    development regional press public first permanent special lieutenant
    brigadier rear
    """
)
"""Words that may precede a title head inside one title: "*Deputy Prime* Minister"."""

TITLE_CONNECTORS: frozenset[str] = frozenset({"of", "for", "the", "and"})
"""Allowed inside a title, never at its end: "Secretary *of* State", "Minister *for* Energy"."""

TITLE_PAIRS: frozenset[tuple[str, str]] = frozenset(
    {("first", "lady"), ("first", "gentleman"), ("crown", "prince")}
)
"""Two-word titles whose second word is not a title on its own ("Lady Gaga" keeps "Lady")."""

THE_NAMES: frozenset[str] = words(
    """
    hague beatles guardian times sun economist hill independent observer telegraph
    atlantic spectator mirror
    """
)
"""Names whose leading "The" stays: The Hague, and one-word titles that are common nouns
without it ("The Guardian"). Other names drop it, so "the Washington Post" and "Washington
Post" get one key."""

DROP_THE_LABELS: frozenset[str] = frozenset(
    {"ORG", "FAC", "GPE", "LOC", "NORP", "EVENT", "LAW", "PRODUCT", "DATE", "TIME"}
)
"""Labels whose leading "the" is an article, not a word of the name (WORK_OF_ART keeps it).
For dates it goes too, so "the 1990s" and "1990s" share a key."""

APPROXIMATORS: tuple[tuple[str, ...], ...] = tuple(
    tuple(phrase.split())
    for phrase in (
        "just under", "just over", "more than", "less than", "fewer than", "at least",
        "up to", "well over", "about", "almost", "nearly", "roughly", "around", "some",
        "approximately", "over", "under", "only", "barely", "just",
    )
)  # fmt: skip
"""Leading hedges that are not part of a date or an amount: "*almost* three decades"."""

PLACE_NOUNS: frozenset[str] = words(
    """
    region province city town village district area county state territory territories
    republic peninsula valley corridor oblast governorate municipality enclave basin
    countryside mountains highlands border borders coast island islands capital
    """
)
"""Generic lowercase heads spaCy glues onto a place: "the Nagorno-Karabakh *region*"."""

CLUB_WORDS: frozenset[str] = words("fc afc cf sc united rovers wanderers athletic albion hotspur")
"""Last words that make a name a sports club, an organisation: "Leeds *United*", "Bristol
*Rovers*" (not "City" or "County": "Mexico City", "Kerry County" are places)."""

FACILITY_WORDS: frozenset[str] = words(
    """
    airport pipeline cathedral mosque church chapel synagogue temple monastery mausoleum
    station bridge street avenue boulevard square palace stadium arena tower railway
    highway motorway road tunnel canal dam port harbour harbor monument memorial
    corridor terminal spaceport cosmodrome
    """
)
"""Capitalised last words that make a name a facility: "Fuzuli International *Airport*"."""

ORG_WORDS: frozenset[str] = words(
    """
    party fund bank airlines airways company group council ministry forces army navy
    agency association union university institute foundation committee commission
    corporation corp inc ltd co holding holdings authority service services office
    assembly parliament court police guard front movement network news press times
    """
)
"""Words that mark the tail of an organisation name, never a person's name."""

ABBREVIATIONS: frozenset[str] = words("inc corp co ltd jr sr st bros plc llc mt ft dept univ")
"""Name-final words whose trailing dot belongs to the name ("Acme Inc.")."""

PLACE_PREPOSITIONS: frozenset[str] = frozenset({"to", "in", "for", "from", "of", "at"})
"""Link a title to the country it serves: "Ambassador *to* Azerbaijan Cahit Bağcı"."""

PLACE_CUES: frozenset[str] = words("in near outside inside across into throughout")
"""Words after which a capitalised name is a place, not a person: "talks *in* Shusha"."""

MOTION_WORDS: frozenset[str] = words(
    """
    trip visit visits visited road roads way route journey flight flights flew fly travel
    travelled traveled travels drive drove return returned returning moved went came
    arrived arrives arrive fled headed march marched railway rail bus buses convoy
    """
)
"""Before "to"/"from" they make the next name a destination: "the road *to* Shusha"."""

DEMONYM_SUFFIXES: tuple[str, ...] = ("ian", "ese", "ish", "an", "i", "n")
"""Place name + suffix = demonym: Azerbaijan+i, Armenia+n, Russia+n, Georgia+n."""

APOSTROPHE_S_NAMES: frozenset[str] = words(
    """
    mcdonald's macy's sainsbury's kellogg's moody's lloyd's denny's wendy's domino's
    hershey's sotheby's christie's kohl's applebee's dillard's harrod's levi's
    """
)
"""Names that end in "'s" themselves, so the possessive rule leaves them whole."""

CALENDAR_WORDS: frozenset[str] = words(
    """
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    """
)
"""Months and weekdays: a name spelt like one ("Theresa May", "Dan Friday") is not looked
for again in its article (:mod:`.gazetteer`): "in May" is the month."""
