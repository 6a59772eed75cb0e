"""The composer's meter and look-alike key, personal data masking, and what a failed or unknown
send leaves behind (the draft, one outbox entry, never an automatic resend)."""

import pytest
from harness.compliance import (
    PLAIN_THREAD,
    SIZE,
    audited,
    compliance_app,
    open_thread,
    reply,
    screen_text,
    send_requests,
    status_says,
    wait_for,
)

from inbox_tui.core.pii import mask_pii
from inbox_tui.store import OutboxState
from inbox_tui.ui.dialogs.confirm import ConfirmDialog
from inbox_tui.ui.widgets.segment_meter import SegmentMeter

PII_THREAD = "56061000004"  # a contact with an SSN and a date of birth, Atlanta (ET)


def meter(app) -> str:
    return str(app.query_one(SegmentMeter).content)


def outbox(app) -> list[tuple[str, str | None]]:
    with app.store.reading() as connection:
        return connection.execute("SELECT state, resend_of FROM outbox ORDER BY id").fetchall()


async def test_meter_counts_as_the_agent_types_and_ctrl_g_makes_it_gsm(sim):
    app = compliance_app(sim)
    async with app.run_test(size=SIZE) as pilot:
        await open_thread(pilot, PLAIN_THREAD)
        app.action_reply()
        await pilot.press(*"Hi there")
        assert meter(app) == "GSM-7 · 8/160 · 1 part"
        app.composer.value = "It’s due — today…"  # keys cannot type these characters
        await pilot.pause()
        assert meter(app).startswith("UCS-2 · 17/70 · 1 part")
        assert meter(app).endswith("\nforced by ’ — … · ctrl+g to GSM")
        marked = app.composer.get_line(0)
        assert [marked.plain[span.start : span.end] for span in marked.spans] == ["’", "—", "…"]
        await pilot.press("ctrl+g")
        assert app.composer.value == "It's due - today..."
        assert meter(app) == "GSM-7 · 19/160 · 1 part"
        app.composer.value = "Thanks 🙂"  # no look-alike: the key is not offered
        await pilot.pause()
        assert meter(app) == "UCS-2 · 9/70 · 1 part\nforced by 🙂"


async def test_meter_counts_template_text_once_inserted(sim):
    app = compliance_app(sim)
    async with app.run_test(size=SIZE) as pilot:
        await open_thread(pilot, PLAIN_THREAD)
        app.insert_into_composer("x" * 161)
        await pilot.pause()
        assert meter(app) == "GSM-7 · 8/153 · 2 parts"


@pytest.mark.rich_only
async def test_pii_is_masked_until_the_reveal_key_which_is_audited(sim, world):
    contact = world.threads[PII_THREAD].contact
    ssn, dob = contact["ssn"], contact["dob"]
    world.customer_reply(PII_THREAD, "my ssn is 123-45-6789")
    app = compliance_app(sim)
    async with app.run_test(size=(200, 40)) as pilot:  # wide enough for the whole contact line
        await open_thread(pilot, PII_THREAD)
        text = screen_text(app)
        assert f"SSN ***-**-{ssn[-4:]}" in text and "DOB **/**/****" in text
        assert "my ssn is ***-**-6789" in text
        assert ssn not in text and dob not in text and "123-45-6789" not in text
        assert audited(app, "pii_reveal") == []
        await pilot.press("V")  # asks first; ctrl+l in the question only redraws, esc cancels
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        name = f"{contact['firstName']} {contact['lastName']}"
        assert f"Reveal SSN and DOB for {name}? This is recorded." in screen_text(app)
        await pilot.press("ctrl+l", "escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, ConfirmDialog))
        assert ssn not in screen_text(app) and audited(app, "pii_reveal") == []
        await pilot.press("V")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: app.compliance.pii_revealed_for == PII_THREAD)
        await pilot.pause()
        text = screen_text(app)
        assert f"SSN {ssn}" in text and f"DOB {dob}" in text and "123-45-6789" in text
        [reveal] = audited(app, "pii_reveal")
        assert reveal.thread_id == PII_THREAD
        assert reveal.details == {"fields": ["SSN", "DOB", "messages"]}
        await open_thread(pilot, PLAIN_THREAD)
        await open_thread(pilot, PII_THREAD)
        assert ssn not in screen_text(app)  # revealed for that visit only


async def test_nothing_to_reveal_is_said_and_not_audited(sim, world):
    [thread_id, *_] = [
        t.thread_id
        for t in world.threads.values()
        if t.owner_agent_id == world.agent_id
        and not (t.contact or {}).get("ssn")
        and not (t.contact or {}).get("dob")
        and all(mask_pii(m.text) == m.text for m in t.messages)
    ]
    app = compliance_app(sim)
    async with app.run_test(size=SIZE) as pilot:
        await open_thread(pilot, thread_id)
        await pilot.press("V")
        await status_says(pilot, "Nothing to reveal")
        assert audited(app, "pii_reveal") == []
        assert app.compliance.pii_revealed_for is None


@pytest.mark.rich_only
async def test_revealed_pii_leads_the_contact_line_at_80_columns(sim, world):
    contact = world.threads[PII_THREAD].contact
    app = compliance_app(sim)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_thread(pilot, PII_THREAD)
        await pilot.press("V", "enter")
        await wait_for(pilot, lambda: app.compliance.pii_revealed_for == PII_THREAD)
        await pilot.pause()
        details = str(app.query_one("#contact").content).splitlines()[1]
        assert details.startswith(f"SSN {contact['ssn']} · DOB {contact['dob']} · their time")
        assert f"SSN {contact['ssn']}" in screen_text(app)


async def test_a_failed_send_keeps_the_draft_and_one_outbox_entry_until_resent(sim, world):
    app = compliance_app(sim)
    async with app.run_test(size=SIZE) as pilot:
        await open_thread(pilot, PLAIN_THREAD)
        world.inject_fault(500, path_contains="/message/send")
        await reply(pilot, "Can we talk at 5?")
        await status_says(pilot, "press R to send it again")
        assert app.composer.value == "Can we talk at 5?"
        assert world.sends == [] and len(send_requests(world)) == 1
        assert outbox(app) == [(OutboxState.UNKNOWN, None)]
        app.conversation.focus()
        await pilot.press("R")
        await status_says(pilot, "Sent.")
        assert [s.text for s in world.sends] == ["Can we talk at 5?"]
        assert outbox(app) == [(OutboxState.UNKNOWN, None), (OutboxState.SENT, 1)]


async def test_an_unknown_outcome_is_settled_from_the_history_without_resending(sim, world):
    app = compliance_app(sim)
    async with app.run_test(size=SIZE) as pilot:
        await open_thread(pilot, PLAIN_THREAD)
        world.inject_fault(drop_after_apply=True, path_contains="/message/send")
        await reply(pilot, "Payment received, thank you.")
        await status_says(pilot, "Sent.")
        assert [s.text for s in world.sends] == ["Payment received, thank you."]
        assert len(send_requests(world)) == 1
        assert outbox(app) == [(OutboxState.SENT, None)]
        assert [e.outcome for e in audited(app, "send")] == ["sent"]
        await wait_for(pilot, lambda: app.composer.value == "")
