"""A build hands each file to Whoosh as it comes out of NER, not when its batch is full.

Analysing documents is most of Whoosh's work. Done at the commit, the last batch's
analysis waited for NER to end and then ran on one core with the other idle: at 2,000
articles the whole build's Whoosh work came after NER.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from whoosh.writing import SegmentWriter

import newsdesk.entities
from helpers import write
from newsdesk.library import open_library
from newsdesk.models import Mentions
from newsdesk.settings import Settings

WAIT = 60.0
"""A hang guard, not a timing: the old code made NER wait this long, then failed."""


def test_whoosh_takes_a_file_while_ner_is_still_on_the_next(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    for n, town in enumerate(["Lisbon", "Porto", "Braga"], 1):
        write(corpus, f"{n}.txt", f"Title: News from {town}\n\nThe mayor of {town} spoke.\n")
    reached = threading.Event()
    add_document = SegmentWriter.add_document

    def add(self: SegmentWriter, **fields: object) -> None:
        reached.set()
        add_document(self, **fields)

    monkeypatch.setattr(SegmentWriter, "add_document", add)
    waited: list[bool] = []

    class Waiting(newsdesk.entities.Recognizer):
        """The real recognizer; the second file's entities wait for Whoosh to have the first."""

        def extract_many(self, texts: Iterable[str], single: bool = False) -> Iterator[Mentions]:
            for n, mentions in enumerate(super().extract_many(texts, single)):
                if n == 1:
                    waited.append(reached.wait(WAIT))
                yield mentions

    monkeypatch.setattr(newsdesk.entities, "Recognizer", Waiting)
    library = open_library(corpus, index_dir=tmp_path / "index", settings=settings)
    try:
        report = library.refresh()
        assert waited == [True]
        assert report.added == 3 and library.article_count() == 3
        assert library.search("mayor Porto").total == 1
    finally:
        library.close()
