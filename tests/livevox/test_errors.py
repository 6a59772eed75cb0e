"""Every failure becomes a typed LiveVoxError with plain words and no secrets in it."""

from __future__ import annotations

import httpx
import pytest

from inbox_tui.livevox.errors import (
    AuthError,
    BadRequestError,
    ConflictError,
    ForbiddenError,
    LiveVoxError,
    NetworkError,
    NotFoundError,
    ProtocolError,
    RateLimitedError,
    ServerError,
)

from .scripted import ACCESS_TOKEN, PASSWORD, session_for


def send(client):
    return client.send_message(from_number="1333", to_number="1415", message="hi", account="9")


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, BadRequestError),
        (403, ForbiddenError),
        (404, NotFoundError),
        (405, BadRequestError),
        (409, ConflictError),
        (418, BadRequestError),
        (429, RateLimitedError),
        (500, ServerError),
        (502, ServerError),
        (503, ServerError),
        (302, ProtocolError),
    ],
)
async def test_status_becomes_its_error_class(make_client, lv, status, error_class) -> None:
    lv.answers.append(httpx.Response(status, json={"code": status, "message": "Nope"}))
    with pytest.raises(error_class) as caught:
        await make_client().transfer_thread("56047165976", "645835")
    error = caught.value
    assert (error.status, error.method, error.path) == (
        status,
        "GET",
        "/sms/agent/thread/transfer",
    )
    if error_class is not ProtocolError:
        assert (error.code, error.message) == (status, "Nope")
    assert "threadId" not in str(error) and "56047165976" not in str(error)


async def test_401_that_survives_re_login_is_auth_error(make_client, lv) -> None:
    lv.default = httpx.Response(401, json={"code": 401, "message": "Not allowed here"})
    with pytest.raises(AuthError) as caught:
        await make_client().list_channels()
    assert (caught.value.status, caught.value.message) == (401, "Not allowed here")


async def test_rate_limit_and_unavailable_carry_retry_after(make_client, lv) -> None:
    client = make_client()
    lv.answers.append(httpx.Response(429, headers={"Retry-After": "12"}))
    with pytest.raises(RateLimitedError) as limited:
        await send(client)
    lv.answers.append(httpx.Response(503, headers={"Retry-After": "3"}))
    with pytest.raises(ServerError) as unavailable:
        await send(client)
    lv.answers.append(httpx.Response(500, headers={"Retry-After": "3"}))
    with pytest.raises(ServerError) as failed:
        await send(client)
    assert limited.value.retry_after == 12.0
    assert unavailable.value.retry_after == 3.0
    assert failed.value.retry_after is None
    assert limited.value.message == RateLimitedError.default_message


async def test_error_message_is_cleaned_and_on_one_line(make_client, lv) -> None:
    dirty = "Bad\x1b[31m thing\u202e\n\n  happened\x07" + "!" * 500
    lv.answers.append(httpx.Response(400, json={"code": 1234, "message": dirty}))
    with pytest.raises(BadRequestError) as caught:
        await send(make_client())
    message = caught.value.message
    assert message.startswith("Bad[31m thing happened!")
    assert not any(ch in message for ch in "\x1b\u202e\n\x07")
    assert len(message) <= 300 and caught.value.code == 1234


@pytest.mark.parametrize("body", [b"<html>Bad Gateway</html>", b"", b'"text"', b"[1, 2]"])
async def test_unreadable_error_body_gives_the_plain_default(make_client, lv, body) -> None:
    lv.answers.append(httpx.Response(409, content=body))
    with pytest.raises(ConflictError) as caught:
        await send(make_client())
    assert caught.value.message == ConflictError.default_message
    assert caught.value.code is None


@pytest.mark.parametrize("status", [400, 403, 404, 409, 429, 500, 503])
async def test_errors_never_show_secrets_even_when_the_server_echoes_them(
    make_client, lv, status
) -> None:
    echo = f"token {ACCESS_TOKEN} session {session_for(1)}"
    lv.answers.append(httpx.Response(status, json={"code": status, "message": echo}))
    with pytest.raises(LiveVoxError) as caught:
        await send(make_client())
    assert caught.value.message == "token [redacted] session [redacted]"
    for text in (str(caught.value), repr(caught.value), repr(caught.value.args)):
        for secret in (ACCESS_TOKEN, session_for(1)):
            assert secret not in text


async def test_login_error_never_shows_the_password(make_client, lv) -> None:
    lv.login_answers.append(httpx.Response(400, json={"message": f"bad password '{PASSWORD}'"}))
    with pytest.raises(BadRequestError) as caught:
        await make_client().login()
    assert PASSWORD not in str(caught.value)
    assert caught.value.path == "/session/login"


@pytest.mark.parametrize(
    ("failure", "maybe_sent"),
    [
        (httpx.ConnectError("refused"), False),
        (httpx.ConnectTimeout("slow"), False),
        (httpx.ReadError("reset"), True),
        (httpx.WriteError("broken pipe"), True),
        (httpx.ReadTimeout("slow"), True),
        (httpx.RemoteProtocolError("closed"), True),
    ],
)
async def test_network_failure_says_whether_the_request_may_have_been_sent(
    make_client, lv, failure, maybe_sent
) -> None:
    lv.default = failure
    with pytest.raises(NetworkError) as caught:
        await send(make_client())
    assert caught.value.maybe_sent is maybe_sent
    assert caught.value.path == "/sms/agent/message/send"
    assert "https://lv.test" not in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__context__ is None


@pytest.mark.parametrize(
    "body",
    [b"not json", b"", b"{", b"[]", b"{}", b'{"id": null}', b'{"id": ["4155550100"]}'],
)
async def test_wrong_or_broken_body_is_a_protocol_error(make_client, lv, body) -> None:
    lv.answers.append(httpx.Response(200, content=body))
    with pytest.raises(ProtocolError) as caught:
        await send(make_client())
    assert caught.value.path == "/sms/agent/message/send"
    assert "4155550100" not in str(caught.value)


async def test_list_of_the_wrong_shape_is_a_protocol_error(make_client, lv) -> None:
    lv.answers.append(httpx.Response(200, json={"threads": []}))
    with pytest.raises(ProtocolError):
        await make_client().list_threads("94874")


async def test_one_malformed_record_is_skipped_not_the_list(make_client, lv, caplog) -> None:
    rows = [{"threadId": "1"}, {"threadId": None}, "junk", {"threadId": "2", "read": "maybe"}]
    lv.answers.append(httpx.Response(200, json=rows))
    threads = await make_client().list_threads("94874")
    assert [t.thread_id for t in threads] == ["1", "2"]
    assert threads[1].read is None
    assert "skipped 2 malformed Thread" in caplog.text


async def test_empty_answer_to_a_list_call_is_an_empty_list(make_client, lv) -> None:
    lv.answers.extend([httpx.Response(204), httpx.Response(200, content=b"")])
    client = make_client()
    assert await client.list_channels() == []
    assert await client.list_templates() == []
