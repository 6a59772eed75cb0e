"""When to poll next: the interval, or an exponential backoff with jitter after errors."""

from __future__ import annotations

import random
from collections.abc import Callable

MAX_DELAY = 300.0


class PollSchedule:
    """The delay before the next poll (dolphie's pattern: one poll, then a timer arms the next).

    Each failure in a row doubles the delay up to ``cap``, with ±20 % jitter so many agents do
    not retry in step; a server's Retry-After is honoured when it asks for longer.
    """

    def __init__(
        self,
        interval: float,
        *,
        cap: float = MAX_DELAY,
        rng: Callable[[], float] = random.random,
    ) -> None:
        self.interval = interval
        self.cap = max(cap, interval)
        self.failures = 0
        self._rng = rng

    def success(self) -> float:
        self.failures = 0
        return self.interval

    def failure(self, retry_after: float | None = None) -> float:
        self.failures += 1
        delay = min(self.cap, self.interval * 2 ** (self.failures - 1))
        delay *= 0.8 + 0.4 * self._rng()
        return max(delay, retry_after or 0.0)
