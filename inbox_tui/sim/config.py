"""Knobs of the simulator: size of the seeded world, sessions, and faults."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

MAX_MESSAGES_PER_THREAD = 999
SHAPES = ("rich", "reference", "sparse")
HISTORY_ORDERS = ("newest", "oldest", "shuffled")


def real_clock() -> datetime:
    """The default clock: the current time, aware, in UTC."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class SimConfig:
    """How big the simulated LiveVox is, how it behaves, and how often it fails.

    ``clock`` returns an aware datetime; seeded dates are relative to it at build time, so a
    fixed clock and seed give an identical world. Rates are probabilities per request.

    ``shape`` is how much the answers carry: ``rich`` (every field the tables list, for the
    demo), ``reference`` (exactly the keys and JSON types of the reference's examples) or
    ``sparse`` (any optional field may be missing or null). ``history_order`` orders each page
    of the transaction history (pages still run newest first). ``control`` serves the test
    control API under ``/_sim/``.
    """

    seed: int = 7
    threads: int = 30
    messages_per_thread: int = 12
    page_size: int = 25
    reply_interval: float | None = None
    session_ttl: float = 7200.0
    termcode_shape: Literal["categories", "array"] = "categories"
    clock: Callable[[], datetime] | None = None
    latency: float = 0.0
    jitter: float = 0.0
    error_rate: float = 0.0
    rate_limit_rate: float = 0.0
    retry_after: float | None = 1.0
    drop_rate: float = 0.0
    shape: Literal["rich", "reference", "sparse"] = "rich"
    history_order: Literal["newest", "oldest", "shuffled"] = "newest"
    control: bool = False

    def __post_init__(self) -> None:
        if self.threads < 0:
            raise ValueError("threads must be 0 or more")
        if not 1 <= self.messages_per_thread <= MAX_MESSAGES_PER_THREAD:
            raise ValueError(f"messages_per_thread must be 1..{MAX_MESSAGES_PER_THREAD}")
        if self.page_size < 1:
            raise ValueError("page_size must be 1 or more")
        if self.reply_interval is not None and self.reply_interval <= 0:
            raise ValueError("reply_interval must be positive")
        if self.session_ttl <= 0:
            raise ValueError("session_ttl must be positive")
        if self.termcode_shape not in ("categories", "array"):
            raise ValueError("termcode_shape must be 'categories' or 'array'")
        if self.shape not in SHAPES:
            raise ValueError(f"shape must be one of {', '.join(SHAPES)}")
        if self.history_order not in HISTORY_ORDERS:
            raise ValueError(f"history_order must be one of {', '.join(HISTORY_ORDERS)}")
        if self.latency < 0 or self.jitter < 0:
            raise ValueError("latency and jitter must be 0 or more")
        for name in ("error_rate", "rate_limit_rate", "drop_rate"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1")

    def now(self) -> datetime:
        """The simulator's current time."""
        moment = (self.clock or real_clock)()
        if moment.tzinfo is None:
            raise ValueError("SimConfig.clock must return an aware datetime")
        return moment

    def now_ms(self) -> int:
        """The current time in epoch milliseconds, LiveVox's date format."""
        return int(self.now().timestamp() * 1000)
