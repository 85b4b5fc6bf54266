"""One article never stops a run: a failure in NER, cleaning or linking costs that article's
entities (one report line naming its file), never the index (issue #11)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import ROOT, write
from newsdesk.cli import main
from newsdesk.entities import Recognizer, resolve
from newsdesk.library import Library, open_library
from newsdesk.settings import Settings

RESULTS_TABLE = ROOT / "tests" / "data" / "entities" / "results_table.txt"
"""A results table (club names, then numbers) and a match report, written here in the shape
of the archive article that made linking raise ``min() arg is an empty sequence``."""

MARKER = "Zebediah"
"""A word only the article meant to fail contains."""

OTHERS = {
    "budget.txt": "Budget vote delayed\n\nThe finance minister Helena Varga said on Tuesday "
    "that the vote in Budapest would wait. Varga told the Hungarian parliament why.\n",
    "harbour.txt": "Harbour reopens\n\nThe port of Valletta reopened after the storm, "
    "the Maltese transport authority said. Captain Joseph Zammit led the first ferry.\n",
}
FAILING = (
    "Choir wins prize\n\nThe choir of Zebediah Okafor won the county prize in Leeds. "
    "Okafor thanked the Leeds Music Society for its support.\n"
)


def corpus(folder: Path, *extra: tuple[str, str]) -> Path:
    for name, text in [*OTHERS.items(), *extra]:
        write(folder / "corpus", name, text)
    return folder / "corpus"


@pytest.fixture
def indexed(tmp_path: Path, settings: Settings) -> Iterator[Library]:
    lib = open_library(corpus(tmp_path, ("choir.txt", FAILING)), tmp_path / "index", settings)
    yield lib
    lib.close()


def mentions_by_file(lib: Library) -> dict[str, list[str]]:
    return {Path(a.path).name: [m.text for m in lib.mentions(a.id)] for a in lib.list_articles()}


def test_the_results_table_text_indexes_with_every_other_article(
    tmp_path: Path, settings: Settings
) -> None:
    folder = corpus(tmp_path, ("results.txt", RESULTS_TABLE.read_text(encoding="utf-8")))
    lib = open_library(folder, tmp_path / "index", settings)
    try:
        report = lib.refresh()
        found = mentions_by_file(lib)
    finally:
        lib.close()
    assert report.added == 3 and not report.warnings
    assert "Helena Varga" in found["budget.txt"] and "Valletta" in found["harbour.txt"]
    assert "BB" in found["results.txt"] and "Orrell Lions" in found["results.txt"]


def test_newsdesk_entities_on_the_results_table_prints_them() -> None:
    result = CliRunner().invoke(main, ["entities", str(RESULTS_TABLE)])
    assert result.exit_code == 0, result.output
    assert "Orrell Lions" in result.output and "Traceback" not in result.output


class _Exploding(resolve.Entities):
    """Linking that fails on the marked article only."""

    def link(self) -> None:
        if MARKER in self.text:
            raise ValueError("injected linking failure")
        super().link()


def _failing_cleaning(text: str, raw: object) -> list[resolve.Span]:
    if MARKER in text:
        raise ValueError("injected cleaning failure")
    return _CLEAN_ALL(text, raw)  # type: ignore[arg-type]


_CLEAN_ALL = resolve.clean_all


def _exploding_recognizer(settings: Settings) -> Recognizer:
    """The real pipeline plus a component that raises on the marked text, after NER."""
    from spacy.language import Language

    if not Language.has_factory("newsdesk_test_explode"):

        @Language.component("newsdesk_test_explode")
        def explode(doc):  # type: ignore[no-untyped-def]
            if MARKER in doc.text:
                raise RuntimeError("injected NER failure")
            return doc

    recognizer = Recognizer(settings.spacy_model, n_process=1)
    recognizer.nlp.add_pipe("newsdesk_test_explode", last=True)
    return recognizer


@pytest.mark.parametrize("stage", ["NER", "cleaning", "linking"])
def test_a_failure_in_any_stage_costs_one_article_its_entities(
    stage: str, indexed: Library, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    recognizer = None
    if stage == "NER":
        recognizer = _exploding_recognizer(settings)
    elif stage == "cleaning":
        monkeypatch.setattr(resolve, "clean_all", _failing_cleaning)
    else:
        monkeypatch.setattr(resolve, "Entities", _Exploding)
    report = indexed.refresh(recognizer=recognizer)
    assert report.added == 3 and not report.skipped
    [warning] = report.warnings
    assert warning.path.endswith("choir.txt")
    assert f"{stage} failed" in warning.message and "skipped" in warning.message
    found = mentions_by_file(indexed)
    assert "Helena Varga" in found["budget.txt"] and "Joseph Zammit" in found["harbour.txt"]
    # Linking failed: the names found are kept, each as itself; earlier stages: none.
    assert ("Zebediah Okafor" in found["choir.txt"]) == (stage == "linking")
    assert indexed.search("Zebediah").total == 1


def test_a_failing_text_in_a_batch_leaves_its_neighbours_their_entities(
    settings: Settings,
) -> None:
    """Through ``nlp.pipe``: the texts in flight are retried one by one."""
    recognizer = _exploding_recognizer(settings)
    texts = ["Helena Varga spoke in Budapest.", FAILING, "Joseph Zammit sailed to Valletta."]
    results = list(recognizer.extract_many(texts))
    assert [bool(r.problem) for r in results] == [False, True, False]
    assert results[1].problem.startswith("NER failed: RuntimeError: injected NER failure")
    assert {m.text for m in results[2]} >= {"Joseph Zammit", "Valletta"}


def test_an_error_of_the_input_stream_is_not_an_articles_failure(settings: Settings) -> None:
    def texts() -> Iterator[str]:
        yield "Helena Varga spoke in Budapest."
        raise OSError("disk went away")

    recognizer = Recognizer(settings.spacy_model, n_process=1)
    with pytest.raises(OSError, match="disk went away"):
        list(recognizer.extract_many(texts()))


def test_newsdesk_entities_says_in_one_line_what_was_skipped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(resolve, "Entities", _Exploding)
    result = CliRunner().invoke(main, ["entities", "-"], input=FAILING)
    assert result.exit_code == 0
    assert "Zebediah Okafor" in result.stdout
    assert result.stderr.count("\n") == 1 and "linking failed" in result.stderr
