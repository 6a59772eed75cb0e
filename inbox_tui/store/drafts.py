"""Reply drafts, one per thread, committed as they are saved so a crash loses nothing."""

from __future__ import annotations

from inbox_tui.store.database import Database
from inbox_tui.store.outbox import same_text
from inbox_tui.text import storable_text


class Drafts(Database):
    """Saving, loading and clearing the draft reply of a thread."""

    def save_draft(self, thread_id: str, text: str) -> None:
        """Keep ``text`` as the thread's draft; an empty text clears it."""
        text = storable_text(text)
        if not text:
            self.clear_draft(thread_id)
            return
        with self.writing() as connection:
            connection.execute(
                "INSERT OR REPLACE INTO drafts (thread_id, text, updated_at) VALUES (?, ?, ?)",
                (thread_id, text, self.clock().isoformat()),
            )

    def load_draft(self, thread_id: str) -> str | None:
        """The thread's draft, or None."""
        with self.snapshot() as connection:
            row = connection.execute(
                "SELECT text FROM drafts WHERE thread_id = ?", (thread_id,)
            ).fetchone()
        return row[0] if row else None

    def clear_draft(self, thread_id: str) -> None:
        """Forget the thread's draft (after a send, or when the agent empties it)."""
        with self.writing() as connection:
            connection.execute("DELETE FROM drafts WHERE thread_id = ?", (thread_id,))

    def clear_draft_if(self, thread_id: str, text: str | None) -> bool:
        """Clear the thread's draft only if it still says ``text`` (compared as the outbox
        compares sent texts: cleaned, whitespace collapsed), as after a send settled late: a
        draft the agent has changed since is kept. Returns whether it was cleared."""
        with self.writing() as connection:
            row = connection.execute(
                "SELECT text FROM drafts WHERE thread_id = ?", (thread_id,)
            ).fetchone()
            if row is None or not same_text(row[0], text):
                return False
            connection.execute("DELETE FROM drafts WHERE thread_id = ?", (thread_id,))
        return True
