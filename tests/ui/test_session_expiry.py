"""The session expires and the client's own re-login fails: the header says so, nothing
crashes, and the next key asks for the password and connects again."""

from harness.ui import make_app, make_sim, screen_text, wait_for
from textual.widgets import Input

from inbox_tui.ui.connection import ConnectionState
from inbox_tui.ui.screens.login import LoginScreen

EXPIRED = "session expired - press a key to log in again"  # the header says so


def logins(world) -> list[int]:
    """The status of every login request the simulator answered, in order."""
    return [r.status for r in world.requests if "login" in r.path]


async def test_an_expired_session_asks_for_the_password_at_the_next_key_and_reconnects():
    sim = make_sim()
    world = sim.state.world
    app = make_app(sim)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.connection.connected and app.thread_list.threads)
        assert logins(world) == [200]
        # The session is gone, and the client's own re-login is refused too.
        world.inject_fault(401, path_contains="/sms/agent/channel")
        world.inject_fault(401, path_contains="/session/login")
        app.request_refresh()
        await wait_for(pilot, lambda: app.connection.state is ConnectionState.EXPIRED, timeout=20)
        assert EXPIRED in screen_text(app)
        assert app.return_code is None
        assert logins(world)[:2] == [200, 401]  # the client tried to log in again by itself
        tried = len(logins(world))
        # "n" would open New SMS: the key asks for the password instead of acting.
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, LoginScreen))
        assert "The session expired." in screen_text(app)
        app.screen.query_one(Input).value = world.credentials.agent_password
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.connection.connected, timeout=20)
        assert logins(world)[tried:] == [200]
        assert len(app.screen_stack) == 1

        # The inbox works again: opening a thread loads its messages with the new session.
        app.thread_list.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.current_thread is not None)
        thread_id = app.current_thread.thread_id
        await wait_for(
            pilot,
            lambda: any(
                r.query.get("threadId") == thread_id and r.status == 200 for r in world.requests
            ),
            timeout=20,
        )
        assert app.return_code is None
