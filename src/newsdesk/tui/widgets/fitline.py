"""One line of columns: a text that takes what room is left, cropped, beside fixed cells.

Rich's ``Table.grid`` lays out the same line, but measures every cell of every row each
time it draws: the entity page draws hundreds of such rows, and the grids were most of
its first paint. Here the widths are known, so the line is built once per width.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text


def fixed(text: Text, width: int, right: bool = False) -> Text:
    """``text`` in exactly ``width`` cells: cropped with an ellipsis, padded on one side."""
    cell = text.copy()
    cell.truncate(width, overflow="ellipsis")
    if right:
        cell.pad_left(width - cell.cell_len)
    else:
        cell.pad_right(width - cell.cell_len)
    return cell


class FitLine:
    """``left`` in the room the ``cells`` leave, each cell one space apart."""

    def __init__(self, left: Text, *cells: Text) -> None:
        self.left = left
        self.cells = cells

    def fit(self, width: int) -> Text:
        """The line in exactly ``width`` cells (or fewer, if the cells alone are wider)."""
        line = Text(end="\n", no_wrap=True)
        tail = Text(end="")
        for cell in self.cells:
            tail.append(" ")
            tail.append_text(cell)
        room = max(0, width - tail.cell_len)
        line.append_text(fixed(self.left, room))
        line.append_text(tail)
        line.truncate(width)
        return line

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.fit(options.max_width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(options.max_width, options.max_width)
