"""Whom a reply in a thread goes to, and from which code, out of what the reference guarantees.

LiveVox's thread rows may carry only ``to`` and ``direction: 0`` (no ``from``); in the history
only ``id``, ``message`` and ``phone`` are mandatory. So the customer's number comes from the
thread, else from the history's ``phone``; the sending code from the thread, else from the
history's ``smsCode``, else from the service's SMS codes: the only one, or the one the agent
picks (asked once per thread, then remembered, as every number once known).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from inbox_tui.livevox.errors import LiveVoxError
from inbox_tui.livevox.models import Direction, Message, Thread
from inbox_tui.livevox.order import newest_first
from inbox_tui.send.prompts import Prompts

if TYPE_CHECKING:
    from inbox_tui.livevox.client import LiveVoxClient

CHOOSE_WHY = (
    "Nothing in this thread says which of your SMS codes it uses: pick the one to reply from "
    "(it is kept for this thread)."
)


@dataclass(frozen=True)
class Route:
    """The two ends of a reply: the customer's number and our sending code (None: unknown)."""

    customer: str | None
    code: str | None

    @property
    def complete(self) -> bool:
        return bool(self.customer and self.code)

    def missing(self) -> str:
        """What is unknown, in plain words (empty when complete)."""
        gaps = [
            what
            for what, value in (("the customer's number", self.customer), ("our code", self.code))
            if not value
        ]
        return " and ".join(gaps)


def customer_of(thread: Thread, history: Sequence[Message]) -> str | None:
    """The customer's number: the thread's far end when its direction is known, else the
    history's ``phone`` (mandatory there), else whichever end the thread names."""
    if thread.direction is not Direction.UNKNOWN and thread.customer_number:
        return thread.customer_number
    for message in newest_first(history):
        if message.phone:
            return message.phone
    return thread.to or thread.from_


def code_of(thread: Thread, history: Sequence[Message]) -> str | None:
    """Our code: the thread's near end when its direction is known, else the newest ``smsCode``
    in the history."""
    near = {Direction.INBOUND: thread.to, Direction.OUTBOUND: thread.from_}.get(thread.direction)
    if near:
        return near
    for message in newest_first(history):
        if message.sms_code:
            return message.sms_code
    return None


class Routes:
    """The route of each thread, once known, for this run."""

    def __init__(self) -> None:
        self._known: dict[str, Route] = {}

    def known(self, thread: Thread, history: Sequence[Message]) -> Route:
        """What the thread and its history say now, completed by what was learnt before."""
        before = self._known.get(thread.thread_id, Route(None, None))
        route = Route(
            customer_of(thread, history) or before.customer,
            code_of(thread, history) or before.code,
        )
        if route.customer or route.code:
            self._known[thread.thread_id] = route
        return route

    async def resolve(
        self,
        thread: Thread,
        history: Sequence[Message],
        client: LiveVoxClient,
        prompts: Prompts,
        subject: str,
    ) -> Route | str:
        """The complete route, asking LiveVox for the SMS codes (and the agent to pick one of
        several) when nothing else names our code; else what is missing, in plain words."""
        route = self.known(thread, history)
        if route.code is None:
            try:
                codes = [code.code for code in await client.list_sms_codes()]
            except LiveVoxError as error:
                return f"our SMS code is unknown and the codes could not be read ({error.message})"
            code = codes[0] if len(codes) == 1 else None
            if len(codes) > 1:
                code = await prompts.choose_code(subject, codes, CHOOSE_WHY)
                if code is None:
                    return "no SMS code was chosen"
            route = Route(route.customer, code)
            if code:
                self._known[thread.thread_id] = route
        return route if route.complete else f"{route.missing()} is unknown"
