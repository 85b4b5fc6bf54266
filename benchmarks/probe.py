"""One reader session in its own process, for ``/usr/bin/time -v`` to weigh.

``python -m benchmarks.probe --corpus C --index I --query Q`` opens the reader headless,
waits for the list, types the query, waits for its results and exits; ``--bare`` does
the same with the bare Textual app instead (and imports nothing of newsdesk). The
parent reads the peak resident set size from ``time``'s report.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from pathlib import Path

STARTED = time.perf_counter()


async def _bare(query: str) -> None:
    from benchmarks.bare import BareApp

    app = BareApp()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0)
        app.query_one("#box").focus()
        await pilot.press(*query)
        while app.shown != query:
            await asyncio.sleep(0.001)
        await pilot.pause(0)


async def _reader(corpus: Path, index_dir: Path, query: str) -> None:
    from benchmarks.bench_reader import SIZE, list_shows, until
    from newsdesk.library import open_library
    from newsdesk.settings import Settings
    from newsdesk.tui.app import make_app
    from newsdesk.tui.widgets.article_list import ArticleList
    from newsdesk.tui.widgets.search_box import SearchBox

    settings = Settings(alias_file=index_dir / "no-aliases.toml")
    library = open_library(corpus, index_dir, settings)
    total, matched = library.article_count(), library.search(query, limit=1).total
    app = make_app(library, settings, refresh_on_start=False)
    async with app.run_test(size=SIZE) as pilot:
        await until(lambda: list_shows(app, total))
        old = app.screen.query_one(ArticleList).source
        app.screen.query_one(SearchBox).focus()
        await pilot.press(*query)
        await until(lambda: list_shows(app, matched, old))
        await pilot.pause(0)
    library.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--index", type=Path)
    parser.add_argument("--query", required=True)
    parser.add_argument("--bare", action="store_true")
    args = parser.parse_args()
    if args.bare:
        asyncio.run(_bare(args.query))
    else:
        asyncio.run(_reader(args.corpus, args.index, args.query))
    print(json.dumps({"seconds": time.perf_counter() - STARTED}))


if __name__ == "__main__":
    main()
