"""Login, lazy login, re-login after a 401, logout, and secrets kept out of sight."""

from __future__ import annotations

import asyncio
import json
import logging

import httpx
import pytest

from inbox_tui.livevox.client import LiveVoxClient
from inbox_tui.livevox.errors import AuthError, InvalidRequestError

from .scripted import ACCESS_TOKEN, AGENT_ID, PASSWORD, session_for


async def test_first_call_logs_in_lazily_with_the_documented_body(make_client, lv) -> None:
    client = make_client()
    assert not client.logged_in
    await client.mark_read("5", "6")
    login, call = lv.requests
    assert (login.method, login.url.path) == ("POST", "/session/login")
    assert login.headers["LV-Access"] == ACCESS_TOKEN
    assert json.loads(login.content) == {
        "clientName": "ACME",
        "userName": "kavya",
        "password": PASSWORD,
        "agent": True,
    }
    assert call.headers["LV-Session"] == session_for(1)
    assert client.logged_in and client.agent_id == AGENT_ID


async def test_user_login_says_agent_false(make_client, lv) -> None:
    result = await make_client(agent=False).login()
    assert json.loads(lv.requests[0].content)["agent"] is False
    assert result.session_id == session_for(1)


async def test_expired_session_logs_in_once_and_retries_once(make_client, lv) -> None:
    client = make_client()
    await client.login()
    lv.expire_sessions()
    await client.assign_to_group("42")
    assert lv.logins == 2
    expired, retried = lv.calls
    assert expired.headers["LV-Session"] == session_for(1)
    assert retried.headers["LV-Session"] == session_for(2)


async def test_a_second_401_after_re_login_is_an_auth_error(make_client, lv) -> None:
    client = make_client()
    lv.answers.extend([httpx.Response(401), httpx.Response(401)])
    with pytest.raises(AuthError) as caught:
        await client.mark_read("5", "6")
    assert caught.value.status == 401
    assert lv.logins == 2
    assert len(lv.calls) == 2


async def test_failed_re_login_raises_auth_error(make_client, lv) -> None:
    client = make_client()
    await client.login()
    lv.expire_sessions()
    lv.login_answers.append(
        httpx.Response(401, json={"code": 401, "message": "Invalid credentials"})
    )
    with pytest.raises(AuthError) as caught:
        await client.list_channels()
    assert caught.value.message == "Invalid credentials"
    assert caught.value.path == "/session/login"
    assert len(lv.calls) == 1
    assert not client.logged_in


async def test_concurrent_401s_share_one_re_login(make_client, lv) -> None:
    client = make_client()
    await client.login()
    lv.expire_sessions()
    lv.gate = asyncio.Barrier(5)  # all five are in flight on the old session before any answer
    await asyncio.gather(*(client.mark_read(str(n), "6") for n in range(5)))
    assert lv.logins == 2
    sessions = [r.headers["LV-Session"] for r in lv.calls]
    assert sessions.count(session_for(1)) == 5
    assert sessions.count(session_for(2)) == 5


async def test_concurrent_first_calls_share_one_lazy_login(make_client, lv) -> None:
    client = make_client()
    await asyncio.gather(*(client.mark_read(str(n), "6") for n in range(4)))
    assert lv.logins == 1


async def test_a_refused_login_is_not_repeated_by_waiting_calls(make_client, lv) -> None:
    """A wrong password must not be tried once per waiting call: accounts get locked that way."""
    lv.login_answers.append(httpx.Response(401, json={"code": 401, "message": "Bad password"}))
    lv.login_gate = asyncio.Event()
    client = make_client()
    calls = asyncio.gather(
        *(client.mark_read(str(n), "6") for n in range(3)), return_exceptions=True
    )
    await lv.login_arrived.wait()  # the first call is logging in, the others queue behind it
    lv.login_gate.set()
    outcomes = await calls
    assert all(isinstance(o, AuthError) for o in outcomes)
    assert len(lv.requests) == 1


async def test_after_a_refused_re_login_calls_do_not_log_in_again_until_login(
    make_client, lv
) -> None:
    """The session expired and the re-login was refused: later calls fail at once, without
    trying the refused credentials again; an explicit login() does try, and calls work again."""
    client = make_client()
    await client.login()
    lv.expire_sessions()
    lv.login_answers.append(httpx.Response(401, json={"code": 401, "message": "Bad password"}))
    with pytest.raises(AuthError):
        await client.list_channels()
    sent = len(lv.requests)
    for _ in range(3):
        with pytest.raises(AuthError) as caught:
            await client.mark_read("5", "6")
        assert caught.value.message == "Bad password"
    assert len(lv.requests) == sent
    await client.login()
    await client.mark_read("5", "6")
    assert lv.logins == 2  # sessions handed out: the first, and the explicit login's
    assert lv.calls[-1].headers["LV-Session"] == session_for(2)


@pytest.mark.parametrize("kind", ["str", "sync", "async"])
async def test_password_is_asked_for_at_each_login(make_client, lv, kind: str) -> None:
    asked: list[int] = []

    def sync_password() -> str:
        asked.append(1)
        return PASSWORD

    async def async_password() -> str:
        asked.append(1)
        return PASSWORD

    source = {"str": PASSWORD, "sync": sync_password, "async": async_password}[kind]
    client = make_client(password=source)
    await client.login()
    lv.expire_sessions()
    await client.mark_read("1", "2")
    assert [json.loads(r.content)["password"] for r in lv.requests if r.method == "POST"] == [
        PASSWORD,
        PASSWORD,
    ]
    assert len(asked) == (0 if kind == "str" else 2)


async def test_empty_password_is_refused_without_a_request(make_client, lv) -> None:
    with pytest.raises(AuthError):
        await make_client(password=lambda: "").login()
    assert lv.requests == []


async def test_logout_deletes_the_session_and_forgets_it(make_client, lv) -> None:
    client = make_client()
    await client.login()
    await client.logout()
    logout = lv.requests[-1]
    assert (logout.method, logout.url.path) == ("DELETE", f"/session/logout/{session_for(1)}")
    assert logout.headers["LV-Session"] == session_for(1)
    assert not client.logged_in
    await client.logout()
    assert len(lv.requests) == 2
    await client.mark_read("1", "2")
    assert lv.logins == 2


async def test_logout_of_an_expired_session_is_quiet(make_client, lv) -> None:
    client = make_client()
    await client.login()
    lv.expire_sessions()
    await client.logout()
    assert lv.logins == 1 and not client.logged_in


async def test_async_with_closes_the_connections(make_client) -> None:
    async with make_client() as client:
        await client.login()
    with pytest.raises(RuntimeError, match="closed"):
        await client.mark_read("1", "2")


async def test_secrets_stay_out_of_repr_logs_and_errors(make_client, lv, caplog) -> None:
    caplog.set_level(logging.DEBUG, logger="inbox_tui.livevox")
    client = make_client()
    result = await client.login()
    echo = f"bad session {session_for(1)} token {ACCESS_TOKEN}"
    lv.answers.append(httpx.Response(400, json={"code": 400, "message": echo}))
    with pytest.raises(Exception) as caught:
        await client.mark_read("1", "2")
    lv.login_answers.append(httpx.Response(401, json={"message": f"wrong password {PASSWORD}"}))
    lv.expire_sessions()
    with pytest.raises(AuthError) as relogin:
        await client.list_channels()
    await client.login()
    await client.logout()
    shown = [repr(client), repr(result), str(caught.value), repr(caught.value)]
    shown += [str(relogin.value), caplog.text]
    for text in shown:
        for secret in (PASSWORD, ACCESS_TOKEN, session_for(1), session_for(2)):
            assert secret not in text
    assert "[redacted]" in str(caught.value)
    assert "/session/logout/[session]" in caplog.text


@pytest.mark.parametrize("version", ["six", "6.0.1", "v"])
def test_bad_api_version_is_refused(version: str) -> None:
    with pytest.raises(InvalidRequestError):
        LiveVoxClient(
            "https://lv.test",
            access_token="t",
            client_code="c",
            user_name="u",
            password="p",
            api_version=version,
        )


async def test_httpx_request_log_hides_the_session_in_the_logout_url(make_client, caplog) -> None:
    caplog.set_level(logging.INFO, logger="httpx")
    client = make_client()
    await client.login()
    await client.logout()
    assert "DELETE https://lv.test/session/logout/[session]" in caplog.text
    assert session_for(1) not in caplog.text
