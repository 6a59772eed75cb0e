"""The reply composer: one line of text that keeps each thread's draft."""

from __future__ import annotations

from textual.widgets import Input


class Composer(Input):
    """An ``Input`` whose draft, when shown, puts the cursor at its end (continuing a draft
    types after it, not in front of it)."""

    def set_draft(self, text: str) -> None:
        self.value = text
        self.cursor_position = len(text)
