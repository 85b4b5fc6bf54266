"""The entity page's timeline: mentions per month as one bar per month, with its range."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, Sparkline

from newsdesk.models import MonthCount
from newsdesk.safety import clean_line

MAX_BARS = 60


def month_label(month: str) -> str:
    """``2021-06`` as ``Jun 2021``; anything unexpected is shown as it is."""
    try:
        return datetime.strptime(month[:7], "%Y-%m").strftime("%b %Y")
    except ValueError:
        return clean_line(month)


def month_range(months: Sequence[MonthCount]) -> str:
    """The span the bars cover, oldest first, as the user reads it."""
    if not months:
        return ""
    first, last = month_label(months[0].month), month_label(months[-1].month)
    return first if first == last else f"{first} → {last}"


class MentionTimeline(Horizontal):
    """``mentions per month ▁▂▅█▃ Nov 2020 → Jul 2021``; says loading… until data arrives."""

    DEFAULT_CSS = """
    MentionTimeline {
        height: 1;
    }
    MentionTimeline > Label {
        color: $text-muted;
        padding: 0 2 0 0;
    }
    MentionTimeline > Sparkline {
        width: 1;
        margin: 0 2 0 0;
    }
    MentionTimeline > Sparkline.-empty {
        display: none;
    }
    """

    def compose(self) -> ComposeResult:
        yield Label("mentions per month", id="timeline-caption", markup=False)
        yield Sparkline([], summary_function=sum, classes="-empty")
        yield Label("loading…", id="timeline-range", markup=False)

    def show_months(self, months: Sequence[MonthCount]) -> None:
        """Draw one bar per month (months are bucketed beyond ``MAX_BARS``)."""
        sparkline = self.query_one(Sparkline)
        data = [float(month.mentions) for month in months]
        sparkline.data = data
        sparkline.styles.width = max(1, min(len(data), MAX_BARS))
        sparkline.set_class(not data, "-empty")
        text = month_range(months) if months else "no dated mentions"
        self.query_one("#timeline-range", Label).update(text)
