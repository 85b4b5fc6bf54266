"""Save the README's screenshots (SVG, drawn by Textual) from the bundled samples.

    .venv/bin/python docs/screenshots.py

Builds a throwaway index of sample_articles/, drives the real reader headless at
120×36, and writes docs/screenshot.svg (a search with the entity cursor on a name) and
docs/entity-page.svg.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from newsdesk.library import open_library
from newsdesk.settings import Settings
from newsdesk.tui.app import make_app

DOCS = Path(__file__).resolve().parent
SAMPLES = DOCS.parent / "sample_articles"


async def settle(pilot, seconds: float = 1.5) -> None:
    await pilot.pause(seconds)


async def shoot(library, settings) -> None:
    app = make_app(library, settings, refresh_on_start=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"Shusha")
        await settle(pilot)
        await pilot.press("enter", "enter", "right_square_bracket")
        await settle(pilot, 0.5)
        app.save_screenshot("screenshot.svg", str(DOCS))
        await pilot.press("enter")
        await settle(pilot)
        app.save_screenshot("entity-page.svg", str(DOCS))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(n_process=1, alias_file=Path(tmp) / "none.toml")
        library = open_library(SAMPLES, index_dir=Path(tmp) / "index", settings=settings)
        library.refresh()
        asyncio.run(shoot(library, settings))
        library.close()


if __name__ == "__main__":
    main()
