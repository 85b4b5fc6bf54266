"""Small helpers the test modules share (fixtures live in conftest.py)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_articles"
DATA = ROOT / "tests" / "data"


def write(folder: Path, name: str, text: str) -> Path:
    """Write one fixture article (tests' own words) and return its path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def raw_spans(text: str, *marks: tuple[str, str]) -> list[tuple[int, int, str]]:
    """Raw spans for ``(needle, label)`` marks, each taken at its next occurrence in order."""
    spans, cursor = [], 0
    for needle, label in marks:
        start = text.index(needle, cursor)
        spans.append((start, start + len(needle), label))
        cursor = start + len(needle)
    return spans
