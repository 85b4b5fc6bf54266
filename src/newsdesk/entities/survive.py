"""NER that one article cannot stop: a text spaCy fails on loses its entities, nothing else.

A failure inside ``nlp.pipe`` ends that pipe (and its worker processes). The texts the pipe
had taken but not yet returned are run again one at a time in this process, so only the
text that really fails is marked, and a fresh pipe goes on with the rest of the stream. An
exception raised by the *input* stream is not the model's: it is raised as it is, so a read
error is never taken for an article's bad luck; nor is the pipe's plumbing failing
(``EOFError``/``OSError`` once its workers are stopped). ``KeyboardInterrupt`` and other
``BaseException``s are never caught.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator

from newsdesk.entities.resolve import RawSpan, stage_failed

Raw = list[RawSpan] | str
"""spaCy's spans of a text, or the one-line reason NER failed on it."""


_MACHINERY = (EOFError, OSError)
"""What the pipe's own plumbing raises when its worker processes are gone (Ctrl-C stops
them): the run is ending, so nothing is retried — retrying NER in a daemon thread while
the interpreter exits aborted the process ("libblis: Aborting")."""


class _SourceFailed(Exception):
    """The input stream itself raised; carries that exception out of the pipe."""


def raw_safely(
    pipe: Callable[[Iterable[str]], Iterator[tuple[str, list[RawSpan]]]],
    one: Callable[[str], tuple[str, list[RawSpan]]],
    texts: Iterable[str],
) -> Iterator[tuple[str, Raw]]:
    """Each text with its spans, in input order; ``pipe`` batches, ``one`` retries a text."""
    stream = iter(texts)
    while True:
        taken: deque[str] = deque()
        try:
            for item in pipe(_feed(stream, taken)):
                taken.popleft()
                yield item
            return
        except _SourceFailed as exc:
            raise exc.__cause__ or exc from None
        except _MACHINERY:
            raise
        except Exception:  # the model failed on some text in flight: find which
            yield from (_retry(one, text) for text in taken)


def _feed(stream: Iterator[str], taken: deque[str]) -> Iterator[str]:
    """The stream, remembering what the pipe took; the stream's own errors wrapped."""
    while True:
        try:
            text = next(stream)
        except StopIteration:
            return
        except Exception as exc:
            raise _SourceFailed() from exc
        taken.append(text)
        yield text


def _retry(one: Callable[[str], tuple[str, list[RawSpan]]], text: str) -> tuple[str, Raw]:
    """One text on its own: its spans, or why the model fails on it."""
    try:
        return one(text)
    except Exception as exc:
        return text, stage_failed("NER", exc)
