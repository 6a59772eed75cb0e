"""Fixtures: a scripted LiveVox and clients wired to it that never really sleep."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from inbox_tui.livevox.client import LiveVoxClient, RetryPolicy

from .scripted import ACCESS_TOKEN, PASSWORD, ScriptedLiveVox, SleepRecorder


@pytest.fixture
def sleeps() -> SleepRecorder:
    return SleepRecorder()


@pytest.fixture
def lv() -> ScriptedLiveVox:
    return ScriptedLiveVox()


@pytest.fixture
async def make_client(lv: ScriptedLiveVox, sleeps: SleepRecorder):
    """Build clients against ``lv``; jitter is pinned to its maximum and sleeps are recorded."""
    made: list[LiveVoxClient] = []

    def build(**overrides: Any) -> LiveVoxClient:
        options: dict[str, Any] = {
            "access_token": ACCESS_TOKEN,
            "client_code": "ACME",
            "user_name": "kavya",
            "password": PASSWORD,
            "transport": httpx.MockTransport(lv),
            "retry": RetryPolicy(
                attempts=4, base_delay=0.5, max_delay=30.0, sleep=sleeps, random=lambda: 1.0
            ),
        }
        options.update(overrides)
        client = LiveVoxClient("https://lv.test", **options)
        made.append(client)
        return client

    yield build
    for client in made:
        await client.aclose()
