"""RSS and Atom feeds: entries as articles, broken feeds, and hostile XML."""

from __future__ import annotations

import io
import time
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest

from ingest_helpers import read
from newsdesk.ingest import IngestError

UNSAFE = "unsafe XML: entity declarations are not allowed"

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Coast Radio News</title>
  <link>https://coast.example/</link>
  <item>
    <title>Lighthouse gets new keeper</title>
    <link>https://coast.example/lighthouse</link>
    <guid isPermaLink="false">coast-1</guid>
    <pubDate>Tue, 15 Jun 2021 10:00:00 +0200</pubDate>
    <dc:creator>E. Keeper</dc:creator>
    <category>Local</category>
    <category>People</category>
    <description>Short summary only.</description>
    <content:encoded><![CDATA[<p>The lighthouse has a <b>new</b> keeper.</p>
      <p>She starts in July.</p><script>steal()</script><style>p{}</style>]]></content:encoded>
  </item>
  <item>
    <title>Storm warning</title>
    <guid>https://coast.example/storm</guid>
    <description>&lt;p&gt;Gales expected.&lt;/p&gt;&lt;p&gt;Stay in port.&lt;/p&gt;</description>
    <source url="https://met.example/rss">Met Office Feed</source>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Hill Town Diary</title>
  <id>urn:hill</id>
  <updated>2021-06-16T00:00:00Z</updated>
  <entry>
    <title type="html">Fair &lt;em&gt;returns&lt;/em&gt;</title>
    <id>urn:hill:1</id>
    <updated>2021-06-16T07:30:00Z</updated>
    <author><name>F. Diarist</name></author>
    <link href="https://hill.example/fair"/>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">
      <p>The summer fair is back.</p><p>Stalls open at nine.</p></div></content>
  </entry>
</feed>
"""

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>t</title>
<item><title>&lol9;</title><description>&lol9;</description></item>
</channel></rss>
"""


def external_entity_feed(target: Path, parameter: bool = False) -> str:
    """A feed that tries to pull ``target`` into an entry (XXE)."""
    declaration = (
        f'<!ENTITY % p SYSTEM "{target.as_uri()}"> %p;'
        if parameter
        else f'<!ENTITY x SYSTEM "{target.as_uri()}">'
    )
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [ {declaration} ]>\n'
        '<rss version="2.0"><channel><title>t</title>'
        "<item><title>leak &x;</title><description>body &x;</description></item>"
        "</channel></rss>"
    ).replace("&x;", "" if parameter else "&x;")


def test_rss_entries(tmp_path: Path) -> None:
    result = read(tmp_path, "coast.rss", RSS)
    assert result.warnings == []
    first, second = result.articles
    assert first.title == "Lighthouse gets new keeper"
    assert first.body == "The lighthouse has a new keeper.\n\nShe starts in July."
    assert first.date == datetime(2021, 6, 15, 8, tzinfo=UTC)
    assert first.author == "E. Keeper"
    assert first.url == "https://coast.example/lighthouse"
    assert first.tags == ("Local", "People")
    assert first.source == "Coast Radio News"
    assert first.format == "rss"
    assert second.body == "Gales expected.\n\nStay in port."
    assert second.source == "Met Office Feed"
    assert second.url == "https://coast.example/storm"
    assert second.date is None
    assert first.id != second.id


def test_atom_entry(tmp_path: Path) -> None:
    (article,) = read(tmp_path, "hill.atom", ATOM).articles
    assert article.title == "Fair returns"
    assert article.body == "The summer fair is back.\n\nStalls open at nine."
    assert article.date == datetime(2021, 6, 16, 7, 30, tzinfo=UTC)
    assert article.author == "F. Diarist"
    assert article.url == "https://hill.example/fair"
    assert article.source == "Hill Town Diary"
    assert article.format == "atom"


def test_xml_suffix_feed_reports_its_real_format(tmp_path: Path) -> None:
    result = read(tmp_path, "hill.xml", ATOM)
    assert [a.format for a in result.articles] == ["atom"]


def test_declared_latin1_feed(tmp_path: Path) -> None:
    text = RSS.replace('encoding="utf-8"', 'encoding="ISO-8859-1"').replace("keeper", "gardé")
    result = read(tmp_path, "latin.rss", text.encode("latin-1"))
    assert result.warnings == []
    assert result.articles[0].title == "Lighthouse gets new gardé"


def test_unparsed_date_string_warns(tmp_path: Path) -> None:
    text = RSS.replace("Tue, 15 Jun 2021 10:00:00 +0200", "sometime in spring")
    result = read(tmp_path, "d.rss", text)
    assert result.articles[0].date is None
    assert result.warnings == ["entry 1: date not understood: 'sometime in spring'"]


def test_ill_formed_feed_with_entries_is_read_leniently(tmp_path: Path) -> None:
    text = RSS.replace("Short summary only.", "Caf&eacute; &nbsp; summary")
    result = read(tmp_path, "loose.rss", text)
    assert len(result.articles) == 2
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith("feed is not well-formed XML (undefined entity")


@pytest.mark.parametrize("name", ["broken.rss", "broken.atom"])
def test_broken_feed_is_an_error_naming_the_xml_error(tmp_path: Path, name: str) -> None:
    with pytest.raises(IngestError, match=r"^not valid XML: .*line \d+, column \d+"):
        read(tmp_path, name, '<rss version="2.0"><channel><title>t</title></rss>')


def test_feed_file_that_is_not_a_feed(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"^not an RSS or Atom feed$"):
        read(tmp_path, "x.rss", "<config><option/></config>")


@pytest.mark.parametrize(
    "text", ["<config><option/></config>", "<config><unclosed></config>", "plain words"]
)
def test_xml_that_is_not_a_feed_is_quietly_empty(tmp_path: Path, text: str) -> None:
    result = read(tmp_path, "settings.xml", text)
    assert result.articles == [] and result.warnings == []


def test_empty_feed_is_fine(tmp_path: Path) -> None:
    result = read(tmp_path, "e.rss", '<rss version="2.0"><channel><title>t</title></channel></rss>')
    assert result.articles == [] and result.warnings == []


def test_entries_without_text(tmp_path: Path) -> None:
    text = (
        '<rss version="2.0"><channel><title>t</title>'
        "<item><title>Title only</title></item>"
        "<item><title>Has text</title><description>Words.</description></item>"
        "</channel></rss>"
    )
    result = read(tmp_path, "t.rss", text)
    assert [a.title for a in result.articles] == ["Has text"]
    assert result.warnings == ["entry 1: no article text; skipped"]


@pytest.mark.parametrize("name", ["laughs.rss", "laughs.atom", "laughs.xml"])
def test_billion_laughs_is_refused_quickly(tmp_path: Path, name: str) -> None:
    started = time.monotonic()
    with pytest.raises(IngestError) as caught:
        read(tmp_path, name, LAUGHS)
    assert str(caught.value) == UNSAFE
    assert time.monotonic() - started < 30  # an expanded bomb would take hours, not seconds


def test_entities_in_an_ill_formed_prolog_are_refused(tmp_path: Path) -> None:
    text = '<!DOCTYPE rss [ <!ENTITY a "b"> <!BROKEN> ]><rss version="2.0"></rss>'
    with pytest.raises(IngestError, match=f"^{UNSAFE}$"):
        read(tmp_path, "b.rss", text)


@pytest.mark.parametrize("parameter", [False, True])
def test_external_entities_are_refused(tmp_path: Path, parameter: bool) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    with pytest.raises(IngestError, match=f"^{UNSAFE}$"):
        read(tmp_path / "corpus", "xxe.rss", external_entity_feed(secret, parameter))


@pytest.mark.parametrize("parameter", [False, True])
def test_feedparser_itself_never_resolves_external_entities(
    tmp_path: Path, parameter: bool
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    data = external_entity_feed(secret, parameter).encode()
    parsed = feedparser.parse(io.BytesIO(data))
    assert parsed.entries, "the feed was read, so an entity would have been resolved"
    assert "TOP-SECRET-VALUE" not in repr(parsed)


def test_doctype_without_entities_is_allowed(tmp_path: Path) -> None:
    text = RSS.replace(
        '<?xml version="1.0" encoding="utf-8"?>',
        '<?xml version="1.0"?>\n<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"'
        ' "http://my.netscape.com/publish/formats/rss-0.91.dtd">',
    )
    assert len(read(tmp_path, "ns.rss", text).articles) == 2


def test_duplicate_guids_still_get_distinct_ids(tmp_path: Path) -> None:
    item = "<item><guid>same</guid><title>{0}</title><description>{0} text</description></item>"
    text = f'<rss version="2.0"><channel>{item.format("A")}{item.format("B")}</channel></rss>'
    ids = [a.id for a in read(tmp_path, "dup.rss", text).articles]
    assert len(set(ids)) == 2


@pytest.mark.parametrize(
    "declared", ["base64", "rot13", "punycode", "UTF-16", "undefined", "nonsense"]
)
def test_useless_declared_encodings_are_ignored(tmp_path: Path, declared: str) -> None:
    text = RSS.replace('encoding="utf-8"', f'encoding="{declared}"')
    result = read(tmp_path, "odd.rss", text.encode("utf-8"))
    assert result.warnings == []
    assert [a.title for a in result.articles] == ["Lighthouse gets new keeper", "Storm warning"]


def test_feed_declared_utf8_but_legacy_bytes(tmp_path: Path) -> None:
    text = RSS.replace("new keeper", "nouveau gardien à l’île")
    result = read(tmp_path, "legacy.rss", text.encode("cp1252"))
    assert result.warnings == ["decoded as Windows-1252 (not valid UTF-8)"]
    assert result.articles[0].title == "Lighthouse gets nouveau gardien à l’île"


def test_utf16_feed_with_bom(tmp_path: Path) -> None:
    text = RSS.replace('encoding="utf-8"', 'encoding="UTF-16"').replace("keeper", "Wärter")
    result = read(tmp_path, "wide.rss", text.encode("utf-16"))
    assert result.warnings == []
    assert result.articles[0].title == "Lighthouse gets new Wärter"
