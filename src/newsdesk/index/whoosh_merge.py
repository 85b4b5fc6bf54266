"""Whoosh's segment writer, with merges that stream instead of sorting again.

Why: a fresh build commits a segment per batch, and Whoosh's ``MERGE_SMALL`` policy
merges them by pouring every posting of the merged segments into the commit's posting
pool, which sorts them all again. At 100,000 articles (schema 5, about 1,300 postings an
article) the first such merge came at 38,000 articles: the pool spilled 15 sorted runs
of ~290 MB to disk and merged them back item by item in Python, and the commit ran for
over 13 minutes (``docs/performance.md``). Optimising the 10,000-article NER index the
same way took 344 s.

But each segment's postings are already sorted by field, term and document, and the
documents of one merged segment all come after those of the one before it. So a merge
needs no sort: the terms of the new batch and of each merged segment are walked side by
side (a heap over terms, not postings), and each term's postings are written source
after source, read a block at a time from the term records (not a matcher call per
posting, not a second term lookup). The same 10,000-article merge: 344 → 97 s, with the
same postings, stored fields and lengths.

Two per-posting costs of every commit are taken out on the way (py-spy: 10 % and 21 % of
a merge): whether a field has a length column is asked once per field, not once per
posting, and each field's document lengths are read once into memory instead of one
seek and read per posting.

:func:`tiered` is the merge policy of a fresh build: segments fall into tiers by size
(the power of :data:`MERGE_FACTOR` of its document count), and a tier merges when it holds
:data:`MERGE_FACTOR` segments. Each posting is then merged about once per tenfold of the
archive (once at 100,000 articles built in 2,000-article batches), and the segments
left stay few (a search pays per segment: the 10,000-article index answered p50 15.6 ms
with 6 segments and 8.7 ms with one).

This module imports Whoosh's writing machinery: only indexing loads it.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.reading import SegmentReader
from whoosh.writing import SegmentWriter

MERGE_FACTOR = 10
"""Segments of one tier merged together; also the size ratio between tiers."""

Posting = tuple[int, Any, Any]
"""(document number, weight, value bytes) of one posting."""
TermPostings = tuple[str, bytes, list[Posting]]


class MergingWriter(SegmentWriter):  # type: ignore[misc]  # Whoosh is untyped
    """A ``SegmentWriter`` whose merged segments stream into the new one (see above)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._streams: list[Iterator[TermPostings]] = []
        self._merged: list[SegmentReader] = []

    def add_reader(self, reader: SegmentReader) -> None:
        """Copy the reader's stored fields and lengths now (as Whoosh does); its postings
        are read at the flush, in term order beside the others."""
        self._check_state()
        first = self.docnum
        fields = set(self.schema.names()) | {
            name for name in reader.indexed_field_names() if name in self.schema
        }
        docmap = self.write_per_doc(fields, reader)
        self._streams.append(segment_terms(reader, self.schema, first, docmap))
        self._added = True

    def merge_segments(self, segments: Sequence[Any]) -> None:
        """Merge ``segments`` into this writer's new segment (a merge policy's step)."""
        for segment in segments:
            reader = SegmentReader(self.storage, self.schema, segment)
            self._merged.append(reader)
            self.add_reader(reader)

    def per_document_reader(self) -> Any:
        return remember_lengths(super().per_document_reader())

    def _flush_segment(self) -> None:
        try:
            self.perdocwriter.close()
            lengths = self.per_document_reader() if self.codec.length_stats else None
            streams = [pool_terms(self.pool.iter_postings()), *self._streams]
            self.fieldwriter.add_postings(self.schema, lengths, merged_postings(streams))
            self.fieldwriter.close()
            if lengths is not None:
                lengths.close()
        finally:
            self._close_merged()

    def cancel(self) -> None:
        self._close_merged()
        super().cancel()

    def _close_merged(self) -> None:
        for reader in self._merged:
            reader.close()
        self._merged.clear()


def merged_postings(streams: Iterable[Iterator[TermPostings]]) -> Iterator[tuple[Any, ...]]:
    """Every posting of the sources in (field, term, document) order. Sources come in
    document order (the new batch, then each merged segment), and the heap keeps sources
    of one term in that order, so no posting list needs sorting."""
    merged = heapq.merge(*streams, key=lambda term: (term[0], term[1]))
    for fieldname, text, postings in merged:
        for docnum, weight, value in postings:
            yield fieldname, text, docnum, weight, value


def pool_terms(items: Iterable[tuple[Any, ...]]) -> Iterator[TermPostings]:
    """The commit's own sorted postings, grouped by term."""
    for (fieldname, text), group in itertools.groupby(items, key=lambda p: (p[0], p[1])):
        yield fieldname, text, [(p[2], p[3], p[4]) for p in group]


def segment_terms(
    reader: SegmentReader, schema: Any, first: int, docmap: dict[int, int] | None
) -> Iterator[TermPostings]:
    """A segment's terms in order, each with its postings renumbered into the new
    segment (``docmap`` when the segment has deletions, else ``first`` + number)."""
    terms = reader._terms  # W3TermsReader: its records hold where each posting list is
    for (fieldname, text), info in terms.items():
        if fieldname not in schema:
            continue
        ids, weights, values = _postings(terms, fieldname, text, info, schema[fieldname].format)
        if docmap is None:
            numbered = zip([first + docnum for docnum in ids], weights, values, strict=True)
            yield fieldname, text, list(numbered)
            continue
        live = [
            (docmap[d], w, v) for d, w, v in zip(ids, weights, values, strict=True) if d in docmap
        ]
        if live:
            yield fieldname, text, live


def _postings(
    terms: Any, fieldname: str, text: bytes, info: Any, format_: Any
) -> tuple[list[int], list[Any], list[Any]]:
    """A term's whole posting list, a block at a time."""
    matcher = terms._codec.postings_reader(terms._postfile, info, format_, term=(fieldname, text))
    if not isinstance(matcher, W3LeafMatcher):  # a short list inlined in the term record
        return _one_by_one(matcher)
    ids: list[int] = []
    weights: list[Any] = []
    values: list[Any] = []
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        matcher._read_values()
        ids.extend(matcher._ids)
        weights.extend(matcher._weights)
        values.extend(matcher._values)
        matcher._next_block()
    return ids, weights, values


def _one_by_one(matcher: Any) -> tuple[list[int], list[Any], list[Any]]:
    ids: list[int] = []
    weights: list[Any] = []
    values: list[Any] = []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        values.append(matcher.value())
        matcher.next()
    return ids, weights, values


def remember_lengths(reader: Any) -> Any:
    """The commit's per-document reader, answering "has a length column?" once per field
    and each field's document lengths from one read of the column."""
    ask_column, ask_length = reader.has_column, reader.doc_field_length
    columns: dict[str, bool] = {}
    lengths: dict[str, list[int | None]] = {}

    def has_column(fieldname: str) -> bool:
        if fieldname not in columns:
            columns[fieldname] = bool(ask_column(fieldname))
        return columns[fieldname]

    def doc_field_length(docnum: int, fieldname: str, default: int = 0) -> int | None:
        known = lengths.get(fieldname)
        if known is None:
            known = lengths[fieldname] = [
                ask_length(n, fieldname, default) for n in range(reader.doc_count_all())
            ]
        return known[docnum] if docnum < len(known) else ask_length(docnum, fieldname, default)

    reader.has_column = has_column
    reader.doc_field_length = doc_field_length
    return reader


def tiered(writer: MergingWriter, segments: Sequence[Any]) -> list[Any]:
    """Whoosh merge policy: the smallest tier holding :data:`MERGE_FACTOR` segments is
    merged into the new one; the rest stay as they are (see the module docstring)."""
    tiers: dict[int, list[Any]] = {}
    for segment in segments:
        tiers.setdefault(tier(segment.doc_count_all()), []).append(segment)
    chosen = next((t for _, t in sorted(tiers.items()) if len(t) >= MERGE_FACTOR), [])
    writer.merge_segments(chosen)
    merged = {id(segment) for segment in chosen}
    return [s for s in segments if id(s) not in merged]


def tier(documents: int) -> int:
    """A segment's size class: its document count's power of :data:`MERGE_FACTOR`
    (1–9 documents 0, 10–99 1, … 1,000–9,999 3), so a tier's merge lands in the next."""
    return int(math.log(max(documents, 1), MERGE_FACTOR) + 1e-9)
