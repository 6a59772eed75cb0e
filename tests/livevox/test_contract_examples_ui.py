"""The reference's example answers, verbatim, through the UI paths that consume them: a LiveVox
that answers every call with its endpoint's example body (thread rows with ``to`` and
``direction: 0`` only, a history newest first with ``smsCode`` and ``phone``), and the agent
reading the inbox, opening a thread and replying in it."""

from __future__ import annotations

import json
import re

import httpx
import pytest
from harness.ui import fixed_clock, screen_text, wait_for

from inbox_tui.config import Settings
from inbox_tui.connector import Connector
from inbox_tui.livevox.client import LiveVoxClient
from inbox_tui.ui.app import InboxApp

from .scripted import load_seed_examples

# Which example answers which call: (method, path) as the client sends them.
ROUTES = {
    ("GET", "/sms/agent/channel"): "Get Channel List",
    ("GET", "/sms/agent/interaction/counts/645836"): "Get Channel Counts",
    ("GET", "/sms/agent/thread/details"): "List Threads",
    ("GET", "/sms/agent/messages"): "List Transaction History",
    ("PUT", "/sms/agent/message/markAsRead"): "Mark Message as Read",
    ("GET", "/sms/templates"): "List Templates",
    ("GET", "/sms/codes"): "List SMS Codes",
    ("POST", "/sms/agent/message/send"): "Send an SMS",
}


class ExampleLiveVox:
    """Logs in (the login is not among the examples: NOTES.md's shape), then answers each call
    with its example, verbatim; records every request."""

    def __init__(self) -> None:
        self.examples = load_seed_examples()
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path == "/session/login":
            body = {"sessionId": "example-session", "clientId": 1014, "userId": 645836}
            return httpx.Response(200, json=body)
        title = ROUTES.get((request.method, request.url.path))
        if title is None:
            return httpx.Response(404, json={"code": 404, "message": "Not in the examples."})
        example = self.examples[title]
        status = int(example["response_status"].split()[0])
        body = example["response_body"]
        return httpx.Response(status, content=b"" if body is None else json.dumps(body).encode())

    def sent(self) -> list[dict]:
        return [
            json.loads(r.content) for r in self.requests if r.url.path.endswith("/message/send")
        ]


def example_app(server: ExampleLiveVox) -> InboxApp:
    def make_client(_password: str | None) -> LiveVoxClient:
        return LiveVoxClient(
            "http://livevox.test",
            access_token="example-token",
            client_code="EXAMPLE",
            user_name="KAVYA",
            password="example-password",
            transport=httpx.MockTransport(server),
        )

    connector = Connector(
        label="api.livevox.test",
        user_name="KAVYA",
        agent=True,
        needs_password=False,
        make_client=make_client,
    )
    settings = Settings(mark_read_dwell=0.2, poll_interval=3600.0)
    return InboxApp(connector, settings, clock=fixed_clock)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_the_examples_list_open_and_reply(size) -> None:
    server = ExampleLiveVox()
    app = example_app(server)
    async with app.run_test(size=size) as pilot:
        # The channel list's inboxes, the counts' summary and the snippets.
        # Below 100 columns the sidebar folds away and the threads pane's title names the inbox.
        wide = size == (120, 40)
        shown = ("Personal Voicem", "unread 1") if wide else ()
        shown += ("THREADS Personal", "API SM")
        await wait_for(pilot, lambda: all(words in screen_text(app) for words in shown))
        text = screen_text(app)
        # Three thread rows without a name: the customer's number stands in for it.
        assert [t.thread_id for t in app.thread_list.threads] == [
            "56061444434",
            "56047165976",
            "56047127816",
        ]
        assert "14154164" in text
        if size == (120, 40):
            assert re.search(r"14154164061\s+1213", text), "the account has its column"

        app.thread_list.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: len(app.conversation.messages) == 10)
        # Oldest to newest by date then id, though the example lists the newest first.
        shown = [(m.date, int(m.id)) for m in app.conversation.messages]
        assert shown == sorted(shown)
        assert app.conversation.messages[-1].id == "56061451356"
        assert "+1 415-416-4061" in screen_text(app), "the number comes from the history"
        assert "acct 1213" in screen_text(app)

        await pilot.press("r", *"On my way", "enter")
        await wait_for(pilot, lambda: server.sent())
        await wait_for(pilot, lambda: "Sent." in screen_text(app))
        assert server.sent() == [
            {
                "fromNumber": "13345094836",
                "toNumber": "14154164061",
                "message": "On my way",
                "account": "1213",
                "threadId": "56061444434",
            }
        ]
        # The example's thread page ignores the page number: one further page is asked
        # for, brings nothing new, and the list stops asking.
        pages = [r for r in server.requests if r.url.path.endswith("/thread/details")]
        assert len(pages) == 2
