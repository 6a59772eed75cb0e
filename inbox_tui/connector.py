"""How the app gets its LiveVox client. ``live_connector`` is a real account; the demo's
simulated LiveVox is wired in ``inbox_tui.demo``, so the UI never imports the simulator."""

from __future__ import annotations

import itertools
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from inbox_tui.config import Account, Settings

if TYPE_CHECKING:  # imported by make_client: httpx loads with the first connection, not at start
    import httpx

    from inbox_tui.livevox.client import LiveVoxClient


class CallWatch:
    """The requests in flight and when each started: ``waited()`` is how long the oldest has
    been waiting (the header's "slow (12 s)"). Fed by ``livevox.watch.WatchedTransport``."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._tokens = itertools.count()
        self._started: dict[int, float] = {}

    def started(self) -> int:
        token = next(self._tokens)
        self._started[token] = self._clock()
        return token

    def ended(self, token: int) -> None:
        self._started.pop(token, None)

    def waited(self) -> float | None:
        """Seconds the oldest request in flight has waited; None when none is."""
        if not self._started:
            return None
        return self._clock() - min(self._started.values())


def client_options(
    settings: Settings | None, calls: CallWatch, transport: httpx.AsyncBaseTransport | None
) -> dict[str, Any]:
    """The client's timeout, retry policy and watched transport for these settings (httpx's
    own transport when ``transport`` is None)."""
    import httpx

    from inbox_tui.livevox.retry import RetryPolicy
    from inbox_tui.livevox.watch import WatchedTransport

    settings = settings or Settings()
    return {
        "timeout": settings.request_timeout,
        "retry": RetryPolicy(retry_after_cap=settings.retry_after_cap),
        "transport": WatchedTransport(transport or httpx.AsyncHTTPTransport(), calls),
    }


@dataclass
class Connector:
    """What the app needs to connect: a label for the header, who logs in, and a client factory.

    ``make_client(password)`` builds a client; ``password`` is None when the connector already
    knows it. ``background``, if given, runs once connected for the app's life (the demo's
    customer replies). ``world`` is the simulated LiveVox in the demo, for tests (None when
    live). ``calls`` sees every request of the clients it makes (see ``client_options``).
    """

    label: str
    user_name: str
    agent: bool
    needs_password: bool
    make_client: Callable[[str | None], LiveVoxClient]
    demo: bool = False
    world: Any = None
    background: Callable[[], Awaitable[None]] | None = None
    calls: CallWatch = field(default_factory=CallWatch)


def live_connector(account: Account, settings: Settings | None = None) -> Connector:
    """A connector for a real LiveVox account; asks for the password if none is configured.
    ``settings`` gives the request timeout and the Retry-After cap."""

    def make_client(password: str | None) -> LiveVoxClient:
        from inbox_tui.livevox.client import LiveVoxClient

        stored = account.password.get_secret_value() if account.password else None
        secret = password if password is not None else stored
        return LiveVoxClient(
            account.base_url,
            access_token=account.access_token.get_secret_value(),
            client_code=account.client_code,
            user_name=account.user_name,
            password=lambda: secret or "",
            agent=account.agent,
            api_version=account.api_version,
            **client_options(settings, connector.calls, None),
        )

    connector = Connector(
        label=account.host,
        user_name=account.user_name,
        agent=account.agent,
        needs_password=account.password is None,
        make_client=make_client,
    )
    return connector
