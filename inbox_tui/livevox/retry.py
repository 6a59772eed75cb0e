"""When to wait and for how long before repeating a call: capped exponential backoff."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime


@dataclass(frozen=True)
class RetryPolicy:
    """How often a safe call is tried and how long to wait in between.

    ``attempts`` counts the first try. The wait before retry ``n`` (from 0) is drawn uniformly
    from ``[0, min(max_delay, base_delay * 2**n)]`` ("full jitter"), unless the server named a
    wait with Retry-After. A named wait counts for at most ``retry_after_cap`` seconds (a
    ``Retry-After: 86400`` must not stop the app for a day); one still longer than
    ``max_delay`` is not waited out but raised, so the caller (a poller, the user) can decide.
    ``sleep`` and ``random`` are injectable so tests never wait.
    """

    attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 30.0
    retry_after_cap: float = 300.0
    sleep: Callable[[float], Awaitable[None]] = field(default=asyncio.sleep, repr=False)
    random: Callable[[], float] = field(default=random.random, repr=False)

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError("a retry policy needs at least one attempt")
        if self.base_delay < 0 or self.max_delay < 0 or self.retry_after_cap < 0:
            raise ValueError("retry delays cannot be negative")

    def delay(self, retry: int, retry_after: float | None = None) -> float | None:
        """Seconds to wait before retry number ``retry`` (0 = first retry), or None to give up."""
        if retry + 1 >= self.attempts:
            return None
        if retry_after is not None:
            wait = min(retry_after, self.retry_after_cap)
            return wait if wait <= self.max_delay else None
        return float(self.random() * min(self.max_delay, self.base_delay * 2**retry))


def capped(retry_after: float | None, cap: float) -> float | None:
    """A server's Retry-After, waited out at most ``cap`` seconds (None stays None)."""
    return None if retry_after is None else min(retry_after, cap)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds from now: delta-seconds or an HTTP date; None if absent or bad."""
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    if seconds != seconds or seconds == float("inf"):
        return None
    return max(0.0, seconds)
