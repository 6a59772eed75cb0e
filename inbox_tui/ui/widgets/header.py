"""The one-line header (who, where, connection state) and the open thread's contact line."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from rich.text import Text
from textual.widgets import Static

from inbox_tui.core.phone import format_number
from inbox_tui.livevox.models import Thread
from inbox_tui.ui.formatting import contact_name, thread_account


class AppHeader(Static):
    """``inbox-tui │ DEMO │ agent KAVYA (645836) │ ● connected``; repaints only on change."""

    def show(self, *, where: str, demo: bool, agent: str, state: str, bad: bool) -> None:
        text = Text(" inbox-tui ", style="bold")
        text.append("│ ")
        text.append(where, style="reverse bold" if demo else "bold")
        text.append(" │ ")
        text.append(agent)
        text.append(" │ ")
        text.append(state, style="bold" if bad else "")
        if text.plain != str(self.content):
            self.update(text)


def contact_local_time(zones: list[str], now: datetime) -> str:
    """The contact's time of day in their possible zones; a range when they could be in several."""
    if not zones:
        return ""
    times = sorted({now.astimezone(ZoneInfo(z)).strftime("%H:%M") for z in zones})
    if len(times) == 1:
        return f"{times[0]} {now.astimezone(ZoneInfo(zones[0])).tzname()}"
    return f"{times[0]}–{times[-1]} (several zones)"


class ContactLine(Static):
    """Name · number · account · the contact's local time, for the open thread."""

    def show(self, thread: Thread | None, now: datetime, zones: list[str] | None = None) -> None:
        if thread is None:
            self.update(Text("No thread open", style="dim"))
            return
        number = format_number(thread.customer_number)
        text = Text(contact_name(thread), style="bold")
        for part in (number, thread_account(thread) and f"acct {thread_account(thread)}"):
            if part and part not in text.plain:
                text.append(" · " + part)
        local = contact_local_time(zones or [], now)
        if local:
            text.append(f" · their time {local}", style="dim")
        self.update(text)
