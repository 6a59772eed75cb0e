"""The client against the simulator: every method, the errors it can produce, and real HTTP.

The simulator shares no code with the client, so these tests check the client's reading of the
reference against an independent one, and assert on what the simulated LiveVox did.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta

import pytest
import uvicorn

from inbox_tui.livevox.client import LiveVoxClient, RetryPolicy
from inbox_tui.livevox.errors import (
    AuthError,
    BadRequestError,
    ConflictError,
    ForbiddenError,
    NetworkError,
    NotFoundError,
    ProtocolError,
    RateLimitedError,
    ServerError,
)
from inbox_tui.livevox.models import Direction
from inbox_tui.sim import SimConfig, World, create_app, sim_transport
from inbox_tui.sim.edge import SimEdge

from .scripted import SleepRecorder

SERVICE = "94874"
OTHER_AGENT = "645835"


@pytest.fixture
def moment() -> list[datetime]:
    """The simulator's clock, moved by hand: ``moment[0] += timedelta(...)``."""
    return [datetime(2026, 3, 10, 15, 30, tzinfo=UTC)]


@pytest.fixture
def config(moment: list[datetime]) -> SimConfig:
    return SimConfig(
        seed=7, threads=30, messages_per_thread=12, page_size=25, clock=lambda: moment[0]
    )


@pytest.fixture
def app(config: SimConfig) -> SimEdge:
    return create_app(config)


@pytest.fixture
def world(app: SimEdge) -> World:
    return app.state.world


def client_for(world: World, *, base_url="http://sim.test", agent=True, **options) -> LiveVoxClient:
    creds = world.credentials
    settings = {
        "access_token": creds.access_token,
        "client_code": creds.client_code,
        "user_name": creds.agent_login if agent else creds.user_login,
        "password": creds.agent_password if agent else creds.user_password,
        "agent": agent,
    }
    return LiveVoxClient(base_url, **{**settings, **options})


@pytest.fixture
async def agent(app: SimEdge, world: World, sleeps: SleepRecorder) -> AsyncIterator[LiveVoxClient]:
    retry = RetryPolicy(sleep=sleeps, random=lambda: 1.0)
    async with client_for(world, transport=sim_transport(app), retry=retry) as client:
        yield client


@pytest.fixture
async def user(app: SimEdge, world: World) -> AsyncIterator[LiveVoxClient]:
    async with client_for(world, agent=False, transport=sim_transport(app)) as client:
        yield client


def requests_to(world: World, fragment: str) -> list[str]:
    return [r.method for r in world.requests if fragment in r.path]


def group_thread(world: World):
    return next(t for t in world.threads.values() if t.owner_agent_id is None and not t.resolved)


def personal_thread(world: World):
    return next(
        t for t in world.threads.values() if t.owner_agent_id == world.agent_id and not t.resolved
    )


async def test_login_and_logout_over_the_simulator(agent, world) -> None:
    result = await agent.login()
    assert agent.agent_id == world.agent_id == result.user_id
    assert len(world.sessions) == 1
    await agent.logout()
    assert len(world.sessions) == 0
    assert [r.path for r in world.requests] == ["/session/login", "/session/logout/{sessionId}"]
    assert world.requests[0].json["password"] == "***"


async def test_inbox_reads_match_the_world(agent, world) -> None:
    channels = await agent.list_channels()
    sms = [c for c in channels if c.channel == "SMS"]
    assert [c.channel_id for c in sms] == [world.agent_id, *world.services]
    unread, total = world.inbox_counts()[world.agent_id]
    assert (sms[0].unread_count, sms[0].total_count, sms[0].personal) == (unread, total, True)

    counts = await agent.channel_counts()
    assert counts.count_of_unread_sms_threads_in_personal_inbox == unread
    assert counts.count_of_active_sms_threads_in_personal_inbox == total

    personal = await agent.list_threads(world.agent_id, personal=True)
    expected = world.inbox(owner=world.agent_id, service_id=None)
    assert [t.thread_id for t in personal] == [t.thread_id for t in expected]
    group = await agent.list_threads(SERVICE, personal=False)
    assert [t.thread_id for t in group] == [
        t.thread_id for t in world.inbox(owner=None, service_id=SERVICE)
    ]
    assert all(t.service_id == SERVICE and t.customer_number for t in group)
    assert await agent.list_threads(SERVICE, personal=False, page=99) == []

    thread = world.threads[personal[0].thread_id]
    history = await agent.list_messages(thread_id=thread.thread_id)
    assert [m.id for m in history] == [m.id for m in reversed(thread.messages)]
    assert {m.direction for m in history} <= {Direction.INBOUND, Direction.OUTBOUND}
    by_account = await agent.list_messages(account=thread.account, page=1)
    assert thread.messages[-1].id in {m.id for m in by_account}


async def test_sms_reads_and_sends_for_agent_and_user(agent, user, world) -> None:
    templates = await agent.list_templates()
    assert [t.id for t in templates] == list(world.templates)
    codes = await user.list_sms_codes()
    assert [c.code for c in codes] == [code for code, _ in world.sms_codes]
    assert [t.id for t in await user.list_templates()] == list(world.templates)

    by_agent = await agent.send_sms(
        from_code="53063", to="(415) 555-0142", message="Your appointment is at 3pm", account="A1"
    )
    by_user = await user.send_sms(
        from_code="53063", to="+1 415 555 0143", template_id=templates[0].id, service_id=SERVICE
    )
    agent_send, user_send = world.sends[-2:]
    assert (agent_send.id, agent_send.to, agent_send.text) == (
        by_agent.transaction_id,
        "4155550142",
        "Your appointment is at 3pm",
    )
    assert (user_send.id, user_send.template_id, user_send.service_id) == (
        by_user.transaction_id,
        templates[0].id,
        SERVICE,
    )


async def test_thread_actions_change_the_world(agent, world) -> None:
    thread = group_thread(world)
    await agent.take_to_personal(thread.thread_id)
    assert thread.owner_agent_id == world.agent_id
    await agent.mark_read(thread.thread_id, thread.service_id)
    assert thread.read is True
    await agent.mark_unread(thread.thread_id, thread.service_id)
    assert thread.read is False

    sent = await agent.send_message(
        from_number=thread.sms_code,
        to_number=thread.phone,
        message="Thanks, we got it.",
        account=thread.account,
        thread_id=thread.thread_id,
    )
    assert thread.messages[-1].id == sent.id and thread.messages[-1].text == "Thanks, we got it."

    await agent.assign_to_group(thread.thread_id)
    assert thread.owner_agent_id is None

    agents = await agent.list_transfer_agents(thread.thread_id)
    assert {a.agent_id for a in agents} == set(world.agents)
    ready = next(a for a in agents if a.is_ready and a.agent_id != world.agent_id)
    result = await agent.transfer_thread(thread.thread_id, ready.agent_id)
    assert result.id == thread.thread_id
    assert world.transfers[-1] == (thread.thread_id, ready.agent_id)


async def test_resolve_with_a_term_code(agent, world) -> None:
    thread = personal_thread(world)
    categories = await agent.list_term_codes(thread.service_id)
    assert [c.name for c in categories] == [name for name, _ in world.term_codes[thread.service_id]]
    code = categories[0].term_codes[0]
    await agent.resolve_thread(thread.thread_id, account=thread.account, term_code_id=code.id)
    assert thread.resolved and thread.term_code_id == code.id
    assert thread.agent_entered_account == thread.account
    with pytest.raises(ConflictError):
        await agent.resolve_thread(thread.thread_id, account=thread.account)


async def test_term_codes_as_a_plain_array(moment) -> None:
    app = create_app(SimConfig(seed=7, threads=3, termcode_shape="array", clock=lambda: moment[0]))
    world = app.state.world
    async with client_for(world, transport=sim_transport(app)) as client:
        [category] = await client.list_term_codes(SERVICE)
    assert {c.id for c in category.term_codes} == world.term_code_ids(SERVICE)


async def test_versioned_paths_reach_the_simulator(app, world) -> None:
    async with client_for(world, transport=sim_transport(app), api_version="6.0") as client:
        assert await client.list_sms_codes()
        assert await client.list_term_codes(SERVICE)


async def test_errors_the_simulator_produces(agent, user, world) -> None:
    thread = personal_thread(world)
    with pytest.raises(NotFoundError, match="not found"):
        await agent.mark_read("123", SERVICE)
    with pytest.raises(BadRequestError, match="account does not match") as bad:
        await agent.resolve_thread(thread.thread_id, account="not-" + thread.account)
    assert (bad.value.status, bad.value.code, bad.value.path) == (
        400,
        400,
        "/sms/agent/thread/resolve",
    )
    with pytest.raises(ForbiddenError):
        await agent.channel_counts(OTHER_AGENT)
    with pytest.raises(BadRequestError, match="not an SMS code"):
        await user.send_sms(from_code="999", to="4155550100", message="x", service_id=SERVICE)
    world.inject_fault(200, path_contains="/agent/channel", body={"channels": "none"})
    with pytest.raises(ProtocolError):
        await agent.list_channels()
    assert not thread.resolved


async def test_wrong_password_is_an_auth_error(app, world) -> None:
    async with client_for(world, transport=sim_transport(app), password="wrong") as client:
        with pytest.raises(AuthError, match="Invalid client name"):
            await client.list_channels()
    assert [r.path for r in world.requests] == ["/session/login"]


async def test_expired_session_is_renewed_once(agent, world, moment) -> None:
    await agent.list_channels()
    moment[0] += timedelta(hours=3)
    await agent.list_channels()
    assert [(r.method, r.path, r.status) for r in world.requests] == [
        ("POST", "/session/login", 200),
        ("GET", "/sms/agent/channel", 200),
        ("GET", "/sms/agent/channel", 401),
        ("POST", "/session/login", 200),
        ("GET", "/sms/agent/channel", 200),
    ]


async def test_rate_limit_and_unavailable_are_waited_out(agent, world, sleeps) -> None:
    world.inject_fault(429, path_contains="/agent/channel", retry_after=2)
    world.inject_fault(503, path_contains="/agent/channel", retry_after=5)
    await agent.list_channels()
    assert sleeps.waits == [2.0, 5.0]
    assert [r.status for r in world.requests if r.path == "/sms/agent/channel"] == [429, 503, 200]


async def test_rate_limit_on_a_send_is_not_retried(agent, world, sleeps) -> None:
    thread = personal_thread(world)
    world.inject_fault(429, path_contains="/message/send", retry_after=1)
    with pytest.raises(RateLimitedError) as caught:
        await agent.send_message(from_number=thread.sms_code, to_number=thread.phone, message="hi")
    assert caught.value.retry_after == 1.0
    assert requests_to(world, "/message/send") == ["POST"] and sleeps.waits == []


async def test_server_error_on_resolve_is_not_retried(agent, world) -> None:
    thread = personal_thread(world)
    world.inject_fault(500, path_contains="/thread/resolve", times=3)
    with pytest.raises(ServerError):
        await agent.resolve_thread(thread.thread_id, account=thread.account)
    assert requests_to(world, "/thread/resolve") == ["POST"]


async def test_send_dropped_after_it_took_effect_is_not_repeated(agent, world) -> None:
    thread = personal_thread(world)
    sends = len(world.sends)
    world.inject_fault(path_contains="/message/send", drop_after_apply=True)
    with pytest.raises(NetworkError) as caught:
        await agent.send_message(
            from_number=thread.sms_code, to_number=thread.phone, message="once only"
        )
    assert caught.value.maybe_sent is True
    assert len(world.sends) == sends + 1 and requests_to(world, "/message/send") == ["POST"]


async def test_dropped_read_is_retried(agent, world, sleeps) -> None:
    world.inject_fault(path_contains="/agent/messages", drop=True, times=2)
    thread = personal_thread(world)
    assert await agent.list_messages(thread_id=thread.thread_id)
    assert requests_to(world, "/agent/messages") == ["GET", "GET", "GET"]
    assert sleeps.waits == [0.5, 1.0]


async def test_mark_unread_falls_back_to_get_on_405(agent, world) -> None:
    thread = personal_thread(world)
    thread.read = True
    world.inject_fault(405, path_contains="markAsUnread", method="PUT", times=5)
    await agent.mark_unread(thread.thread_id, thread.service_id)
    assert thread.read is False
    thread.read = True
    await agent.mark_unread(thread.thread_id, thread.service_id)
    assert thread.read is False
    assert requests_to(world, "markAsUnread") == ["PUT", "GET", "GET"]


# -- over real HTTP ------------------------------------------------------------------------------


@pytest.fixture
def served(app: SimEdge) -> Iterator[str]:
    """The simulator served by uvicorn on a free loopback port, in a background thread."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.01)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


async def test_real_http_round_trip(served, world) -> None:
    retry = RetryPolicy(sleep=SleepRecorder(), random=lambda: 1.0)
    async with client_for(world, base_url=served, retry=retry, timeout=5.0) as client:
        channels = await client.list_channels()
        thread = personal_thread(world)
        sent = await client.send_message(
            from_number=thread.sms_code, to_number=thread.phone, message="over the wire"
        )
        world.inject_fault(path_contains="/message/send", drop_after_apply=True)
        with pytest.raises(NetworkError) as dropped:
            await client.send_message(
                from_number=thread.sms_code, to_number=thread.phone, message="dropped"
            )
        await client.logout()
    assert channels and thread.messages[-1].text == "dropped"
    assert any(m.id == sent.id for m in thread.messages)
    assert dropped.value.maybe_sent is True
    assert len(world.sessions) == 0


async def test_real_http_connection_refused_is_not_sent(world) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    retry = RetryPolicy(attempts=2, sleep=SleepRecorder())
    async with client_for(world, base_url=f"http://127.0.0.1:{port}", retry=retry) as client:
        with pytest.raises(NetworkError) as caught:
            await client.list_templates()
    assert caught.value.maybe_sent is False
