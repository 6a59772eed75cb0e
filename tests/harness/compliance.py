"""Helpers of the compliance UI tests: the app on a chosen clock, opening a given thread,
and what the simulator and the store recorded."""

from datetime import UTC, datetime

from harness.ui import NOW, make_app, screen_text, status_text, wait_for
from inbox_tui.ui.dialogs.collision import CollisionDialog

# Threads of the seed-7 world (see inbox_tui/sim/builder.py): the last message or the contact
# flag that each one is made for, and where the contact lives.
STOP_THREAD = "56061000000"  # "STOP", Miami (ET)
PLAIN_THREAD = "56061000001"  # Houston (CT), nothing to hold
LIKELY_OPT_OUT_THREAD = "56061000003"  # "please stop texting me", Phoenix/Honolulu
DNC_THREAD = "56061000008"  # phoneDetails.dnc, Las Vegas (PT)
DO_NOT_DIAL_THREAD = "56061000009"  # doNotDial, Cambridge MA (ET)
DO_NOT_DIAL_DAILY_THREAD = "56061000010"  # doNotDialDaily, Florida (ET); in a group inbox
NOT_OPTED_IN_THREAD = "56061000011"  # smsOptInStatus false, Miami (ET)

AFTERNOON = datetime(2025, 3, 4, 19, 0, tzinfo=UTC)  # 14:00 ET, 11:00 PT, 09:00 in Honolulu
SIM_TIME = NOW  # the simulator's own clock: daytime in every US zone
TEN_PM_CENTRAL = datetime(2025, 3, 5, 4, 0, tzinfo=UTC)  # 22:00 CST in Houston

SIZE = (120, 40)


class Clock:
    """A clock the test sets; the app reads it at every check."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def compliance_app(sim, now: datetime = SIM_TIME, **settings):
    """The app over ``sim`` with its clock fixed at ``now`` (``app.clock.now`` moves it); its
    store dates outbox entries by that clock too, as the simulator dates the sent messages."""
    app = make_app(sim, mark_read="reply", **settings)
    app.clock = app.store.clock = Clock(now)
    return app


async def open_thread(pilot, thread_id: str) -> None:
    """Open a thread of the personal inbox and wait for its history and compliance check."""
    app = pilot.app
    await wait_for(pilot, lambda: app.thread_list.threads and app.connection.connected)
    index = app.thread_list.index_of(thread_id)
    assert index >= 0, f"thread {thread_id} is not in the personal inbox"
    app.thread_list.focus()
    app.thread_list.move_to(index)
    await pilot.press("enter")
    await wait_for(
        pilot,
        lambda: (
            app.conversation.messages
            and app.current_thread.thread_id == thread_id
            and thread_id in app.thread.zones
        ),
    )
    await pilot.pause()


async def reply(pilot, text: str) -> None:
    """Type ``text`` in the composer and press enter."""
    pilot.app.action_reply()
    pilot.app.composer.value = text
    await pilot.pause()
    await pilot.press("enter")


async def collide(pilot, world, arrived: str, draft: str) -> None:
    """In the open plain thread, ``arrived`` comes in unseen while the agent sends ``draft``;
    returns once the collision dialog shows."""
    world.customer_reply(PLAIN_THREAD, arrived)
    await reply(pilot, draft)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, CollisionDialog))


async def status_says(pilot, words: str) -> None:
    await wait_for(pilot, lambda: words in status_text(pilot.app))


def sends_to(world, thread_id: str) -> list:
    return [s for s in world.sends if s.thread_id == thread_id]


def send_requests(world) -> list:
    """Every request that sends a text: an agent's reply or a new SMS (``POST /sms/``)."""
    return [
        r
        for r in world.requests
        if r.path.endswith("/message/send") or (r.method == "POST" and r.path.rstrip("/") == "/sms")
    ]


def audited(app, action: str) -> list:
    return [e for e in app.store.audit_entries() if e.action == action]


__all__ = ["screen_text", "wait_for"]
