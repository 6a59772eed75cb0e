"""Plain records of the simulated world: agents, services, threads, messages, sends, requests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from inbox_tui.sim import catalog


class SimError(Exception):
    """A refused call: HTTP ``status`` and LiveVox's human-readable ``message``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Credentials:
    """Demo credentials the simulator accepts."""

    access_token: str
    client_code: str
    agent_login: str
    agent_password: str
    user_login: str
    user_password: str
    user_id: str
    client_id: int


CREDENTIALS = Credentials(
    access_token="sim-access-token-2f6c1e",
    client_code="SIMDEMO",
    agent_login=catalog.AGENT_LOGIN,
    agent_password="kavya-demo-pass",
    user_login="ApiAdmin",
    user_password="admin-demo-pass",
    user_id="700412",
    client_id=1014,
)


@dataclass
class SimAgent:
    """An agent of the call center."""

    agent_id: str
    login_id: str
    name: str
    status: str


@dataclass(frozen=True)
class SimService:
    """A service (campaign) with its group inbox and voicemail box."""

    service_id: str
    name: str
    voicemail_id: str


@dataclass(slots=True)
class SimMessage:
    """One SMS of a thread; ``direction`` 1 is inbound, 2 outbound."""

    id: str
    text: str
    direction: int
    date_ms: int
    status: str
    sms_code: str
    phone: str
    thread_id: str


@dataclass
class SimSend:
    """A send the simulator received: ``kind`` "agent" (message/send) or "sms" (POST /sms/)."""

    kind: str
    from_: str
    to: str
    text: str
    template_id: str | None
    account: str | None
    thread_id: str | None
    id: str
    service_id: str | None = None


@dataclass
class RecordedRequest:
    """A request as the simulator saw it; headers are never kept, passwords are masked."""

    method: str
    path: str
    query: dict[str, str]
    json: Any
    status: int | None = None
    dropped: bool = False


class ThreadFiller(Protocol):
    """Makes a thread's contact and seeded history on first access."""

    def contact(self, thread: SimThread) -> dict[str, Any]: ...

    def messages(self, thread: SimThread) -> list[SimMessage]: ...


class SimThread:
    """A conversation; its contact and history are generated on first access.

    ``owner_agent_id`` None means the thread waits in its service's group inbox.
    """

    __slots__ = (
        "_contact",
        "_filler",
        "_messages",
        "account",
        "agent_entered_account",
        "index",
        "last_direction",
        "last_ms",
        "owner_agent_id",
        "phone",
        "read",
        "replied",
        "resolved",
        "resolved_account",
        "service_id",
        "sms_code",
        "term_code_id",
        "thread_id",
    )

    def __init__(
        self,
        *,
        thread_id: str,
        index: int,
        service_id: str,
        owner_agent_id: str | None,
        account: str,
        phone: str,
        sms_code: str,
        last_ms: int,
        last_direction: int,
        read: bool,
        replied: bool,
        filler: ThreadFiller | None = None,
        contact: dict[str, Any] | None = None,
    ) -> None:
        self.thread_id = thread_id
        self.index = index
        self.service_id = service_id
        self.owner_agent_id = owner_agent_id
        self.account = account
        self.phone = phone
        self.sms_code = sms_code
        self.last_ms = last_ms
        self.last_direction = last_direction
        self.read = read
        self.replied = replied
        self.resolved = False
        self.term_code_id: str | None = None
        self.resolved_account: str | None = None
        self.agent_entered_account: str | None = None
        self._filler = filler
        self._contact = contact
        self._messages: list[SimMessage] | None = None if filler else []

    def __repr__(self) -> str:
        return f"SimThread({self.thread_id}, owner={self.owner_agent_id}, read={self.read})"

    @property
    def contact(self) -> dict[str, Any]:
        """The contact, as LiveVox's ``contactInfo``."""
        if self._contact is None:
            self._contact = self._filler.contact(self) if self._filler else {}
        return self._contact

    @property
    def messages(self) -> list[SimMessage]:
        """The history, oldest first."""
        if self._messages is None:
            self._messages = self._filler.messages(self) if self._filler else []
        return self._messages

    def append(self, message: SimMessage) -> None:
        """Add a message at the end of the history."""
        self.messages.append(message)
        self.last_ms = message.date_ms
        self.last_direction = message.direction


Listener = Callable[[str, str | None], None]


@dataclass
class Fault:
    """A targeted fault for the next ``times`` matching requests: answer ``status``, drop the
    connection, or apply the call and ``hold`` its answer for that many seconds."""

    status: int | None
    path_contains: str = ""
    method: str | None = None
    times: int = 1
    retry_after: float | None = None
    drop: bool = False
    drop_after_apply: bool = False
    body: Any = None
    hold: float | None = None
    hits: int = field(default=0)

    def matches(self, method: str, path: str) -> bool:
        """Whether this fault applies to a request (and still has uses left)."""
        if self.hits >= self.times:
            return False
        if self.method is not None and self.method.upper() != method.upper():
            return False
        return self.path_contains in path
