"""A bare app that opens one dialog and records what it was dismissed with."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from textual.app import App, ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Input, Static

T = TypeVar("T")

NOT_DISMISSED = object()


class DialogHarness(App[None]):
    """Shows a placeholder screen under ``dialog`` and keeps the dismissal in ``result``."""

    def __init__(self, dialog: ModalScreen[Any]) -> None:
        super().__init__()
        self.dialog = dialog
        self.result: Any = NOT_DISMISSED

    def compose(self) -> ComposeResult:
        yield Static("inbox underneath")

    def on_mount(self) -> None:
        self.push_screen(self.dialog, self._dismissed)

    def _dismissed(self, result: Any) -> None:
        self.result = result


def returning(data: Sequence[T] | T) -> Callable[[], Awaitable[Sequence[T] | T]]:
    """A loader that answers ``data`` at once."""

    async def load() -> Sequence[T] | T:
        return data

    return load


def never() -> Callable[[], Awaitable[Any]]:
    """A loader that stays loading: for the "Loading…" state."""

    async def load() -> Any:
        await asyncio.Event().wait()

    return load


class Recorder:
    """An action that records its calls; it raises ``error`` instead when one is set."""

    def __init__(self, result: Any = None, error: BaseException | None = None) -> None:
        self.calls: list[Any] = []
        self.result = result
        self.error = error

    async def __call__(self, value: Any) -> Any:
        self.calls.append(value)
        if self.error is not None:
            raise self.error
        return self.result


async def settle(pilot: Any) -> None:
    """Wait until the dialog's loading and action workers are done and the screen repainted."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def screen_text(app: App[Any]) -> str:
    """Every visible character of the screen, for asserting on what the agent reads."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def dialog_lines(app: App[Any]) -> list[str]:
    """The screen's lines without the dialog's frame and padding."""
    return [line.strip("│ ") for line in screen_text(app).splitlines()]


async def fill(pilot: Any, **fields: str) -> None:
    """Set the dialog's fields by their row id (to, account, service, message), as if typed."""
    for row, text in fields.items():
        pilot.app.screen.query_one(f"#{row} Input", Input).value = text
    await pilot.pause()
