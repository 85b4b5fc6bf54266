"""``newsdesk search`` loads only what a search needs, checked in a fresh interpreter.

The whole process is measured against a bare Whoosh script (benchmarks/bench_cli.py);
what keeps it close is not importing the reader, NER, the ingest parsers or Whoosh's
writing and date-parsing modules, and not parsing a config file that is not there.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from helpers import SAMPLES
from newsdesk.library import Library

NEVER = {"textual", "rich", "spacy", "thinc", "trafilatura", "feedparser", "lxml", "frontmatter",
         "yaml", "ftfy", "charset_normalizer", "rapidfuzz", "tomlkit"}  # fmt: skip
"""Packages a search never needs: the reader, NER, ingest, curation."""
NOT_FOR_PLAIN_SEARCH = {"whoosh.writing", "whoosh.qparser.dateparse", "tomllib"}
"""Modules a search without ``date:`` and without a config file does not need."""

_RUN = """
import sys
from newsdesk.cli import main
try:
    main(sys.argv[2:])
except SystemExit as end:
    code = end.code
with open(sys.argv[1], "w") as out:
    out.write(f"{code}\\n" + "\\n".join(sorted(sys.modules)))
"""


def searched(library: Library, tmp_path: Path, query: str) -> tuple[str, set[str]]:
    """Run ``newsdesk search`` in a fresh interpreter: its output and the modules loaded."""
    report = tmp_path / "modules.txt"
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "no-config")}
    args = ["--index", str(library.index_dir), "search", "--corpus", str(SAMPLES), query]
    done = subprocess.run([sys.executable, "-c", _RUN, str(report), *args], env=env,
                          capture_output=True, text=True, check=True, timeout=120)  # fmt: skip
    code, *modules = report.read_text().splitlines()
    assert code in ("0", "None"), done.stderr
    return done.stdout, set(modules)


def test_search_loads_no_reader_ner_or_parsers(library: Library, tmp_path: Path) -> None:
    out, modules = searched(library, tmp_path, "Shusha")
    assert "articles match Shusha" in out  # it did search: the check below means something
    assert not {m.split(".")[0] for m in modules} & NEVER, {
        m.split(".")[0] for m in modules
    } & NEVER
    assert not modules & NOT_FOR_PLAIN_SEARCH, modules & NOT_FOR_PLAIN_SEARCH


def test_a_dated_search_still_reads_dates(library: Library, tmp_path: Path) -> None:
    out, modules = searched(library, tmp_path, "date:2021-06 Shusha")
    assert "whoosh.qparser.dateparse" in modules
    count = int(out.split()[0])
    assert 0 < count < int(searched(library, tmp_path, "Shusha")[0].split()[0])
