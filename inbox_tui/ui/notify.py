"""Telling the agent's terminal that a customer wrote: a bell or a desktop notification.

``notification`` builds the bytes (pure); ``Notifier`` decides, once per poll that brought
news, whether to write them and writes them through the app's driver (its writer thread
flushes each write to the terminal).

- ``bell``: BEL; tmux and screen turn it into their own bell alert, so it needs no passthrough.
- ``osc9``: ``ESC ] 9 ; text BEL`` (iTerm2, WezTerm, kitty, Windows Terminal, foot).
- ``osc777``: ``ESC ] 777 ; notify ; title ; text BEL`` (rxvt-unicode, VTE terminals, foot).
- Inside tmux the OSC is wrapped for its passthrough (``ESC P tmux; … ESC \\``, each ESC
  doubled); tmux forwards it only with ``set -g allow-passthrough on``.

The text carries no customer data unless ``notify_text = "contact"``, and is cleaned of every
control character (ESC and BEL included) so a name from the server cannot end the sequence.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Protocol

from inbox_tui.text import clean_text

ESC = "\x1b"
BEL = "\x07"
TITLE = "inbox-tui"
MAX_TEXT = 120


def safe_text(text: str) -> str:
    """``text`` without control characters (C0, C1, ESC, BEL) or bidi overrides, one line."""
    cleaned = clean_text(" ".join(text.split()))
    return "".join(c for c in cleaned if unicodedata.category(c) != "Cc")[:MAX_TEXT]


def notification(mode: str, text: str, *, tmux: bool) -> str:
    """The characters that notify in ``mode`` ("bell", "osc9", "osc777", "off")."""
    if mode == "bell":
        return BEL
    if mode == "osc9":
        sequence = f"{ESC}]9;{safe_text(text)}{BEL}"
    elif mode == "osc777":
        sequence = f"{ESC}]777;notify;{TITLE};{safe_text(text)}{BEL}"
    else:
        return ""
    if tmux:
        return f"{ESC}Ptmux;{sequence.replace(ESC, ESC + ESC)}{ESC}\\"
    return sequence


def news_text(inbox: str, unread: int, contact: str | None) -> str:
    """``New SMS in Personal SMS (3 unread)``; the contact's name only when given."""
    who = f" from {contact}" if contact else ""
    return f"New SMS{who} in {inbox} ({unread} unread)"


class NotifyHost(Protocol):
    """What the notifier needs of the app."""

    def write_to_terminal(self, data: str) -> None: ...


class Notifier:
    """Writes one notification per poll with news, as the settings say."""

    def __init__(
        self,
        host: NotifyHost,
        *,
        mode: str,
        on: str,
        text: str,
        env: Mapping[str, str],
    ) -> None:
        self.host = host
        self.mode = "off" if on == "none" else mode
        self.personal_only = on == "personal"
        self.with_contact = text == "contact"
        self.tmux = bool(env.get("TMUX"))

    def wants(self, *, personal: bool) -> bool:
        """Whether news in an inbox (personal or a group's) notifies."""
        return self.mode != "off" and (personal or not self.personal_only)

    def news(self, inbox: str, unread: int, contact: str | None = None) -> None:
        """Notify once: ``inbox`` has news and now ``unread`` unread threads."""
        text = news_text(inbox, unread, contact if self.with_contact else None)
        self.host.write_to_terminal(notification(self.mode, text, tmux=self.tmux))
