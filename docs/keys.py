"""Print the reader's key table as Markdown, from the one table the help screen draws.

    .venv/bin/python docs/keys.py > /tmp/keys.md   # paste into docs/reader.md

tests/cli/test_docs.py checks that docs/reader.md holds exactly this table.
"""

from __future__ import annotations

from newsdesk.tui.screens.help import KEYS, PLACES


def markdown_table() -> str:
    lines = ["| where | keys | what they do |", "|---|---|---|"]
    for place in PLACES:
        for row in KEYS:
            if row.place == place:
                keys = " ".join(f"`{k}`" for k in row.keys.split())
                lines.append(f"| {place} | {keys} | {row.description} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown_table())
