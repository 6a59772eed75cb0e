"""The simulated LiveVox: its state and every action an API call can take on it.

Actions raise :class:`SimError` with the HTTP status LiveVox would answer; the ASGI app only
parses requests and shapes answers.
"""

from __future__ import annotations

import asyncio
import dataclasses
import random
from collections.abc import Callable, Iterable
from typing import Any

from inbox_tui.sim import catalog
from inbox_tui.sim.config import SimConfig
from inbox_tui.sim.records import (
    CREDENTIALS,
    Fault,
    Listener,
    RecordedRequest,
    SimAgent,
    SimError,
    SimMessage,
    SimSend,
    SimService,
    SimThread,
)
from inbox_tui.sim.sessions import Sessions

NEW_ID_BASE = 59_000_000_000


def phone_key(number: str) -> str:
    """A phone number reduced to its 10 national digits, for comparing numbers."""
    digits = "".join(ch for ch in number if ch.isdigit())
    return digits[1:] if len(digits) == 11 and digits.startswith("1") else digits


def is_phone(number: str) -> bool:
    """Whether ``number`` looks like a North American phone number."""
    return len(phone_key(number)) == 10


class World:
    """Agents, services, templates, threads and everything the API did to them."""

    def __init__(self, config: SimConfig) -> None:
        self.config = config
        self.credentials = CREDENTIALS
        self.agent_id = catalog.AGENT_ID
        self.agents: dict[str, SimAgent] = {
            catalog.AGENT_ID: SimAgent(
                catalog.AGENT_ID, catalog.AGENT_LOGIN, catalog.AGENT_NAME, "READY"
            )
        }
        for agent_id, login, name, status in catalog.OTHER_AGENTS:
            self.agents[agent_id] = SimAgent(agent_id, login, name, status)
        self.services: dict[str, SimService] = {
            sid: SimService(sid, name, vm) for sid, name, vm in catalog.SERVICES
        }
        self.sms_codes: list[tuple[str, str]] = list(catalog.SMS_CODES)
        self.templates: dict[str, tuple[int, str | None, str, str]] = {
            str(t[0]): t for t in catalog.TEMPLATES
        }
        self.term_codes: dict[str, list[tuple[str, list[dict[str, Any]]]]] = {
            sid: _term_codes_for(number) for number, sid in enumerate(self.services, start=1)
        }
        self.threads: dict[str, SimThread] = {}
        self.sends: list[SimSend] = []
        self.transfers: list[tuple[str, str]] = []
        self.requests: list[RecordedRequest] = []
        self.faults: list[Fault] = []
        self.sms_sent = 0
        # The clock is read through self.config, so configure() can swap it too.
        self.sessions = Sessions(
            self.credentials,
            self.agent_id,
            config.session_ttl,
            lambda: self.config.now().timestamp(),
        )
        # Separate generators, so that runtime replies and random faults never change the seeded
        # data, and each stays reproducible on its own.
        self.reply_rng = random.Random(config.seed * 31 + 1)
        self.fault_rng = random.Random(config.seed * 31 + 2)
        self._next_id = NEW_ID_BASE
        self._ids: list[str] = []
        self._by_phone: dict[str, list[str]] = {}
        self._by_account: dict[str, list[str]] = {}
        self._listeners: list[Listener] = []

    # -- building and watching --------------------------------------------------------------

    def add_thread(self, thread: SimThread) -> None:
        """Add a thread and index it by phone number and account."""
        self.threads[thread.thread_id] = thread
        self._ids.append(thread.thread_id)
        self._by_phone.setdefault(phone_key(thread.phone), []).append(thread.thread_id)
        self._by_account.setdefault(thread.account, []).append(thread.thread_id)

    def add_listener(self, listener: Listener) -> None:
        """Call ``listener(event, thread_id)`` after every change ("reply", "send", ...)."""
        self._listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        """Stop calling ``listener``."""
        self._listeners.remove(listener)

    async def wait_until(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:
        """Wait until ``predicate()`` holds, checking after every change and request."""
        changed = asyncio.Event()

        def on_change(_event: str, _thread_id: str | None) -> None:
            changed.set()

        self.add_listener(on_change)
        try:
            async with asyncio.timeout(timeout):
                while not predicate():
                    await changed.wait()
                    changed.clear()
        finally:
            self.remove_listener(on_change)

    def configure(self, **changes: Any) -> SimConfig:
        """Change knobs of a running simulator (faults, page size, session TTL, term codes)."""
        self.config = dataclasses.replace(self.config, **changes)
        self.sessions.ttl = self.config.session_ttl
        return self.config

    def notify(self, event: str, thread_id: str | None = None) -> None:
        """Tell the listeners that something changed."""
        for listener in list(self._listeners):
            listener(event, thread_id)

    def new_id(self) -> str:
        """A fresh transaction/message/thread id."""
        self._next_id += 1
        return str(self._next_id)

    def inject_fault(
        self,
        status: int | None = None,
        *,
        path_contains: str = "",
        method: str | None = None,
        times: int = 1,
        retry_after: float | None = None,
        drop: bool = False,
        drop_after_apply: bool = False,
        body: Any = None,
        hold: float | None = None,
    ) -> Fault:
        """Answer ``status`` (or drop the connection) for the next ``times`` matching requests.

        ``drop`` drops before the call takes effect; ``drop_after_apply`` lets it take effect,
        then drops, so the client cannot know it happened. ``hold`` lets it take effect, then
        holds the answer for that many seconds (less if the client hangs up), so that a client
        timeout fires after the server acted.
        """
        if hold is not None:
            if status is not None or drop or drop_after_apply:
                raise ValueError("hold answers late: it takes no status and no drop")
            if hold <= 0:
                raise ValueError("hold must be a positive number of seconds")
        elif status is None and not (drop or drop_after_apply):
            raise ValueError("a fault needs a status, drop, drop_after_apply or hold")
        fault = Fault(
            status,
            path_contains,
            method,
            times,
            retry_after,
            drop,
            drop_after_apply,
            body,
            hold,
        )
        self.faults.append(fault)
        return fault

    def fail_path(
        self,
        path_contains: str,
        *,
        times: int = 1,
        status: int = 503,
        retry_after: float | None = None,
    ) -> Fault:
        """Answer ``status`` (503) to the next ``times`` calls whose path has ``path_contains``."""
        return self.inject_fault(
            status, path_contains=path_contains, times=times, retry_after=retry_after
        )

    # -- reading ---------------------------------------------------------------------------

    def agent_thread(self, thread_id: str, agent_id: str) -> SimThread:
        """An open thread the agent may act on: in their personal inbox or a group inbox."""
        thread = self.threads.get(thread_id)
        if thread is None or thread.owner_agent_id not in (None, agent_id):
            raise SimError(404, f"Thread {thread_id} not found.")
        if thread.resolved:
            raise SimError(409, f"Thread {thread_id} is already resolved.")
        return thread

    def inbox(self, *, owner: str | None, service_id: str | None) -> list[SimThread]:
        """Open threads of a personal inbox (``owner``) or a group inbox, newest first."""
        if owner is not None:
            items = [
                t
                for t in self.threads.values()
                if t.owner_agent_id == owner
                and not t.resolved
                and (service_id is None or t.service_id == service_id)
            ]
        else:
            items = [
                t
                for t in self.threads.values()
                if t.owner_agent_id is None and t.service_id == service_id and not t.resolved
            ]
        items.sort(key=lambda t: (t.last_ms, t.thread_id), reverse=True)
        return items

    def inbox_counts(self) -> dict[str, tuple[int, int]]:
        """(unread, total) of the agent's personal SMS inbox (key: agent id) and each group."""
        counts = {key: [0, 0] for key in (self.agent_id, *self.services)}
        for thread in self.threads.values():
            if thread.resolved:
                continue
            if thread.owner_agent_id == self.agent_id:
                pair = counts[self.agent_id]
            elif thread.owner_agent_id is None:
                pair = counts[thread.service_id]
            else:
                continue
            pair[1] += 1
            if not thread.read:
                pair[0] += 1
        return {key: (unread, total) for key, (unread, total) in counts.items()}

    def history(self, *, thread_id: str | None, account: str | None) -> list[SimMessage]:
        """Messages of a thread and/or an account, newest first."""
        if thread_id is not None:
            thread = self.threads.get(thread_id)
            if thread is None:
                raise SimError(404, f"Thread {thread_id} not found.")
            threads: Iterable[SimThread] = (
                [thread] if account is None or thread.account == account else []
            )
        else:
            threads = [self.threads[i] for i in self._by_account.get(account or "", [])]
        messages = [m for t in threads for m in t.messages]
        messages.sort(key=lambda m: (m.date_ms, m.id), reverse=True)
        return messages

    def term_code_ids(self, service_id: str) -> set[str]:
        """Ids of the term codes of a service."""
        return {code["id"] for _, codes in self.term_codes[service_id] for code in codes}

    # -- actions ---------------------------------------------------------------------------

    def assign_to_group(self, thread_id: str, agent_id: str) -> None:
        """Move a thread from the agent's personal inbox to its service's group inbox."""
        thread = self.agent_thread(thread_id, agent_id)
        thread.owner_agent_id = None
        self.notify("assign", thread_id)

    def take_to_personal(self, thread_id: str, agent_id: str) -> None:
        """Take a group thread into the agent's personal inbox."""
        thread = self.agent_thread(thread_id, agent_id)
        thread.owner_agent_id = agent_id
        self.notify("take", thread_id)

    def transfer(self, thread_id: str, to_agent_id: str, by_agent_id: str) -> None:
        """Hand a thread to another agent."""
        thread = self.agent_thread(thread_id, by_agent_id)
        if to_agent_id not in self.agents:
            raise SimError(404, f"Agent {to_agent_id} not found.")
        if to_agent_id == by_agent_id:
            raise SimError(400, "A thread cannot be transferred to its own agent.")
        thread.owner_agent_id = to_agent_id
        self.transfers.append((thread_id, to_agent_id))
        self.notify("transfer", thread_id)

    def resolve(
        self,
        thread_id: str,
        agent_id: str,
        *,
        account: str,
        agent_entered_account: str,
        term_code_id: str | None,
    ) -> None:
        """Close a thread with a term code; it leaves every inbox."""
        thread = self.agent_thread(thread_id, agent_id)
        if account != thread.account:
            raise SimError(400, "The account does not match the thread.")
        if term_code_id is not None and term_code_id not in self.term_code_ids(thread.service_id):
            raise SimError(400, f"Unknown term code {term_code_id} for this service.")
        thread.resolved = True
        thread.term_code_id = term_code_id
        thread.resolved_account = account
        thread.agent_entered_account = agent_entered_account
        self.notify("resolve", thread_id)

    def set_read(self, thread_id: str, agent_id: str, channel_id: str, read: bool) -> None:
        """Mark a thread read or unread."""
        thread = self.agent_thread(thread_id, agent_id)
        if channel_id not in (thread.service_id, agent_id):
            raise SimError(400, f"Thread {thread_id} is not in channel {channel_id}.")
        thread.read = read
        self.notify("read" if read else "unread", thread_id)

    def send_agent_message(
        self,
        agent_id: str,
        *,
        from_number: str,
        to_number: str,
        text: str,
        account: str | None,
        thread_id: str | None,
        template_id: str | None,
    ) -> SimSend:
        """An agent's reply (``message/send``): appended to the thread, outbound."""
        self._check_send(from_number, to_number, template_id)
        if thread_id is not None:
            thread = self.agent_thread(thread_id, agent_id)
            if phone_key(to_number) != phone_key(thread.phone):
                raise SimError(400, "toNumber is not the phone number of the thread.")
            if account is not None and account != thread.account:
                raise SimError(400, "The account does not match the thread.")
        else:
            thread = self._thread_for(to_number, account, agent_id, self._agent_service())
        send = SimSend(
            "agent", from_number, to_number, text, template_id, account, thread_id, self.new_id()
        )
        self._deliver(thread, send, from_number)
        self.sms_sent += 1
        return send

    def send_sms(
        self,
        *,
        agent_id: str | None,
        from_code: str,
        to: str,
        text: str | None,
        template_id: str | None,
        account: str | None,
        service_id: str | None,
    ) -> SimSend:
        """A transactional SMS (``POST /sms/``) by an agent (``agent_id``) or a user."""
        self._check_send(from_code, to, template_id)
        if text is None:
            text = self.templates[str(template_id)][2]
        if agent_id is None and service_id not in self.services:
            raise SimError(400, f"Unknown serviceId {service_id}.")
        service = service_id or self._agent_service()
        thread = self._thread_for(to, account, agent_id, service)
        send = SimSend("sms", from_code, to, text, template_id, account, None, self.new_id())
        send.service_id = service_id
        self._deliver(thread, send, from_code)
        if agent_id is not None:
            self.sms_sent += 1
        return send

    def customer_reply(self, thread_id: str | None = None, text: str | None = None) -> SimMessage:
        """The customer of a thread (random if not given) texts now; the thread turns unread."""
        if thread_id is None:
            thread = self._random_open_thread()
        elif thread_id in self.threads:
            thread = self.threads[thread_id]
        else:
            raise SimError(404, f"Thread {thread_id} not found.")
        if thread.resolved:
            # A customer writing again after resolution starts over in the group inbox.
            thread.resolved = False
            thread.owner_agent_id = None
        if text is None:
            text = self._reply_text()
        message = SimMessage(
            id=self.new_id(),
            text=text,
            direction=1,
            date_ms=max(self.config.now_ms(), thread.last_ms + 1),
            status=catalog.INBOUND_STATUS,
            sms_code=thread.sms_code,
            phone=thread.phone,
            thread_id=thread.thread_id,
        )
        thread.append(message)
        thread.read = False
        self.notify("reply", thread.thread_id)
        return message

    # -- inspection --------------------------------------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        """The whole world as plain JSON-able data (materializes every thread's history)."""
        return {
            "agents": [vars(a) for a in self.agents.values()],
            "services": [vars(s) for s in self.services.values()],
            "smsCodes": self.sms_codes,
            "templates": list(self.templates.values()),
            "termCodes": self.term_codes,
            "threads": [
                {
                    "threadId": t.thread_id,
                    "serviceId": t.service_id,
                    "owner": t.owner_agent_id,
                    "read": t.read,
                    "replied": t.replied,
                    "resolved": t.resolved,
                    "account": t.account,
                    "phone": t.phone,
                    "smsCode": t.sms_code,
                    "lastMs": t.last_ms,
                    "contact": t.contact,
                    "messages": [
                        [m.id, m.text, m.direction, m.date_ms, m.status] for m in t.messages
                    ],
                }
                for t in self.threads.values()
            ],
        }

    # -- helpers ---------------------------------------------------------------------------

    def _agent_service(self) -> str:
        """The service the agent is logged into: the first one."""
        return next(iter(self.services))

    def _check_send(self, from_number: str, to_number: str, template_id: str | None) -> None:
        if from_number not in {code for code, _ in self.sms_codes}:
            raise SimError(400, f"{from_number} is not an SMS code of this service.")
        if not is_phone(to_number):
            raise SimError(400, f"{to_number} is not a valid phone number.")
        if template_id is not None and str(template_id) not in self.templates:
            raise SimError(400, f"Unknown template {template_id}.")

    def _thread_for(
        self, to: str, account: str | None, agent_id: str | None, service_id: str
    ) -> SimThread:
        """The newest open thread with this number that the sender sees, or a new one."""
        for tid in reversed(self._by_phone.get(phone_key(to), [])):
            thread = self.threads[tid]
            visible = agent_id is None or thread.owner_agent_id in (None, agent_id)
            if not thread.resolved and visible and (account is None or account == thread.account):
                return thread
        thread_id = self.new_id()
        phone = f"1{phone_key(to)}"
        thread = SimThread(
            thread_id=thread_id,
            index=-1,
            service_id=service_id,
            owner_agent_id=agent_id,
            account=account or "",
            phone=phone,
            sms_code=catalog.THREAD_SMS_CODES[0],
            last_ms=self.config.now_ms(),
            last_direction=2,
            read=True,
            replied=True,
            contact={
                "account": account or "",
                "phoneDetails": [{"number": phone, "wireless": True, "dnc": False, "position": 1}],
            },
        )
        self.add_thread(thread)
        return thread

    def _deliver(self, thread: SimThread, send: SimSend, from_code: str) -> None:
        thread.append(
            SimMessage(
                id=send.id,
                text=send.text,
                direction=2,
                date_ms=max(self.config.now_ms(), thread.last_ms + 1),
                status=catalog.OUTBOUND_STATUS,
                sms_code=from_code,
                phone=thread.phone,
                thread_id=thread.thread_id,
            )
        )
        thread.read = True
        thread.replied = True
        send.thread_id = thread.thread_id
        self.sends.append(send)
        self.notify("send", thread.thread_id)

    def _random_open_thread(self) -> SimThread:
        def is_open(thread: SimThread) -> bool:
            return not thread.resolved and thread.owner_agent_id in (None, self.agent_id)

        # Sampling finds an open thread at once in a big world; the scan is the fallback.
        for _ in range(64 if self._ids else 0):
            thread = self.threads[self._ids[self.reply_rng.randrange(len(self._ids))]]
            if is_open(thread):
                return thread
        candidates = [t for t in self.threads.values() if is_open(t)]
        if not candidates:
            raise SimError(404, "No open thread to reply on.")
        return self.reply_rng.choice(candidates)

    def _reply_text(self) -> str:
        draw = self.reply_rng.random()
        if draw < 0.08:
            return self.reply_rng.choice(catalog.OPT_OUT_TEXTS)
        if draw < 0.13:
            return self.reply_rng.choice(catalog.HELP_TEXTS)
        if draw < 0.16:
            return self.reply_rng.choice(catalog.HOSTILE_TEXTS)
        return self.reply_rng.choice(catalog.INBOUND_TEXTS)


def _term_codes_for(service_number: int) -> list[tuple[str, list[dict[str, Any]]]]:
    categories = []
    order = 0
    for cat_number, (category, codes) in enumerate(catalog.TERM_CODES, start=1):
        items = []
        for code_number, (name, result, action, payment) in enumerate(codes, start=1):
            order += 1
            items.append(
                {
                    "id": f"{service_number}{cat_number}{code_number:02d}",
                    "name": name,
                    "lvResultId": str(900 + order),
                    "lvResult": result,
                    "reportDisplayOrder": order,
                    "previewDialEnabled": False,
                    "actionType": action,
                    "paymentAmtRequired": payment,
                }
            )
        categories.append((category, items))
    return categories
