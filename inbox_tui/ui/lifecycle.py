"""The app's life around its work: signals that end it cleanly, the logout on the way out, and
a theme picked in the palette kept in the config file."""

from __future__ import annotations

import asyncio
import logging
import signal
from typing import TYPE_CHECKING

from textual.theme import Theme

from inbox_tui.config import ConfigError, save_setting

if TYPE_CHECKING:
    from inbox_tui.livevox.client import LiveVoxClient
    from inbox_tui.ui.app import InboxApp

log = logging.getLogger(__name__)

LOGOUT_TIMEOUT = 2.0
"""Seconds the exit waits for LiveVox to end the session."""
EXIT_SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)


class Lifecycle:
    """Start and end of the app beyond Textual's own."""

    def __init__(self, app: InboxApp) -> None:
        self.app = app

    def handle_signals(self, install: bool = True) -> None:
        """SIGTERM, SIGHUP and SIGINT quit like the quit key: drafts flushed, the terminal
        restored by Textual's shutdown, exit status 0. Only in a real terminal: a headless test
        run shares its loop with the test runner."""
        if self.app.is_headless:
            return
        loop = asyncio.get_running_loop()
        for number in EXIT_SIGNALS:
            if install:
                loop.add_signal_handler(number, self.app.exit)
            else:
                loop.remove_signal_handler(number)

    async def log_out(self, client: LiveVoxClient) -> None:
        """End the LiveVox session, best effort and within ``LOGOUT_TIMEOUT``: a server that
        does not answer must not hold the exit."""
        try:
            async with asyncio.timeout(LOGOUT_TIMEOUT):
                await client.logout()
        except TimeoutError:
            log.warning("logout: no answer within %g s", LOGOUT_TIMEOUT)
        except Exception as exc:
            log.warning("logout failed: %s", exc)

    def theme_picked(self, theme: Theme) -> None:
        """A theme picked in the palette is saved in the config file; the demo without one
        keeps it for the session (a config file without an account would stop the next start)."""
        app = self.app
        if theme.name == app.settings.theme:
            return
        app.settings = app.settings.model_copy(update={"theme": theme.name})
        path = app.config_path
        if path is None or (app.connector.demo and not path.exists()):
            app.set_status(f"Theme {theme.name} kept for this session (the demo saves nothing).")
            return
        try:
            save_setting("theme", theme.name, path)
        except (ConfigError, OSError) as exc:
            app.set_status(f"Theme {theme.name} not saved: {exc}", error=True)
            return
        app.set_status(f"Theme {theme.name} saved in {path}.")
