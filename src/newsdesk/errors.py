"""What a front end may catch: every failure newsdesk explains to its user.

Each error's ``str()`` is one line for the user, naming what went wrong and, where there
is one, the command that fixes it. Front ends (the reader, the command line) import
errors from here and from nowhere else, so they never reach into the modules (Whoosh,
SQLite, spaCy) that raise them.
"""

from __future__ import annotations

import shlex
from pathlib import Path


class NewsdeskError(Exception):
    """Base of every error meant for the user; ``str()`` is one line."""


class IndexDamaged(NewsdeskError):
    """The index on disk cannot be read; the message says what to run.

    ``corpus`` is filled in by whoever knows it (the library), so the command named is
    one the user can paste: ``newsdesk index`` needs the corpus folder.
    """

    def __init__(self, where: Path, reason: str, corpus: Path | None = None) -> None:
        super().__init__(where, reason)
        self.where, self.reason, self.corpus = where, reason, corpus

    def command(self) -> str:
        return f"newsdesk index {shlex.quote(str(self.corpus)) if self.corpus else 'PATH'}"

    def __str__(self) -> str:
        fix = f"{self.command()} --rebuild"
        return f"the index in {self.where} is damaged ({self.reason}); run {fix}"


class NotIndexed(IndexDamaged):
    """No index has been published in the folder yet: asking it anything is an error,
    not an empty answer. A kind of ``IndexDamaged`` so every front end that reports
    damage in one line (the CLI, the reader's notifications) reports this too."""

    def __str__(self) -> str:
        return f"not indexed: {self.where} holds no index yet; run {self.command()}"


class NotAnIndex(NewsdeskError):
    """The index folder holds files newsdesk did not make; nothing was written in it."""


class OtherCorpus(NewsdeskError):
    """The index folder holds the index of another corpus folder. Updating it would
    remove every article of that corpus, and reading it would answer for the wrong
    one: both are refused in one line naming the way out."""

    def __init__(self, index_dir: Path, built: str, corpus: Path) -> None:
        super().__init__(
            f"{index_dir} holds the index of {built}, not of {corpus}: choose another "
            f"folder with --index, or run newsdesk index {shlex.quote(str(corpus))} --rebuild "
            "to replace it"
        )


class IndexBusy(NewsdeskError):
    """Another indexer holds this index; the message says which process."""


class CorpusUnavailable(NewsdeskError):
    """The corpus folder cannot be opened (unmounted, moved, no permission): nothing is
    changed, since its articles are not known to be gone."""


class QueryError(NewsdeskError, ValueError):
    """A query that cannot run (bad syntax, too long, too slow)."""


class QueryTooSlow(QueryError):
    """A query past its time limit: apart from the other query errors because a caller
    that already holds an answer (a first page, its count still running) may keep it."""


class SearchCancelled(NewsdeskError):
    """The caller no longer wants this search (the user typed on): nothing to show."""


class ModelMissing(NewsdeskError):
    """The configured spaCy model cannot be loaded; the message names the fix."""


class IndexUnwritable(NewsdeskError):
    """The index folder cannot be written (a full disk, permissions); what was committed
    is kept, and the message says so."""


class WorkerDied(NewsdeskError):
    """An NER worker process died (the OOM killer, a signal); the run stops in one line."""


class AliasFileError(NewsdeskError):
    """The user's alias file exists but cannot be used; the message says why."""


class StateUnavailable(NewsdeskError):
    """The user's state file (read marks, stars, labels, notes, saved searches) cannot be
    used: locked, damaged or unwritable. Reading goes on without it; nothing in it is
    deleted or replaced."""
