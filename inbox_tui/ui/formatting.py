"""Short human forms of times and names, as the panes show them."""

from __future__ import annotations

from datetime import datetime

from inbox_tui.core.phone import format_number
from inbox_tui.livevox.models import Thread


def age(when: datetime | None, now: datetime) -> str:
    """How long ago, in at most four characters: ``now``, ``5m``, ``3h``, ``2d``, ``7w``."""
    if when is None:
        return ""
    seconds = (now - when).total_seconds()
    if seconds < 60:
        return "now"
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes}m"
    if minutes < 24 * 60:
        return f"{minutes // 60}h"
    days = minutes // (24 * 60)
    return f"{days}d" if days < 7 else f"{min(days // 7, 99)}w"


def contact_name(thread: Thread) -> str:
    """The contact's name, else their number, else the thread id."""
    contact = thread.contact_info
    name = contact.display_name if contact else ""
    return name or thread.customer_number or thread.thread_id


def thread_subject(thread: Thread) -> str:
    """Who the thread is with, as a dialog's subject line."""
    name = contact_name(thread)
    number = thread.customer_number
    return f"{name} · {format_number(number)}" if number and number != name else name


def thread_account(thread: Thread) -> str:
    contact = thread.contact_info
    return thread.account or (contact.account if contact else None) or ""


def local_clock(when: datetime | None) -> str:
    """A time of day in the agent's zone, ``09:14``."""
    return when.astimezone().strftime("%H:%M") if when else "--:--"


def local_day(when: datetime) -> str:
    """A day heading in the agent's zone, ``Tue 04 Mar 2025``."""
    return when.astimezone().strftime("%a %d %b %Y")
