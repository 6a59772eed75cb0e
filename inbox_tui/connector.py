"""How the app gets its LiveVox client. ``live_connector`` is a real account; the demo's
simulated LiveVox is wired in ``inbox_tui.demo``, so the UI never imports the simulator."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from inbox_tui.config import Account

if TYPE_CHECKING:  # imported by make_client: httpx loads with the first connection, not at start
    from inbox_tui.livevox.client import LiveVoxClient


@dataclass
class Connector:
    """What the app needs to connect: a label for the header, who logs in, and a client factory.

    ``make_client(password)`` builds a client; ``password`` is None when the connector already
    knows it. ``background``, if given, runs once connected for the app's life (the demo's
    customer replies). ``world`` is the simulated LiveVox in the demo, for tests (None when
    live).
    """

    label: str
    user_name: str
    agent: bool
    needs_password: bool
    make_client: Callable[[str | None], LiveVoxClient]
    demo: bool = False
    world: Any = None
    background: Callable[[], Awaitable[None]] | None = None


def live_connector(account: Account) -> Connector:
    """A connector for a real LiveVox account; asks for the password if none is configured."""

    def make_client(password: str | None) -> LiveVoxClient:
        from inbox_tui.livevox.client import LiveVoxClient

        secret = password if password is not None else account.password.get_secret_value()
        return LiveVoxClient(
            account.base_url,
            access_token=account.access_token.get_secret_value(),
            client_code=account.client_code,
            user_name=account.user_name,
            password=lambda: secret,
            agent=account.agent,
            api_version=account.api_version,
        )

    return Connector(
        label=account.host,
        user_name=account.user_name,
        agent=account.agent,
        needs_password=account.password is None,
        make_client=make_client,
    )
