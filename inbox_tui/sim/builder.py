"""Seeded generation of the world's threads; contacts and histories are made on first access.

Building is one cheap pass per thread (a few draws from one ``random.Random(seed)``); the contact
and the history of thread *i* come from their own generator seeded by (seed, i), so they are the
same whenever and in whatever order they are first read.
"""

from __future__ import annotations

import random
import unicodedata
from typing import Any

from inbox_tui.sim import catalog
from inbox_tui.sim.config import MAX_MESSAGES_PER_THREAD, SimConfig
from inbox_tui.sim.records import SimMessage, SimThread
from inbox_tui.sim.world import World

THREAD_ID_BASE = 56_061_000_000
MESSAGE_ID_BASE = 57_000_000_000
MAX_AGE_MS = 30 * 24 * 3600 * 1000

# The first threads end with these inbound texts and sit in these inboxes, so that even a small
# world shows opt-outs, help requests and hostile text (True: the agent's personal inbox).
SPECIAL_THREADS: tuple[tuple[str, bool], ...] = (
    ("STOP", True),
    (catalog.HOSTILE_TEXTS[0], True),
    ("HELP", False),
    ("please stop texting me", True),
    (catalog.HOSTILE_TEXTS[2], True),
    (catalog.HOSTILE_TEXTS[1], False),
    (catalog.HOSTILE_TEXTS[3], True),
    (catalog.HOSTILE_TEXTS[4], False),
)
# Contact flags forced on the threads after the special ones: (flag, personal inbox).
FLAGGED_THREADS: tuple[tuple[str, bool], ...] = (
    ("dnc", True),
    ("doNotDial", True),
    ("doNotDialDaily", False),
    ("optedOutOfSms", True),
    ("stateMismatch", True),
)


def build_world(config: SimConfig) -> World:
    """A new world for ``config``: agents, services, templates and ``config.threads`` threads."""
    world = World(config)
    rng = random.Random(config.seed)
    filler = SeededThreads(config.seed, config.messages_per_thread)
    now_ms = config.now_ms()
    others = [agent.agent_id for agent in world.agents.values() if agent.agent_id != world.agent_id]
    service_ids = list(world.services)
    areas = catalog.AREAS
    special = len(SPECIAL_THREADS)
    flagged = special + len(FLAGGED_THREADS)
    for index in range(config.threads):
        draw = rng.random()
        if index < special:
            personal = SPECIAL_THREADS[index][1]
            owner = world.agent_id if personal else None
        elif index < flagged:
            owner = world.agent_id if FLAGGED_THREADS[index - special][1] else None
        elif draw < 0.35:
            owner = world.agent_id
        elif draw < 0.8:
            owner = None
        else:
            owner = others[int(rng.random() * len(others))]
        last_direction = 1 if index < special or rng.random() < 0.6 else 2
        area_code = areas[int(rng.random() * len(areas))][0]
        phone = f"1{area_code}{rng.randrange(200, 1000)}{rng.randrange(10000):04d}"
        thread = SimThread(
            thread_id=str(THREAD_ID_BASE + index),
            index=index,
            service_id=service_ids[int(rng.random() * len(service_ids))],
            owner_agent_id=owner,
            account=str(rng.randrange(1000, 10_000_000)),
            phone=phone,
            sms_code=catalog.THREAD_SMS_CODES[int(rng.random() * 2)],
            last_ms=now_ms - min(int(rng.expovariate(1 / 172_800_000)), MAX_AGE_MS),
            last_direction=last_direction,
            read=last_direction == 2 or rng.random() < 0.4,
            replied=last_direction == 2 or rng.random() < 0.5,
            filler=filler,
        )
        world.add_thread(thread)
    return world


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


class SeededThreads:
    """Makes the contact and history of a thread from (seed, thread index)."""

    def __init__(self, seed: int, messages_per_thread: int) -> None:
        self._seed = seed
        self._count = messages_per_thread

    def _rng(self, thread: SimThread, salt: int) -> random.Random:
        return random.Random((self._seed * 1_000_003 + thread.index) * 4 + salt)

    def contact(self, thread: SimThread) -> dict[str, Any]:
        """LiveVox's ``contactInfo`` for the thread's customer."""
        rng = self._rng(thread, 1)
        flag = self._flag(thread)
        first = rng.choice(catalog.FIRST_NAMES)
        last = rng.choice(catalog.LAST_NAMES)
        area = next((a for a in catalog.AREAS if a[0] == thread.phone[1:4]), None)
        area = area or rng.choice(catalog.AREAS)
        if flag == "stateMismatch" or rng.random() < 0.08:
            area = rng.choice([a for a in catalog.AREAS if a[1] != area[1]])
        _, state, zip_code, city = area
        balance = round(rng.uniform(25, 5000), 2)
        phones = [
            {
                "number": thread.phone,
                "wireless": rng.random() < 0.85,
                "dnc": flag == "dnc" or rng.random() < 0.03,
                "position": 1,
            }
        ]
        if rng.random() < 0.2:
            second = f"1{rng.choice(catalog.AREAS)[0]}{rng.randrange(200, 1000)}"
            phones.append(
                {
                    "number": f"{second}{rng.randrange(10000):04d}",
                    "wireless": False,
                    "dnc": rng.random() < 0.2,
                    "position": 2,
                }
            )
        contact: dict[str, Any] = {
            "account": thread.account,
            "originalAccountNumber": f"A-{thread.account}",
            "firstName": first,
            "lastName": last,
            "isActive": True,
            "emailAddress": f"{_ascii(first)}.{_ascii(last)}@example.com",
            "phoneDetails": phones,
            "address1": f"{rng.randrange(10, 9999)} {rng.choice(catalog.STREETS)}",
            "city": city,
            "state": state,
            "zipCode": zip_code,
            "country": "US",
            "paymentBalance": balance,
            "amountToSpeak": f"{balance:.2f}",
            "accountDueDate": thread.last_ms + rng.randrange(1, 30) * 86_400_000,
            "doNotDial": flag == "doNotDial" or rng.random() < 0.02,
            "doNotDialDaily": flag == "doNotDialDaily" or rng.random() < 0.02,
            "smsOptInStatus": flag != "optedOutOfSms" and rng.random() < 0.95,
            "smsInbound": thread.last_direction == 1,
            "emailInbound": False,
        }
        if rng.random() < 0.4:
            contact["ssn"] = f"9{rng.randrange(10, 100)}-{rng.randrange(10, 100)}-" + (
                f"{rng.randrange(10000):04d}"
            )
        if rng.random() < 0.5:
            contact["dob"] = (
                f"{rng.randrange(1945, 2004)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
            )
        if rng.random() < 0.1:
            contact["guarantorFirstName"] = rng.choice(catalog.FIRST_NAMES)
            contact["guarantorLastName"] = last
        return contact

    def messages(self, thread: SimThread) -> list[SimMessage]:
        """The seeded history, oldest first, ending at the thread's last activity."""
        rng = self._rng(thread, 2)
        count = self._count
        special = thread.index < len(SPECIAL_THREADS)
        messages: list[SimMessage] = []
        date_ms = thread.last_ms
        direction = thread.last_direction
        first_id = MESSAGE_ID_BASE + thread.index * (MAX_MESSAGES_PER_THREAD + 1)
        for position in range(count - 1, -1, -1):
            last = position == count - 1
            if direction == 1:
                text = rng.choice(catalog.INBOUND_TEXTS)
                if last and special:
                    text = SPECIAL_THREADS[thread.index][0]
                elif last and rng.random() < 0.04:
                    text = rng.choice(
                        catalog.OPT_OUT_TEXTS + catalog.HELP_TEXTS + catalog.HOSTILE_TEXTS
                    )
                status = catalog.INBOUND_STATUS
            else:
                text = rng.choice(catalog.OUTBOUND_TEXTS)
                status = (
                    catalog.OUTBOUND_STATUS
                    if rng.random() < 0.95
                    else rng.choice(catalog.OUTBOUND_OTHER_STATUSES)
                )
            messages.append(
                SimMessage(
                    id=str(first_id + position),
                    text=text,
                    direction=direction,
                    date_ms=date_ms,
                    status=status,
                    sms_code=thread.sms_code,
                    phone=thread.phone,
                    thread_id=thread.thread_id,
                )
            )
            date_ms -= rng.randrange(20_000, 36 * 3_600_000)
            # Conversations mostly alternate, with the occasional double text.
            direction = (3 - direction) if rng.random() < 0.7 else direction
        messages.reverse()
        return messages

    @staticmethod
    def _flag(thread: SimThread) -> str | None:
        position = thread.index - len(SPECIAL_THREADS)
        return FLAGGED_THREADS[position][0] if 0 <= position < len(FLAGGED_THREADS) else None
