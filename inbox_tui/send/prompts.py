"""What a send may ask the person sending: a typed reason for each overridable hold, a yes to
each warning, a go-ahead after new messages arrived, the code to send from. ``inbox_tui.ui``
answers with dialogs; tests answer with a script."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from inbox_tui.core.compliance import Finding, HistoryMessage


@dataclass(frozen=True)
class OverrideAnswer:
    """Typed reasons by finding code, and the codes of the warnings the agent confirmed."""

    reasons: dict[str, str]
    confirmed: frozenset[str]


class Prompts(Protocol):
    """The questions of the send path; each returns None (or False) when the person backs out."""

    async def override(
        self,
        subject: str,
        holds: Sequence[Finding],
        warnings: Sequence[Finding],
        min_reason: int,
    ) -> OverrideAnswer | None:
        """Reasons for the holds that need one and confirmations of the warnings."""
        ...

    async def confirm_collision(self, subject: str, arrived: Sequence[HistoryMessage]) -> bool:
        """Whether to send although ``arrived`` came in since the person last looked."""
        ...

    async def choose_code(self, subject: str, codes: Sequence[str], why: str) -> str | None:
        """Which of the service's SMS codes to send from, when nothing says which."""
        ...
