"""Figures with their baselines and targets: the printed table and the JSON file.

Every figure is ``value`` beside a ``baseline`` measured in the same run and their
``ratio`` (value ÷ baseline), so a noisy machine moves both and the ratio stays readable.
A target is checked only where the issue states one for this archive size.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

FIGURE_KEYS = (
    "build",
    "reindex",
    "search_p50",
    "search_p95",
    "typing",
    "typist",
    "startup",
    "entity_page",
    "entity_page_pilot",
    "reader_rss",
    "index_size",
    "catalogue_rebuild",
    "merge_pilot",
)
"""Every result file has all of these (a figure not measured has ``value: null``)."""


@dataclass
class Figure:
    key: str
    what: str
    value: float | None
    unit: str
    baseline: float | None
    baseline_what: str
    target: str = ""
    ok: bool | None = None

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.baseline or math.isnan(self.baseline):
            return None
        return self.value / self.baseline

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["ratio"] = None if self.ratio is None else round(self.ratio, 3)
        for name in ("value", "baseline"):
            if isinstance(data[name], float):
                data[name] = round(data[name], 3)
        return data


Check = Callable[[float, float | None], bool]


def judged(figure: Figure, target: str, check: Check | None) -> Figure:
    """The figure with its target text and, when measured and stated, whether it is met."""
    figure.target = target
    if check is not None and figure.value is not None:
        figure.ok = bool(check(figure.value, figure.ratio))
    return figure


def _number(value: float | None, unit: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if unit == "bytes/article" or abs(value) >= 100:
        return f"{value:,.0f} {unit}"
    return f"{value:.3g} {unit}" if abs(value) < 10 else f"{value:.1f} {unit}"


def table(figures: list[Figure]) -> str:
    """A plain-text table: figure, value, baseline, ratio, target, verdict."""
    rows = [("figure", "value", "baseline (same run)", "ratio", "target", "")]
    for f in figures:
        verdict = {True: "ok", False: "MISSED", None: ""}[f.ok]
        ratio = "—" if f.ratio is None else f"{f.ratio:.2f}×"
        baseline = f"{_number(f.baseline, f.unit)} {f.baseline_what}".strip()
        rows.append((f.what, _number(f.value, f.unit), baseline, ratio, f.target, verdict))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def write_json(
    path: Path, meta: dict[str, object], figures: list[Figure], details: dict[str, object]
) -> None:
    data = {**meta, "figures": {f.key: f.to_json() for f in figures}, "details": details}
    missing = set(FIGURE_KEYS) - set(data["figures"])  # type: ignore[arg-type]
    if missing:
        raise ValueError(f"figures missing from the result: {sorted(missing)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, default=str) + "\n", encoding="utf-8")
