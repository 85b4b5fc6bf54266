"""A corpus that cannot be looked at changes nothing: unmounted is not deleted."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newsdesk.errors import CorpusUnavailable
from newsdesk.library import open_library
from newsdesk.settings import Settings
from reliability_helpers import FakeRecognizer, make_corpus


def _indexed(corpus: Path, index_dir: Path, settings: Settings) -> int:
    library = open_library(corpus, index_dir=index_dir, settings=settings)
    try:
        library.refresh(recognizer=FakeRecognizer())
        return library.article_count()
    finally:
        library.close()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(n_process=1, alias_file=tmp_path / "aliases.toml")


def test_a_vanished_corpus_folder_is_one_error_and_keeps_the_index(
    tmp_path: Path, settings: Settings
) -> None:
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    make_corpus(corpus, 6)
    assert _indexed(corpus, index_dir, settings) == 6
    shutil.rmtree(corpus)
    with pytest.raises(CorpusUnavailable, match=r"cannot open the corpus folder .*nothing changed"):
        _indexed(corpus, index_dir, settings)
    corpus.write_text("a file where the folder was")
    with pytest.raises(CorpusUnavailable, match="not a folder"):
        _indexed(corpus, index_dir, settings)
    reader = open_library(None, index_dir=index_dir, settings=settings)
    assert reader.article_count() == 6
    reader.close()


def test_a_subfolder_that_cannot_be_opened_keeps_its_articles(
    tmp_path: Path, settings: Settings
) -> None:
    """``archive/2021`` became a link to an unmounted disk: its articles stay indexed
    and the folder is reported; a file really deleted elsewhere still goes."""
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    make_corpus(corpus / "2021", 4)
    kept = make_corpus(corpus / "2022", 3)
    assert _indexed(corpus, index_dir, settings) == 7
    shutil.rmtree(corpus / "2021")
    (corpus / "2021").symlink_to(tmp_path / "unmounted-disk", target_is_directory=True)
    kept[0].unlink()
    assert _indexed(corpus, index_dir, settings) == 6
