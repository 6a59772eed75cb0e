"""The one-line header (who, where, connection state) and the open thread's contact line."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from rich.text import Text
from textual.widgets import Static

from inbox_tui.core.phone import format_number
from inbox_tui.core.pii import mask_dob, mask_ssn
from inbox_tui.livevox.models import Thread
from inbox_tui.ui.formatting import contact_name, thread_account
from inbox_tui.ui.glyphs import glyphs, words

if TYPE_CHECKING:
    from inbox_tui.ui.app import InboxApp


class AppHeader(Static):
    """``inbox-tui │ DEMO │ agent KAVYA (645836) │ ● connected``; repaints only on change."""

    def show(self, *, where: str, demo: bool, agent: str, state: str, bad: bool) -> None:
        bar = glyphs().bar
        text = Text(" inbox-tui ", style="bold")
        text.append(f"{bar} ")
        text.append(words(where), style="reverse bold" if demo else "bold")
        text.append(f" {bar} ")
        text.append(words(agent))
        text.append(f" {bar} ")
        text.append(words(state), style="bold" if bad else "")
        if text.plain != str(self.content):
            self.update(text)

    def show_app(self, app: InboxApp) -> None:
        """The app's state: who (agent or user), where, the connection (with "slow" or "not
        answering" while a call waits too long), the cache and read-only marks."""
        agent = app.connector.user_name
        who = f"agent {agent} ({app.agent_id})" if app.agent_id else agent
        if not app.is_agent:
            who = f"user {agent}"
        shown = app.connection.waiting(
            app.connector.calls.waited(),
            slow_after=app.settings.slow_after,
            timeout=app.settings.request_timeout,
        )
        read_only = " · read-only" if app.read_only else ""
        self.show(
            where=app.connector.label,
            demo=app.connector.demo,
            agent=who,
            state=shown.label() + app.local.stale_note() + read_only,
            bad=not shown.connected,
        )


class PaneTitle(Static):
    """A pane's title; the focused pane's carries a marker (``▸ THREADS``, ASCII ``> THREADS``)
    so focus shows without colour. A focus change repaints this one line."""

    def __init__(self, label: str, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(label, id=id, classes=classes, markup=False)
        self.label = label
        self.focused = False

    def set_label(self, label: str) -> None:
        """The title's words (plain text), the marker kept."""
        self.label = label
        self._paint()

    def mark(self, focused: bool) -> None:
        if focused != self.focused:
            self.focused = focused
            self.set_class(focused, "-focused")
            self._paint()

    def _paint(self) -> None:
        # One line whatever it says: no layout pass (it would repaint the whole pane).
        self.update(Text((glyphs().focus if self.focused else "") + self.label), layout=False)


def contact_local_time(zones: list[str], now: datetime) -> str:
    """The contact's time in every candidate zone: ``09:14 CST · 10:14 EST``; zones showing the
    same time share it (``10:14 EST/EST``-like repeats are merged)."""
    by_time: dict[str, list[str]] = {}
    for zone in zones:
        local = now.astimezone(ZoneInfo(zone))
        names = by_time.setdefault(local.strftime("%H:%M"), [])
        if local.tzname() not in names:
            names.append(local.tzname() or zone)
    dot = f" {glyphs().dot} "
    return dot.join(f"{time} {'/'.join(names)}" for time, names in sorted(by_time.items()))


def personal_data(thread: Thread, *, revealed: bool) -> list[str]:
    """The contact's SSN (last four digits) and date of birth (hidden) unless revealed."""
    contact = thread.contact_info
    if contact is None:
        return []
    ssn = contact.ssn if revealed else mask_ssn(contact.ssn)
    dob = contact.dob if revealed else mask_dob(contact.dob)
    return [f"{label} {value}" for label, value in (("SSN", ssn), ("DOB", dob)) if value]


class ContactLine(Static):
    """Name · number, then the contact's local time · account · SSN/DOB (first once revealed),
    for the open thread.

    Each line is cut with an ellipsis rather than wrapped: the widget has two lines, and a
    wrapped name would push the local time (which the quiet-hours gate goes by) out of sight.
    """

    DEFAULT_CSS = "ContactLine { text-wrap: nowrap; text-overflow: ellipsis; }"
    focused = False
    _shown = Text("")

    def show(
        self,
        thread: Thread | None,
        now: datetime,
        zones: list[str] | None = None,
        *,
        reveal_pii: bool = False,
        customer: str | None = None,
    ) -> None:
        """``customer`` is the customer's number as worked out from the thread and its history
        (the thread row alone may not name it)."""
        dot = glyphs().dot
        if thread is None:
            self._paint(Text("No thread open", style="dim"))
            return
        number = format_number(customer or thread.customer_number)
        name = thread.contact_info.display_name if thread.contact_info else ""
        text = Text(words(name or number or contact_name(thread)), style="bold")
        if number and number not in text.plain:
            text.append(f" {dot} " + number)
        local = contact_local_time(zones or [], now)
        details = [f"their time {local}"] if local else []
        if thread_account(thread):
            details.append(f"acct {thread_account(thread)}")
        personal = personal_data(thread, revealed=reveal_pii)
        # Revealed on request, so shown first: the line is cut at the pane's width.
        details = [*personal, *details] if reveal_pii else [*details, *personal]
        text.append("\n" + words(f" {dot} ".join(details)), style="dim")
        self._paint(text)

    def mark(self, focused: bool) -> None:
        """Mark the conversation pane as focused (``▸`` before the first line), as ``PaneTitle``."""
        if focused != self.focused:
            self.focused = focused
            self.set_class(focused, "-focused")
            self._paint(self._shown)

    def _paint(self, text: Text) -> None:
        self._shown = text
        # Two lines whatever it says: no layout pass (it would repaint the whole pane).
        self.update(Text(glyphs().focus) + text if self.focused else text, layout=False)
