"""The login screen: asks for the password when none is configured or the session expired."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Static


class LoginScreen(Screen[str]):
    """Ask for the password of ``user`` at ``host``; dismisses with what was typed."""

    def __init__(self, *, host: str, user: str, error: str = "", blink: bool = False) -> None:
        super().__init__()
        self.host = host
        self.user = user
        self.error = error
        self.blink = blink

    def compose(self) -> ComposeResult:
        with Vertical(id="login-box"):
            yield Static(Text("Log in to LiveVox", style="bold"), id="login-title")
            yield Static(Text(f"{self.user} at {self.host}"), id="login-who")
            field = Input(password=True, placeholder="password", id="login-password")
            field.cursor_blink = self.blink
            yield field
            yield Static(Text(self.error), id="login-error")
            yield Static(Text("enter logs in · ctrl+q quits", style="dim"), id="login-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value:
            self.dismiss(event.value)
