"""The soak of issue 11 ("exactly once"): 200 sends through the real SendFlow against the
simulator over real HTTP, each under a seeded random fault, with crashes and restarts. Every
intended message reaches LiveVox exactly once; no send it has is left failed; none is pending.

Run alone (prints the counts): ``.venv/bin/python -m pytest -q -s tests/send/test_soak.py``
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections import Counter
from collections.abc import Sequence

from harness.http_sim import posts, served
from harness.ui import fixed_clock

from inbox_tui.core.compliance import ComplianceSettings, Finding, HistoryMessage
from inbox_tui.core.send_gate import SendRequest
from inbox_tui.livevox.client import LiveVoxClient
from inbox_tui.livevox.models import Thread
from inbox_tui.livevox.retry import RetryPolicy
from inbox_tui.send import Delivery, OverrideAnswer, Recipient, SendFlow, SendResult
from inbox_tui.send.outbox import settle_earlier_sends
from inbox_tui.sim import SimConfig, create_app
from inbox_tui.store import OutboxState, Store

SENDS = int(__import__("os").environ.get("SOAK_SENDS", 200))
TIMEOUT = 0.3
"""The client's timeout: a held answer (``HOLD``) comes after it."""
HOLD = 0.6
KINDS = ("none", "drop", "drop_after_apply", "hold", "history_503", "crash")
SEND_PATH = "/message/send"
HISTORY_PATH = "/agent/messages"


class Yes:
    """Prompts that confirm everything, as an agent who read every question."""

    async def override(
        self, subject: str, holds: Sequence[Finding], warnings: Sequence[Finding], min_reason: int
    ) -> OverrideAnswer:
        return OverrideAnswer(
            {finding.code: "x" * max(min_reason, 12) for finding in holds},
            frozenset(finding.code for finding in warnings),
        )

    async def confirm_collision(self, subject: str, arrived: Sequence[HistoryMessage]) -> bool:
        return True

    async def choose_code(self, subject: str, codes: Sequence[str], why: str) -> str | None:
        return codes[0]


async def test_200_sends_under_faults_reach_livevox_exactly_once(tmp_path):
    rng = random.Random(20261207)
    app = create_app(
        SimConfig(seed=11, threads=160, messages_per_thread=1, clock=fixed_clock, shape="reference")
    )
    world = app.state.world
    counts: Counter[str] = Counter()
    store = Store.open(tmp_path / "soak.sqlite3", clock=fixed_clock)
    async with served(app) as url:
        client = LiveVoxClient(
            url,
            access_token=world.credentials.access_token,
            client_code=world.credentials.client_code,
            user_name=world.credentials.agent_login,
            password=world.credentials.agent_password,
            timeout=TIMEOUT,
            retry=RetryPolicy(base_delay=0.01, max_delay=0.05),
        )
        await client.login()

        def fresh_flow() -> SendFlow:
            return SendFlow(
                store,
                Yes(),
                client=lambda: client,
                settings=ComplianceSettings(),
                clock=fixed_clock,
            )

        async def history(thread_id: str):
            return await client.list_messages(thread_id=thread_id, page=1)

        flow = fresh_flow()
        threads = [
            t
            for t in world.threads.values()
            if not t.resolved and t.owner_agent_id in (None, world.agent_id)
        ]
        intended: dict[str, tuple[SendRequest, Recipient]] = {}
        to_resend: list[tuple[str, int]] = []  # (text, outbox id) told as not sent
        unknown: list[int] = []
        held: set[str] = set()

        def history_fails(event: str, _thread_id: str | None) -> None:
            # Armed while a "history_503" send is applied: the look that follows cannot read.
            if event == "send" and armed:
                world.fail_path(HISTORY_PATH, times=1_000)

        armed = False
        world.add_listener(history_fails)

        async def send(text: str, resend_of: int | None = None) -> None:
            nonlocal armed, flow
            request, recipient = intended[text]
            kind = rng.choice(KINDS)
            counts[kind] += 1
            if kind == "drop":
                world.inject_fault(drop=True, path_contains=SEND_PATH)
            elif kind == "drop_after_apply":
                world.inject_fault(drop_after_apply=True, path_contains=SEND_PATH)
            elif kind == "hold":
                world.inject_fault(hold=HOLD, path_contains=SEND_PATH)
            elif kind == "history_503":
                world.inject_fault(drop_after_apply=True, path_contains=SEND_PATH)
                armed = True
            elif kind == "crash":
                world.inject_fault(hold=5.0, path_contains=SEND_PATH)
            sending = asyncio.create_task(
                flow.send(request, Delivery("agent"), recipient, resend_of=resend_of)
            )
            if kind == "crash":
                # The app dies once LiveVox applied the send, before its answer.
                before = posts(world)
                while posts(world) == before and not sending.done():
                    await asyncio.sleep(0.005)
                sending.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await sending
                # The restart: a new flow; what the dead run left is settled from the history.
                flow = fresh_flow()
                report = await settle_earlier_sends(store, store.outbox.unresolved(), history)
                counts["restart settled sent"] += len(report.sent)
                counts["restart still unknown"] += len(report.still_unknown)
                for entry in report.not_there:
                    store.outbox.mark_failed(entry.id, "not in the history")
                    to_resend.append((entry.text, entry.id))
                unknown.extend(entry.id for entry in report.still_unknown)
                world.faults.clear()
                return
            outcome = await sending
            armed = False
            world.faults.clear()
            counts[f"outcome {outcome.result}"] += 1
            if outcome.result is SendResult.HELD:
                # The gate's own verdict (a seeded opt-out): nothing may reach LiveVox.
                assert outcome.entry is None and resend_of is None, outcome.text
                held.add(text)
                del intended[text]
                return
            assert outcome.result is not SendResult.CANCELLED, outcome.text
            if outcome.result is SendResult.FAILED:
                to_resend.append((text, outcome.entry.id))
            elif outcome.result is SendResult.UNKNOWN:
                unknown.append(outcome.entry.id)

        async def settle_unknown() -> None:
            """As the app does after a poll: look again; not there -> told, closed, resent."""
            listed = [e for e in store.outbox.unresolved() if e.id in set(unknown)]
            unknown.clear()
            report = await settle_earlier_sends(store, listed, history)
            counts["settled sent"] += len(report.sent)
            counts["settled not there"] += len(report.not_there)
            for entry in report.not_there:
                store.outbox.mark_failed(entry.id, "not in the history")
                to_resend.append((entry.text, entry.id))
            unknown.extend(entry.id for entry in report.still_unknown)

        for number in range(SENDS):
            thread = threads[number % len(threads)]
            text = f"Soak message {number}: your payment of ${number}.00 posted."
            request = SendRequest(text=text, to=thread.phone, from_code=thread.sms_code)
            recipient = Recipient(
                thread=Thread(thread_id=thread.thread_id), zones=["America/New_York"]
            )
            intended[text] = (request, recipient)
            await send(text)
            await settle_unknown()
            while to_resend:
                counts["resends"] += 1
                again, old_id = to_resend.pop()
                await send(again, resend_of=old_id)
                await settle_unknown()
        for _ in range(3):  # what the history could not show yet, looked for at later polls
            await settle_unknown()
            while to_resend:
                counts["resends"] += 1
                again, old_id = to_resend.pop()
                await send(again, resend_of=old_id)
                await settle_unknown()
        await client.aclose()

    entries = [store.outbox.get(i) for i in range(1, 10_000) if _exists(store, i)]
    store.close()
    by_text = Counter(send.text for send in world.sends)
    states = Counter(str(entry.state) for entry in entries)
    counts.update({f"entries {state}": n for state, n in states.items()})
    counts["posts"] = posts(world)
    print("\nsoak:", dict(sorted(counts.items())))
    assert sorted(by_text) == sorted(intended)
    assert not held & set(by_text)
    assert set(by_text.values()) == {1}, [t for t, n in by_text.items() if n > 1]
    sent_ids = {send.text: send.id for send in world.sends}
    for text in intended:
        sent = [e for e in entries if e.text == text and e.state is OutboxState.SENT]
        assert [e.transaction_id for e in sent] == [sent_ids[text]], text
    assert states[OutboxState.PENDING] == 0
    assert states[OutboxState.UNKNOWN] == 0


def _exists(store: Store, entry_id: int) -> bool:
    try:
        store.outbox.get(entry_id)
    except KeyError:
        return False
    return True
