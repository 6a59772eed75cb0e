"""The send path's questions (``inbox_tui.send.Prompts``), asked with the app's dialogs. Each
dialog's module is imported when it first opens, so the first frame does not wait for it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from inbox_tui.core.compliance import Finding, HistoryMessage
from inbox_tui.send import OverrideAnswer

if TYPE_CHECKING:
    from textual.app import App


class DialogPrompts:
    """Asks through modal dialogs pushed on ``app`` and waits for their answer."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app

    async def override(
        self,
        subject: str,
        holds: Sequence[Finding],
        warnings: Sequence[Finding],
        min_reason: int,
    ) -> OverrideAnswer | None:
        from inbox_tui.ui.dialogs.override import OverrideDialog

        dialog = OverrideDialog(subject, holds=holds, warnings=warnings, min_reason=min_reason)
        return await self.app.push_screen(dialog, wait_for_dismiss=True)

    async def confirm_collision(self, subject: str, arrived: Sequence[HistoryMessage]) -> bool:
        from inbox_tui.ui.dialogs.collision import CollisionDialog

        return bool(
            await self.app.push_screen(CollisionDialog(subject, arrived), wait_for_dismiss=True)
        )

    async def choose_code(self, subject: str, codes: Sequence[str], why: str) -> str | None:
        from inbox_tui.ui.dialogs.code_choice import CodeChoiceDialog

        dialog = CodeChoiceDialog(subject=subject, codes=codes, why=why)
        return await self.app.push_screen(dialog, wait_for_dismiss=True)
