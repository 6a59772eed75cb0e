"""A reply's route from what the reference guarantees: the thread, else the history, else the
service's SMS codes (asking the agent once per thread when there are several)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from inbox_tui.livevox.errors import ServerError
from inbox_tui.livevox.models import Message, SmsCode, Thread
from inbox_tui.send.route import Route, Routes, code_of, customer_of

BARE = Thread(threadId="1", to="14155550101", direction=0)  # the reference's row
INBOUND_ROW = Thread(threadId="2", **{"from": "14155550102"}, to="53063", direction=1)


def message(id: str, **fields) -> Message:
    return Message.model_validate({"id": id, "message": "hi", **fields})


class Codes:
    """A client that lists these SMS codes (or fails)."""

    def __init__(self, codes: Sequence[str] | Exception) -> None:
        self.codes = codes
        self.calls = 0

    async def list_sms_codes(self) -> list[SmsCode]:
        self.calls += 1
        if isinstance(self.codes, Exception):
            raise self.codes
        return [SmsCode(code=code) for code in self.codes]


class Agent:
    """Prompts that pick ``choice`` and count the questions."""

    def __init__(self, choice: str | None) -> None:
        self.choice = choice
        self.asked: list[tuple[str, ...]] = []

    async def choose_code(self, subject: str, codes: Sequence[str], why: str) -> str | None:
        self.asked.append(tuple(codes))
        return self.choice


def test_the_thread_row_names_both_ends_when_its_direction_is_known() -> None:
    assert customer_of(INBOUND_ROW, []) == "14155550102"
    assert code_of(INBOUND_ROW, []) == "53063"


def test_a_bare_row_takes_both_ends_from_the_history_newest_first() -> None:
    history = [
        message("9", phone="14155550101", smsCode="53063", date=2000),
        message("8", phone="14155550101", smsCode="11111", date=1000),
    ]
    assert customer_of(BARE, history) == "14155550101"
    assert code_of(BARE, history) == "53063"
    assert code_of(BARE, [message("7", phone="14155550101")]) is None


async def test_one_sms_code_is_used_without_asking() -> None:
    client, agent = Codes(["53063"]), Agent(None)
    route = await Routes().resolve(BARE, [], client, agent, "them")
    assert route == Route("14155550101", "53063")
    assert agent.asked == []


async def test_several_codes_are_asked_once_per_thread_and_remembered() -> None:
    routes, client, agent = Routes(), Codes(["53063", "14159174458"]), Agent("14159174458")
    first = await routes.resolve(BARE, [], client, agent, "them")
    again = await routes.resolve(BARE, [], client, agent, "them")
    assert first == again == Route("14155550101", "14159174458")
    assert agent.asked == [("53063", "14159174458")]
    assert client.calls == 1


@pytest.mark.parametrize(
    ("client", "choice", "words"),
    [
        (Codes(ServerError("down", status=503)), None, "codes could not be read (down)"),
        (Codes(["1", "2"]), None, "no SMS code was chosen"),
        (Codes([]), None, "our code is unknown"),
    ],
)
async def test_what_cannot_be_worked_out_is_said(client, choice, words) -> None:
    said = await Routes().resolve(BARE, [], client, Agent(choice), "them")
    assert isinstance(said, str) and words in said


async def test_nothing_names_the_customer() -> None:
    bare = Thread(threadId="3", direction=0)
    said = await Routes().resolve(bare, [], Codes(["53063"]), Agent(None), "them")
    assert said == "the customer's number is unknown"
