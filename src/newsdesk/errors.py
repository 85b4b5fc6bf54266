"""What a front end may catch: every failure newsdesk explains to its user.

Each error's ``str()`` is one line for the user, naming what went wrong and, where there
is one, the command that fixes it. Front ends (the reader, the command line) import
errors from here and from nowhere else, so they never reach into the modules (Whoosh,
SQLite, spaCy) that raise them.
"""

from __future__ import annotations


class NewsdeskError(Exception):
    """Base of every error meant for the user; ``str()`` is one line."""


class IndexDamaged(NewsdeskError):
    """The index on disk cannot be read; the message says what to run."""


class IndexBusy(NewsdeskError):
    """Another indexer holds this index; the message says which process."""


class CorpusUnavailable(NewsdeskError):
    """The corpus folder cannot be opened (unmounted, moved, no permission): nothing is
    changed, since its articles are not known to be gone."""


class QueryError(NewsdeskError, ValueError):
    """A query that cannot run (bad syntax, too long, too slow)."""


class SearchCancelled(NewsdeskError):
    """The caller no longer wants this search (the user typed on): nothing to show."""


class ModelMissing(NewsdeskError):
    """The configured spaCy model cannot be loaded; the message names the fix."""


class AliasFileError(NewsdeskError):
    """The user's alias file exists but cannot be used; the message says why."""
