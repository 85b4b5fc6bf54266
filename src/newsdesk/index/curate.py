"""Applying the user's alias file to a live index, without running NER again.

The catalogue is rebuilt from the stored mentions (``catalogue.rebuild``) in the live
generation, under the writer lock, in one SQLite transaction: readers in other threads
and processes see the old catalogue or the new one, never half of each.
"""

from __future__ import annotations

from pathlib import Path

from newsdesk.errors import IndexBusy
from newsdesk.index import catalogue, layout
from newsdesk.index.generation import STORE_FILE
from newsdesk.index.store import Store
from newsdesk.settings import Settings


def recatalogue(index_dir: Path, settings: Settings) -> bool:
    """Rebuild the live catalogue; ``False`` when there is no index yet.

    Raises ``IndexBusy`` while an indexer runs: the alias file is already saved, and that
    indexer's own catalogue rebuild (or the next run) applies it.
    """
    with layout.writer_lock(index_dir):
        live = layout.current_generation(index_dir)
        if live is None:
            return False
        store = Store(live / STORE_FILE)
        try:
            catalogue.rebuild(store, settings)
        finally:
            store.close()
    return True


__all__ = ["IndexBusy", "recatalogue"]
