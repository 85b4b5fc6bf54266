"""``newsdesk search`` as a whole process, beside a bare Whoosh script doing the same search.

Both run as fresh processes, interleaved (newsdesk, bare, newsdesk, bare, …) so a burst
of load on the shared machine falls on both sides; each side's min and median over the
runs are kept. The bare side is ``benchmarks/bare_search.py``: interpreter, Whoosh,
open, parse, top 10 with the exact total, nothing else.

``python -m benchmarks.bench_cli INDEX_DIR CORPUS QUERY [QUERY…] [--runs N]`` prints
the figures for an index already built (the benchmark's own, or any other).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from benchmarks.timing import clock, median

BARE = Path(__file__).resolve().parent / "bare_search.py"


def newsdesk_command(index_dir: Path, corpus: Path, query: str) -> list[str]:
    """The command as a user types it, through the installed entry point."""
    script = Path(sys.executable).parent / "newsdesk"
    launcher = [str(script)] if script.exists() else [sys.executable, "-m", "newsdesk"]
    return [*launcher, "--index", str(index_dir), "search", "--corpus", str(corpus), query]


def bare_command(index_dir: Path, query: str) -> list[str]:
    return [sys.executable, str(BARE), str(index_dir), query]


def run_once(command: list[str], env: dict[str, str]) -> float:
    """Wall seconds from spawn to exit; a failing command is an error, not a figure."""
    started = clock()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return clock() - started


def compare(
    index_dir: Path,
    corpus: Path,
    queries: list[str],
    runs: int,
    env: dict[str, str],
    before: Path | None = None,
) -> dict[str, Any]:
    """Interleaved runs of each side over each query; per query and overall min/median.
    ``before``, a folder holding an older ``newsdesk`` package, adds that code as a third
    side (run with ``PYTHONPATH`` pointing there), for a before/after in the same run."""
    sides = {
        "newsdesk": lambda q: (newsdesk_command(index_dir, corpus, q), env),
        "bare": lambda q: (bare_command(index_dir, q), env),
    }
    if before is not None:
        old_env = {**env, "PYTHONPATH": str(before)}
        sides["before"] = lambda q: (newsdesk_command(index_dir, corpus, q), old_env)
    for side in sides.values():  # bytecode written, page cache warm
        run_once(*side(queries[0]))
    times: dict[str, list[float]] = {name: [] for name in sides}
    per_query: dict[str, dict[str, float]] = {}
    for query in queries:
        mine: dict[str, list[float]] = {name: [] for name in sides}
        for _ in range(runs):
            for name, side in sides.items():
                mine[name].append(run_once(*side(query)))
        per_query[query] = {f"{name}_median_s": median(t) for name, t in mine.items()}
        for name, taken in mine.items():
            times[name] += taken
    found: dict[str, Any] = {"runs": runs * len(queries), "per_query": per_query}
    for name, taken in times.items():
        found[f"{name}_min_s"], found[f"{name}_median_s"] = min(taken), median(taken)
    return found


def quiet_environment(home: Path) -> dict[str, str]:
    """Config and state folders of their own, so no user setting or remembered corpus
    changes what either side does; bytecode may be written, as an installed package's
    is (without it every newsdesk module is compiled in every run, the bare side's none)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["XDG_CONFIG_HOME"] = str(home / "config")
    env["XDG_DATA_HOME"] = str(home / "data")
    env.pop("NEWSDESK_INDEX", None)
    return env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_cli")
    parser.add_argument("index_dir", type=Path)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("queries", nargs="+")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--home", type=Path, default=Path("/tmp/newsdesk-bench-cli"))
    parser.add_argument("--before", type=Path, help="folder holding an older newsdesk package")
    args = parser.parse_args(argv)
    env = quiet_environment(args.home)
    found = compare(args.index_dir, args.corpus, args.queries, args.runs, env, args.before)
    print(f"{found['runs']} runs per side, interleaved")
    for stat in ("min", "median"):
        bare = found[f"bare_{stat}_s"]
        for side in ("newsdesk", "before"):
            if f"{side}_{stat}_s" in found:
                ours = found[f"{side}_{stat}_s"]
                print(f"{stat:6} {side:8} {ours:.3f} s  bare {bare:.3f} s  {ours / bare:.2f}×")
    for query, medians in found["per_query"].items():
        shown = "  ".join(f"{k.removesuffix('_median_s')} {v:.3f}" for k, v in medians.items())
        print(f"  {query!r}: {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
