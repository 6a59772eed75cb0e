"""Login, sessions and logout."""

from __future__ import annotations

import httpx
import pytest

from inbox_tui.sim import World


@pytest.fixture
def post_login(http: httpx.AsyncClient, login_body):
    async def post(world: World, token: str | None = None, **body) -> httpx.Response:
        headers = {"LV-Access": token if token is not None else world.credentials.access_token}
        return await http.post("/session/login", headers=headers, json=login_body(world, **body))

    return post


async def test_agent_login_answers_session_and_agent_id(world, post_login):
    response = await post_login(world)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"sessionId", "clientId", "userId", "daysUntilPasswordExpires"}
    assert isinstance(body["sessionId"], str) and len(body["sessionId"]) >= 32
    assert body["userId"] == int(world.agent_id)
    assert isinstance(body["clientId"], int)


async def test_wrong_token_or_password_is_401_with_error_body(world, post_login):
    bad_token = await post_login(world, token="nope")
    bad_password = await post_login(world, password="wrong")
    bad_client = await post_login(world, clientName="OTHER")
    for response in (bad_token, bad_password, bad_client):
        assert response.status_code == 401
        assert response.json()["code"] == 401
        assert isinstance(response.json()["message"], str)


async def test_agent_login_ignores_case_user_login_does_not(world, post_login):
    creds = world.credentials
    lower_agent = await post_login(world, userName=creds.agent_login.lower())
    assert lower_agent.status_code == 200
    exact_user = await post_login(world, agent=False)
    assert exact_user.status_code == 200
    lower_user = await post_login(world, agent=False, userName=creds.user_login.lower())
    assert lower_user.status_code == 401


async def test_login_again_returns_the_same_session(world, post_login):
    first = (await post_login(world)).json()["sessionId"]
    second = (await post_login(world)).json()["sessionId"]
    user = (await post_login(world, agent=False)).json()["sessionId"]
    assert first == second
    assert user != first


async def test_malformed_login_is_400(http, world, post_login):
    token = {"LV-Access": world.credentials.access_token}
    not_json = await http.post("/session/login", headers=token, content=b"{nope")
    missing = await http.post("/session/login", headers=token, json={"clientName": "SIMDEMO"})
    bad_agent = await post_login(world, agent="yes")
    for response in (not_json, missing, bad_agent):
        assert response.status_code == 400
        assert response.json()["code"] == 400


async def test_calls_need_a_valid_session(http, world, agent):
    assert (await http.get("/sms/templates")).status_code == 401
    assert (await http.get("/sms/templates", headers={"LV-Session": "x"})).status_code == 401
    assert (await http.get("/sms/templates", headers=agent)).status_code == 200
    wrong_access = {**agent, "LV-Access": "wrong"}
    assert (await http.get("/sms/templates", headers=wrong_access)).status_code == 401


async def test_session_expires_after_idle_ttl_and_use_extends_it(http, world, clock, login):
    headers = await login(http, world)
    ttl = world.config.session_ttl
    clock.advance(ttl - 10)
    assert (await http.get("/sms/codes", headers=headers)).status_code == 200
    clock.advance(ttl - 10)  # rolling: the last call restarted the idle time
    assert (await http.get("/sms/codes", headers=headers)).status_code == 200
    clock.advance(ttl + 1)
    expired = await http.get("/sms/codes", headers=headers)
    assert expired.status_code == 401
    assert expired.json() == {"code": 401, "message": "Invalid or expired session."}
    fresh = await login(http, world)
    assert fresh != headers


async def test_logout_ends_the_session(http, world, agent):
    session_id = agent["LV-Session"]
    other = await http.delete("/session/logout/someone-else", headers=agent)
    assert other.status_code == 403
    response = await http.delete(f"/session/logout/{session_id}", headers=agent)
    assert response.status_code == 204
    assert (await http.get("/sms/codes", headers=agent)).status_code == 401
    assert world.requests[-2].path == "/session/logout/{sessionId}"
    assert all(session_id not in str(vars(r)) for r in world.requests)


async def test_versioned_paths_are_accepted(http, world, login_body):
    response = await http.post(
        "/session/v6.0/login",
        headers={"LV-Access": world.credentials.access_token},
        json=login_body(world),
    )
    assert response.status_code == 200
    headers = {"LV-Session": response.json()["sessionId"]}
    assert (await http.get("/sms/v6.0/templates", headers=headers)).status_code == 200
    assert (await http.get("/sms/v5.0/agent/channel", headers=headers)).status_code == 200
    assert [r.path for r in world.requests[-3:]] == [
        "/session/login",
        "/sms/templates",
        "/sms/agent/channel",
    ]


async def test_requests_never_record_secrets(http, world, agent):
    await http.get("/sms/codes", headers=agent)
    login_record = next(r for r in world.requests if r.path == "/session/login")
    assert login_record.json["password"] == "***"
    everything = repr(world.requests)
    for secret in (
        world.credentials.agent_password,
        world.credentials.access_token,
        agent["LV-Session"],
    ):
        assert secret not in everything
