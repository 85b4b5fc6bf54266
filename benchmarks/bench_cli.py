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
    index_dir: Path, corpus: Path, queries: list[str], runs: int, env: dict[str, str]
) -> dict[str, Any]:
    """Interleaved runs of both sides over each query; per query and overall min/median."""
    ours: list[float] = []
    bare: list[float] = []
    per_query: dict[str, dict[str, float]] = {}
    run_once(newsdesk_command(index_dir, corpus, queries[0]), env)  # bytecode, page cache
    run_once(bare_command(index_dir, queries[0]), env)
    for query in queries:
        mine: list[float] = []
        bare_times: list[float] = []
        for _ in range(runs):
            mine.append(run_once(newsdesk_command(index_dir, corpus, query), env))
            bare_times.append(run_once(bare_command(index_dir, query), env))
        per_query[query] = {"newsdesk_median_s": median(mine), "bare_median_s": median(bare_times)}
        ours += mine
        bare += bare_times
    return {
        "runs": len(ours),
        "newsdesk_min_s": min(ours),
        "newsdesk_median_s": median(ours),
        "bare_min_s": min(bare),
        "bare_median_s": median(bare),
        "per_query": per_query,
    }


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
    args = parser.parse_args(argv)
    found = compare(
        args.index_dir, args.corpus, args.queries, args.runs, quiet_environment(args.home)
    )
    for name in ("min", "median"):
        ours, bare = found[f"newsdesk_{name}_s"], found[f"bare_{name}_s"]
        print(f"{name:6} newsdesk {ours:.3f} s  bare {bare:.3f} s  ratio {ours / bare:.2f}×")
    for query, times in found["per_query"].items():
        print(f"  {query!r}: {times['newsdesk_median_s']:.3f} / {times['bare_median_s']:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
