"""What is retried, how long the client waits, and the one-time method fallback on 405."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from inbox_tui.livevox.errors import (
    BadRequestError,
    NetworkError,
    NotFoundError,
    RateLimitedError,
    ServerError,
)
from inbox_tui.livevox.retry import RetryPolicy, parse_retry_after


def ok_list() -> httpx.Response:
    return httpx.Response(200, json=[])


async def test_429_waits_what_retry_after_says(make_client, lv, sleeps) -> None:
    lv.answers.extend([httpx.Response(429, headers={"Retry-After": "7"}), ok_list()])
    assert await make_client().list_channels() == []
    assert sleeps.waits == [7.0]
    assert len(lv.calls) == 2


async def test_503_honours_an_http_date_retry_after(make_client, lv, sleeps) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=20), usegmt=True)
    lv.answers.extend([httpx.Response(503, headers={"Retry-After": when}), ok_list()])
    await make_client().list_messages(thread_id="1")
    [wait] = sleeps.waits
    assert 18.0 < wait <= 20.0


async def test_5xx_backs_off_exponentially_then_gives_up(make_client, lv, sleeps) -> None:
    lv.default = httpx.Response(500)
    with pytest.raises(ServerError):
        await make_client().list_sms_codes()
    assert sleeps.waits == [0.5, 1.0, 2.0]
    assert len(lv.calls) == 4


async def test_retry_after_longer_than_the_cap_is_raised_not_waited(
    make_client, lv, sleeps
) -> None:
    lv.answers.append(httpx.Response(429, headers={"Retry-After": "120"}))
    with pytest.raises(RateLimitedError) as caught:
        await make_client().list_channels()
    assert caught.value.retry_after == 120.0
    assert sleeps.waits == [] and len(lv.calls) == 1


@pytest.mark.parametrize("status", [429, 503])
async def test_post_is_not_retried_on_429_or_5xx(make_client, lv, sleeps, status) -> None:
    lv.answers.append(httpx.Response(status, headers={"Retry-After": "1"}))
    with pytest.raises((RateLimitedError, ServerError)):
        await make_client().resolve_thread("1", account="2")
    assert sleeps.waits == [] and len(lv.calls) == 1


@pytest.mark.parametrize("failure", [httpx.ReadError("reset"), httpx.ReadTimeout("slow")])
async def test_post_is_not_retried_once_it_may_have_arrived(
    make_client, lv, sleeps, failure
) -> None:
    lv.answers.append(failure)
    with pytest.raises(NetworkError) as caught:
        await make_client().send_message(from_number="1", to_number="2", message="hi")
    assert caught.value.maybe_sent is True
    assert len(lv.calls) == 1 and sleeps.waits == []


async def test_post_is_retried_when_the_connection_never_opened(make_client, lv, sleeps) -> None:
    lv.answers.extend([httpx.ConnectError("refused"), httpx.Response(200, json={"id": "9"})])
    result = await make_client().send_message(from_number="1", to_number="2", message="hi")
    assert result.id == "9"
    assert sleeps.waits == [0.5]


@pytest.mark.parametrize("failure", [httpx.ConnectError("refused"), httpx.ReadTimeout("slow")])
async def test_get_is_retried_after_a_network_failure(make_client, lv, sleeps, failure) -> None:
    lv.answers.extend([failure, failure, ok_list()])
    assert await make_client().list_threads("94874") == []
    assert sleeps.waits == [0.5, 1.0]
    assert len(lv.calls) == 3


async def test_idempotent_put_is_retried_after_a_read_error(make_client, lv, sleeps) -> None:
    lv.answers.extend([httpx.ReadError("reset"), httpx.Response(204)])
    await make_client().take_to_personal("1", "2")
    assert [r.method for r in lv.calls] == ["PUT", "PUT"]


async def test_transfer_is_not_retried_although_it_is_a_get(make_client, lv, sleeps) -> None:
    lv.answers.extend([httpx.ReadError("reset"), httpx.Response(503)])
    client = make_client()
    with pytest.raises(NetworkError):
        await client.transfer_thread("1", "2")
    with pytest.raises(ServerError):
        await client.transfer_thread("1", "2")
    assert len(lv.calls) == 2 and sleeps.waits == []


async def test_retries_are_logged_without_query_values(make_client, lv, caplog) -> None:
    caplog.set_level(logging.DEBUG, logger="inbox_tui.livevox")
    lv.answers.extend([httpx.Response(502), ok_list()])
    await make_client().list_messages(account="4154164061")
    assert "GET /sms/agent/messages: retry 1 in 0.50 s after ServerError" in caplog.text
    assert "GET /sms/agent/messages -> 200 in" in caplog.text
    assert "4154164061" not in caplog.text


def method_only(method: str, body: object = None):
    """A server that accepts one method and answers 405 to the others."""

    def answer(request: httpx.Request) -> httpx.Response:
        if request.method != method:
            return httpx.Response(405, json={"code": 405, "message": "Method not supported"})
        return httpx.Response(204) if body is None else httpx.Response(200, json=body)

    return answer


async def test_405_falls_back_to_the_example_method_once_and_remembers(make_client, lv) -> None:
    lv.default = method_only("POST", [{"agentId": 1, "loginId": "KAVYA", "status": "READY"}])
    client = make_client()
    first = await client.list_transfer_agents("56070705625")
    second = await client.list_transfer_agents("56070705625")
    assert first == second and first[0].is_ready
    assert [r.method for r in lv.calls] == ["GET", "POST", "POST"]


async def test_mark_unread_falls_back_to_get(make_client, lv) -> None:
    lv.default = method_only("GET")
    client = make_client()
    await client.mark_unread("1", "2")
    await client.mark_unread("3", "4")
    assert [r.method for r in lv.calls] == ["PUT", "GET", "GET"]


async def test_fallback_that_is_refused_too_is_not_remembered(make_client, lv) -> None:
    lv.default = method_only("DELETE")
    client = make_client()
    for _ in range(2):
        with pytest.raises(BadRequestError) as caught:
            await client.mark_unread("1", "2")
        assert caught.value.status == 405
    assert [r.method for r in lv.calls] == ["PUT", "GET", "PUT", "GET"]


async def test_fallback_that_reaches_the_resource_is_remembered(make_client, lv) -> None:
    lv.answers.extend([httpx.Response(405), httpx.Response(404), httpx.Response(204)])
    client = make_client()
    with pytest.raises(NotFoundError):
        await client.mark_unread("1", "2")
    await client.mark_unread("1", "2")
    assert [r.method for r in lv.calls] == ["PUT", "GET", "GET"]


async def test_documented_method_that_works_never_falls_back(make_client, lv) -> None:
    client = make_client()
    await client.mark_unread("1", "2")
    await client.mark_unread("1", "2")
    assert [r.method for r in lv.calls] == ["PUT", "PUT"]


def test_full_jitter_is_capped() -> None:
    draws = iter([1.0, 0.5, 1.0])
    policy = RetryPolicy(attempts=4, base_delay=10.0, max_delay=15.0, random=lambda: next(draws))
    assert [policy.delay(n) for n in range(4)] == [10.0, 7.5, 15.0, None]
    assert policy.delay(0, retry_after=15.0) == 15.0
    assert policy.delay(0, retry_after=15.5) is None


def test_single_attempt_policy_never_retries() -> None:
    assert RetryPolicy(attempts=1).delay(0) is None
    with pytest.raises(ValueError):
        RetryPolicy(attempts=0)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("7", 7.0),
        (" 1.5 ", 1.5),
        ("-3", 0.0),
        ("Wed, 21 Oct 2015 07:28:30 GMT", 30.0),
        ("Wed, 21 Oct 2015 07:27:00 GMT", 0.0),
        ("soon", None),
        ("", None),
        ("nan", None),
        (None, None),
    ],
)
def test_parse_retry_after(header: str | None, seconds: float | None) -> None:
    now = datetime(2015, 10, 21, 7, 28, tzinfo=UTC)
    assert parse_retry_after(header, now=now) == seconds


async def test_search_fallback_post_is_not_retried(make_client, lv, sleeps) -> None:
    lv.answers.extend([httpx.Response(405), httpx.Response(503), httpx.Response(200, json=[])])
    with pytest.raises(ServerError):
        await make_client().list_transfer_agents("1")
    assert [r.method for r in lv.calls] == ["GET", "POST"] and sleeps.waits == []


def test_a_named_wait_counts_up_to_the_cap():
    policy = RetryPolicy(attempts=3, max_delay=30.0, retry_after_cap=10.0)
    assert policy.delay(0, retry_after=86400.0) == 10.0
    assert policy.delay(0, retry_after=4.0) == 4.0
    assert RetryPolicy(max_delay=30.0).delay(0, retry_after=86400.0) is None  # raised to the poll
