"""Refusing hostile XML before any feed parser sees it.

A feed from an untrusted archive may declare entities: nested internal ones expand
exponentially ("billion laughs"), external ones (``SYSTEM "file:///etc/passwd"``)
would pull local files into an article. No real feed needs entity declarations, so
any document that has them is refused outright. defusedxml does the detection with
expat: its entity-declaration handler fires as soon as one is declared, before any
entity is expanded. feedparser itself also strips unsafe declarations and disables
external entities; this guard is the policy in front of it.
"""

from __future__ import annotations

import re

import defusedxml
from defusedxml import ElementTree as SafeTree

from newsdesk.ingest.base import IngestError

UNSAFE = "unsafe XML: entity declarations are not allowed"
_ENTITY_DECLARATION = re.compile(r"<!ENTITY", re.IGNORECASE)
_FIRST_ELEMENT = re.compile(r"<[A-Za-z_]")


def check_xml(text: str) -> str | None:
    """``None`` for well-formed XML, else the parse error; raises for entity declarations.

    A document that is not well-formed (many real feeds are not) is still refused if
    its prolog declares entities, since a lenient parser would read those too.
    """
    try:
        SafeTree.fromstring(text, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException:
        raise IngestError(UNSAFE) from None
    except SafeTree.ParseError as exc:
        if _declares_entities(text):
            raise IngestError(UNSAFE) from None
        return str(exc)
    return None


def _declares_entities(text: str) -> bool:
    """Whether ``<!ENTITY`` appears before the first element (in the prolog)."""
    first = _FIRST_ELEMENT.search(text)
    prolog = text[: first.start()] if first else text
    return _ENTITY_DECLARATION.search(prolog) is not None
