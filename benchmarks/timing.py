"""Clocks, medians and the machine description that every result file carries.

Machines are shared and noisy, so nothing here reports a single run or a mean: figures
are medians of repeats, and each is printed beside a baseline measured in the same run.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from importlib import metadata
from typing import Any


def clock() -> float:
    return time.perf_counter()


def timed(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[float, Any]:
    """Seconds taken by one call, and its result."""
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - started, result


def repeat(fn: Callable[[], Any], times: int) -> list[float]:
    return [timed(fn)[0] for _ in range(max(1, times))]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(values: list[float], pct: float) -> float:
    """Linear interpolation between closest ranks (numpy's default method)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * pct / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def _memory_bytes() -> int:
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def load_average() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def machine() -> dict[str, object]:
    """What a reader needs to judge the figures: cores, memory, Python, library versions."""
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    return {
        "nproc": affinity or os.cpu_count(),
        "cpu": _cpu_model(),
        "memory_gb": round(_memory_bytes() / 2**30, 1),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "textual": _version("textual"),
        "whoosh": _version("whoosh-reloaded"),
        "spacy": _version("spacy"),
        "load_average_start": load_average(),
    }
