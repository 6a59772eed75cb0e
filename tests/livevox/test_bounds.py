"""Bounded work per answer: a page holds at most MAX_PAGE_ITEMS records (the newest), and an
answer body is read up to MAX_ANSWER_BYTES, past which it is a ProtocolError."""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import json
import logging
import weakref
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from inbox_tui.livevox import order, responses
from inbox_tui.livevox.errors import ProtocolError
from inbox_tui.livevox.models import Message, Thread
from inbox_tui.livevox.responses import (
    ITEMS_PER_STEP,
    MAX_ANSWER_BYTES,
    MAX_PAGE_ITEMS,
    STEP_SECONDS,
    as_read,
    parse_items,
    read_page,
)

from .scripted import AGENT_ID

START = datetime(2026, 1, 1, tzinfo=UTC)


def history(count: int, *, newest_first: bool) -> list[dict]:
    """``count`` messages one minute apart, message ``i`` sent at minute ``i``."""
    rows = [
        {
            "id": str(i),
            "message": f"message {i}",
            "direction": 1,
            "date": int((START + timedelta(minutes=i)).timestamp() * 1000),
        }
        for i in range(count)
    ]
    return rows[::-1] if newest_first else rows


@pytest.mark.parametrize("newest_first", [True, False])
async def test_a_page_over_the_cap_keeps_its_newest_messages(lv, make_client, caplog, newest_first):
    total = MAX_PAGE_ITEMS + 500
    lv.default = httpx.Response(200, json=history(total, newest_first=newest_first))
    client = make_client()
    with caplog.at_level(logging.WARNING, logger="inbox_tui.livevox"):
        page = await client.list_messages(thread_id="8", page=1)
    assert len(page) == MAX_PAGE_ITEMS
    assert page.cut == 500
    # Newest first, and the 500 oldest are the ones left out.
    assert [m.id for m in page[:2]] == [str(total - 1), str(total - 2)]
    assert page[-1].id == "500"
    assert f"cut to the first {MAX_PAGE_ITEMS}" in caplog.text


async def test_a_thread_page_over_the_cap_keeps_the_servers_first_rows(lv, make_client):
    rows = [{"threadId": str(i), "to": "15551230000", "direction": 0} for i in range(4000)]
    lv.default = httpx.Response(200, json=rows)
    client = make_client()
    page = await client.list_threads(AGENT_ID, page=1)
    assert [t.thread_id for t in page[:2]] == ["0", "1"]
    assert len(page) == MAX_PAGE_ITEMS and page.cut == 4000 - MAX_PAGE_ITEMS


async def test_a_thread_page_is_kept_as_asked_while_it_is_read(lv, make_client):
    """Each thread is kept as the caller makes it as soon as it is read, and its model let go
    at once: a 2,000-row page never holds 2,000 models (the collector's full passes, which
    come while a long page is read, walked them all: 80-140 ms at 1,000-row pages)."""
    rows = [{"threadId": str(i), "to": "15551230000", "direction": 0} for i in range(2000)]
    lv.default = httpx.Response(200, json=rows)
    models: list[weakref.ref[Thread]] = []
    previous_alive: list[bool] = []

    def keep(thread: Thread) -> str:
        previous_alive.append(bool(models) and models[-1]() is not None)
        models.append(weakref.ref(thread))
        return thread.thread_id

    client = make_client()
    async with loop_turns() as turns:
        page = await client.list_threads_as(keep, AGENT_ID, page=1)
    assert page == [str(i) for i in range(2000)] and page.cut == 0
    assert not any(previous_alive)
    assert turns[0] >= 2000 // ITEMS_PER_STEP - 1


async def test_a_page_under_the_cap_is_whole(lv, make_client):
    lv.default = httpx.Response(200, json=history(30, newest_first=False))
    client = make_client()
    page = await client.list_messages(thread_id="8")
    assert len(page) == 30 and page.cut == 0


def _oversized_body() -> bytes:
    filler = "x" * 1000
    rows = [{"id": str(i), "message": filler} for i in range(MAX_ANSWER_BYTES // 1000 + 10)]
    return json.dumps(rows).encode()


async def _streamed(body: bytes) -> AsyncIterator[bytes]:
    """``body`` in chunks, with no Content-Length (as a chunked answer comes)."""
    for start in range(0, len(body), 65536):
        yield body[start : start + 65536]


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
async def test_an_answer_over_the_size_limit_is_a_protocol_error(lv, make_client, declared):
    body = _oversized_body()
    lv.default = (
        httpx.Response(200, content=body, headers={"Content-Type": "application/json"})
        if declared
        else lambda _request: httpx.Response(200, content=_streamed(body))
    )
    client = make_client()
    with pytest.raises(ProtocolError, match="too large"):
        await client.list_messages(thread_id="8")
    # Not retried: the same answer would come back.
    assert len(lv.calls) == 1


async def test_a_compressed_answer_counts_its_unpacked_size(lv, make_client):
    packed = gzip.compress(_oversized_body())
    assert len(packed) < MAX_ANSWER_BYTES
    lv.default = lambda _request: httpx.Response(
        200, content=_streamed(packed), headers={"Content-Encoding": "gzip"}
    )
    client = make_client()
    with pytest.raises(ProtocolError, match="too large"):
        await client.list_messages(thread_id="8")


async def test_a_large_answer_under_the_limit_is_read_whole(lv, make_client):
    """Validated in slices of ITEMS_PER_STEP records: the result is the same."""
    lv.default = httpx.Response(200, json=history(2000, newest_first=False))
    client = make_client()
    page = await client.list_messages(thread_id="8")
    assert len(page) == 2000 and page[0].id == "1999" and page.cut == 0


@contextlib.asynccontextmanager
async def loop_turns() -> AsyncIterator[list[int]]:
    """Counts (in the list's one item) the turns another task gets while the block runs."""
    turns = [0]
    done = False

    async def other_task() -> None:
        while not done:
            turns[0] += 1
            await asyncio.sleep(0)

    ticker = asyncio.create_task(other_task())
    await asyncio.sleep(0)
    turns[0] = 0
    try:
        yield turns
    finally:
        done = True
        await ticker


async def test_a_long_page_lets_the_event_loop_run_between_slices():
    """The screen keeps painting while a long answer is validated."""
    data = history(2000, newest_first=True)
    async with loop_turns() as turns:
        items = await parse_items(Message, data, method="GET", path="/sms/agent/messages")
    assert len(items) == 2000
    assert turns[0] >= 2000 // ITEMS_PER_STEP - 1


async def test_a_slice_ends_when_its_time_is_spent(monkeypatch):
    """However few records it has read: 200 threads with their contacts take 10-20 ms, two or
    three times as long while the store's thread shares the interpreter's lock. Here the clock
    moves a quarter of a slice's time per record."""
    now = [0.0]

    def clock() -> float:
        now[0] += STEP_SECONDS / 4
        return now[0]

    monkeypatch.setattr(responses, "_clock", clock)
    data = history(2000, newest_first=True)
    async with loop_turns() as turns:
        items = await parse_items(Message, data, method="GET", path="/sms/agent/messages")
    assert len(items) == 2000
    assert turns[0] >= 2000 // 5


async def test_a_long_answer_is_decoded_record_by_record_between_turns_of_the_loop():
    """A 2,000-record answer is not decoded in one piece before it is validated: the loop
    runs between slices even though the body turns out to be broken at its very end."""
    body = json.dumps(history(2000, newest_first=True)).encode()[:-1] + b", oops]"
    response = httpx.Response(200, content=body)
    async with loop_turns() as turns:
        with pytest.raises(ProtocolError, match="not JSON"):
            await read_page(response, Message, as_read, order.newest_first, method="GET", path="/x")
    assert turns[0] >= 2000 // ITEMS_PER_STEP - 1


@pytest.mark.parametrize(
    "body",
    [
        b"[]",
        b" \n[ ]\r\n",
        b'[{"id": "1", "message": "a", "direction": 1}]',
        b'\xef\xbb\xbf[ {"id": "2", "message": "b\\u00e9"} , {"id": 3, "message": "[,]"} ]\n',
        '[{"id": "4", "message": "über"}]'.encode("utf-16"),
        b'[{"id": "5", "message": "x", "direction": "sideways"}, {"id": "6"}]',
    ],
)
async def test_records_decoded_one_by_one_read_as_the_whole_body_would(body: bytes):
    page = await read_page(
        httpx.Response(200, content=body), Message, as_read, method="GET", path="/x"
    )
    whole = await parse_items(Message, json.loads(body), method="GET", path="/x")
    assert page == whole


@pytest.mark.parametrize(
    "body", [b"[1, 2", b"[1 2]", b"[1,]", b"[] x", b"[{]", b"[" + b"[" * 100_000]
)
async def test_a_broken_array_is_a_protocol_error(body: bytes):
    with pytest.raises(ProtocolError, match="not JSON"):
        response = httpx.Response(200, content=body)
        await read_page(response, Message, as_read, method="GET", path="/x")
