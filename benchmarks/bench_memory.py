"""Peak memory of a reader session, weighed by ``/usr/bin/time -v`` in a fresh process.

A fresh process is the only honest measure: this one holds the benchmark's own data.
The baseline is the bare Textual app put through the same session (start, type, exit).
Where ``/usr/bin/time`` is missing, ``os.wait4`` reads the same kernel figure.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from benchmarks.timing import median

TIME = Path("/usr/bin/time")
_MAX_RSS = re.compile(r"Maximum resident set size \(kbytes\): (\d+)")
ROOT = Path(__file__).resolve().parent.parent


def _command(corpus: Path, index_dir: Path, query: str, bare: bool) -> list[str]:
    command = [sys.executable, "-m", "benchmarks.probe", "--query", query]
    if bare:
        return [*command, "--bare"]
    return [*command, "--corpus", str(corpus), "--index", str(index_dir)]


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    return env


def probe_once(command: list[str]) -> tuple[float, float]:
    """(peak RSS in MB, the probe's own seconds from interpreter start to exit)."""
    if TIME.exists():
        done = subprocess.run(
            [str(TIME), "-v", *command],
            capture_output=True,
            text=True,
            env=_environment(),
            cwd=ROOT,
            check=True,
        )
        found = _MAX_RSS.search(done.stderr)
        if found is None:
            raise RuntimeError(f"no peak RSS in /usr/bin/time output: {done.stderr[-400:]}")
        kilobytes = int(found.group(1))
        out = done.stdout
    else:
        kilobytes, out = _wait4(command)
    seconds = float(json.loads(out.strip().splitlines()[-1])["seconds"])
    return kilobytes / 1024, seconds


def _wait4(command: list[str]) -> tuple[int, str]:
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, env=_environment(), cwd=ROOT, text=True
    )
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, command)
    return int(usage.ru_maxrss), out


def measure(corpus: Path, index_dir: Path, query: str, repeats: int) -> dict[str, float]:
    ours = [probe_once(_command(corpus, index_dir, query, False)) for _ in range(repeats)]
    bare = [probe_once(_command(corpus, index_dir, query, True)) for _ in range(repeats)]
    return {
        "rss_mb": median([mb for mb, _ in ours]),
        "bare_rss_mb": median([mb for mb, _ in bare]),
        "process_s": median([s for _, s in ours]),
        "bare_process_s": median([s for _, s in bare]),
        "tool": "/usr/bin/time -v" if TIME.exists() else "os.wait4",
    }
