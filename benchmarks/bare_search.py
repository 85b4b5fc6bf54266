"""The baseline of ``newsdesk search`` as a whole process: Whoosh and nothing else.

``python benchmarks/bare_search.py INDEX_DIR QUERY`` opens the live generation's Whoosh
folder, parses the query over title and body with AND between words (as newsdesk
does), takes the top 10 with the exact total, and prints the total and the ids. It
imports nothing of newsdesk, so the process costs what any Python script that searches
this index must pay: the interpreter, Whoosh's imports, opening the index, the query.
``newsdesk search`` also reads the titles, dates and snippets it prints from SQLite.
"""

from __future__ import annotations

import sys
from pathlib import Path

from whoosh import index
from whoosh.qparser import AndGroup, MultifieldParser


def main(index_dir: str, text: str) -> None:
    folder = Path(index_dir)
    generation = (folder / "CURRENT").read_text(encoding="utf-8").strip()
    ix = index.open_dir(str(folder / generation / "whoosh"))
    with ix.searcher() as searcher:
        parser = MultifieldParser(["title", "body"], ix.schema, group=AndGroup)
        results = searcher.search(parser.parse(text), limit=10)
        print(f"{len(results)} articles match {text}")
        for hit in results:
            print(hit["id"])


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
