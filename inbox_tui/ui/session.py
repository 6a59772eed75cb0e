"""Connecting to LiveVox: the client, the login (asking for a password when needed), retrying
while it is unreachable, and what a user (supervisor) login can show."""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, Protocol

from rich.text import Text
from textual.widgets import Static

from inbox_tui.livevox.errors import AuthError
from inbox_tui.ui.connection import Connection, ConnectionState
from inbox_tui.ui.keymap import key_of
from inbox_tui.ui.screens.login import LoginScreen

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.timer import Timer
    from textual.worker import Worker

    from inbox_tui.connector import Connector
    from inbox_tui.livevox.client import LiveVoxClient
    from inbox_tui.store import Store
    from inbox_tui.ui.inboxes import Inboxes
    from inbox_tui.ui.polling import Poller
    from inbox_tui.ui.widgets.conversation import Conversation
    from inbox_tui.ui.widgets.inbox_list import InboxList
    from inbox_tui.ui.widgets.thread_list import ThreadList

NOT_AGENT = (
    "This is a user (supervisor) login: inboxes and threads belong to agent logins. "
    "Templates, SMS codes and new SMS work."
)


class SessionHost(Protocol):
    """What connecting needs of the app."""

    connector: Connector
    client: LiveVoxClient | None
    agent_id: str | None
    is_agent: bool
    profile: str | None
    store: Store
    poller: Poller
    inboxes: Inboxes
    cursor_blink: bool
    inbox_list: InboxList
    thread_list: ThreadList
    conversation: Conversation

    def set_connection(self, connection: Connection) -> None: ...
    def set_status(self, text: str, *, error: bool = False) -> None: ...
    def report(self, doing: str, exc: BaseException) -> None: ...
    def connected(self, first: bool) -> None: ...
    def push_screen(self, screen: LoginScreen, callback: object) -> object: ...
    def run_worker(self, work: object, **kwargs: object) -> Worker[None]: ...
    def set_timer(self, delay: float, callback: Callable[[], object]) -> Timer: ...
    def query_one(self, selector: str, expect_type: type[Static]) -> Static: ...


class Session:
    """Builds the client from the connector and logs in; ``connect`` runs in a worker."""

    def __init__(self, host: SessionHost) -> None:
        self.host = host
        self._waiting: tuple[Timer, str | None] | None = None
        """(timer, password) of a connection retry waiting out its backoff."""

    def ask_password(self, error: str) -> None:
        host = self.host
        screen = LoginScreen(
            host=host.connector.label,
            user=host.connector.user_name,
            error=error,
            blink=host.cursor_blink,
        )
        host.push_screen(screen, callback=self.connect)

    def retry_now(self) -> None:
        """Cut a waiting connection retry short and connect now (nothing when none waits)."""
        if self._waiting is None:
            return
        timer, password = self._waiting
        timer.stop()
        self.connect(password)

    def connect(self, password: str | None) -> None:
        """Log in (again) in the background; a refusal asks for the password."""
        self._waiting = None
        self.host.run_worker(
            self._connect(password), group="connect", exclusive=True, exit_on_error=False
        )

    async def _connect(self, password: str | None) -> None:
        host = self.host
        client = host.connector.make_client(password)
        try:
            login = await client.login()
        except AuthError as exc:
            await client.aclose()
            host.set_connection(Connection(ConnectionState.NOT_LOGGED_IN))
            if host.connector.demo:
                host.set_status(f"Login failed: {exc.message}", error=True)
            else:
                self.ask_password(f"Login failed: {exc.message}")
            return
        except Exception as exc:
            await client.aclose()
            host.report("Connecting", exc)
            delay = host.poller.schedule.failure(getattr(exc, "retry_after", None))
            host.set_connection(Connection(ConnectionState.OFFLINE, delay))
            self._waiting = (host.set_timer(delay, lambda: self.connect(password)), password)
            return
        old, host.client = host.client, client
        if old is not None:
            await old.aclose()
        host.agent_id = client.agent_id or login.user_id
        host.is_agent = client.is_agent
        # Every audit row from now on names who did it, and in which profile.
        host.store.agent_login = host.connector.user_name
        host.store.agent_id = host.agent_id
        host.store.profile = host.profile
        host.poller.schedule.success()
        host.set_connection(Connection(ConnectionState.CONNECTED))
        host.connected(old is None)
        if not host.is_agent:
            await self._show_user_mode()
            return
        await host.inboxes.load_inboxes()
        if gc.get_freeze_count() == 0:
            # Once per process, the first inbox shown: what start-up built lives as long as the
            # app. Frozen, it is left out of the collector's full passes, which otherwise walk
            # it all while a long page is read (a 140 ms pause -> 60 ms, 30,000 messages).
            gc.freeze()
        host.poller.arm()

    async def _show_user_mode(self) -> None:
        host = self.host
        host.inbox_list.set_empty_text(NOT_AGENT)
        host.thread_list.set_empty_text("No inbox: thread lists need an agent login.")
        host.conversation.show_empty(
            "No conversation: threads need an agent login. "
            f"Press {key_of('new_sms')} to send a new SMS."
        )
        try:
            codes = await host.client.list_sms_codes()
        except Exception as exc:
            host.report("Loading SMS codes", exc)
            return
        listed = ", ".join(c.code for c in codes) or "none"
        host.query_one("#summary", Static).update(Text(f"SMS codes: {listed}"))
