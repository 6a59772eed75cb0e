"""The threads of one inbox, newest first: a virtual list that holds 100,000 rows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import NamedTuple

from rich.text import Text
from textual.geometry import Size
from textual.message import Message

from inbox_tui.core.pii import mask_pii
from inbox_tui.livevox.models import Thread
from inbox_tui.ui.formatting import age, contact_name, thread_account
from inbox_tui.ui.glyphs import fit, glyphs
from inbox_tui.ui.widgets.cursor_list import CursorList

MORE_MARGIN = 5


class ThreadRow(NamedTuple):
    """What the list keeps of a thread: what its row shows and what is asked of every row,
    and the whole thread as JSON, read again when it is wanted (``thread``).

    A row is one object for the cyclic collector where a pydantic ``Thread`` is about a dozen
    (the model, its contact, their dicts, sets and lists): the collector's full passes, which
    walk every row loaded, stay short at tens of thousands of rows (and a row takes a fifth of
    the memory)."""

    thread_id: str
    read: bool | None
    last_activity: datetime | None
    name: str
    """The contact's name, else their number, else the thread id (``contact_name``)."""
    account: str
    json: str
    """As LiveVox sends it, less what is left at its default."""

    @classmethod
    def of(cls, thread: Thread) -> ThreadRow:
        return cls(
            thread.thread_id,
            thread.read,
            thread.last_activity,
            contact_name(thread),
            thread_account(thread),
            thread.model_dump_json(by_alias=True, exclude_defaults=True),
        )

    @property
    def thread(self) -> Thread:
        """The thread as it was listed (an equal model, made again)."""
        return Thread.model_validate_json(self.json)


class ThreadList(CursorList):
    """Rows: unread marker, contact, account (from 40 columns), last message snippet, age (of
    the row, else of its newest message). One ``ThreadRow`` per thread (``threads``).

    Snippets come from ``snippet_of`` (None = unknown yet); unknown ones on screen are asked
    for with one ``SnippetsWanted`` message per repaint, and the next page with ``NeedMore``.
    """

    COMPONENT_CLASSES = CursorList.COMPONENT_CLASSES | {
        "thread-list--unread",
        "thread-list--snippet",
        "thread-list--age",
    }

    class NeedMore(Message):
        """The cursor or the view is near the end: load the next page."""

    class SnippetsWanted(Message):
        """These threads are on screen and their last message is not known yet."""

        def __init__(self, threads: list[ThreadRow]) -> None:
            super().__init__()
            self.threads = threads

    def __init__(
        self,
        *,
        snippet_of: Callable[[ThreadRow], str | None],
        clock: Callable[[], datetime],
        newest_date_of: Callable[[ThreadRow], datetime | None] = lambda row: None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, empty_text="No threads.")
        self.threads: list[ThreadRow] = []
        """One row per thread, in the list's order."""
        self._row_of: dict[str, int] = {}
        """Each listed thread's row, by id (kept with ``threads``: no scan per row update)."""
        self.has_more = False
        self._snippet_of = snippet_of
        self._newest_date_of = newest_date_of
        self._clock = clock
        self._wanted: dict[str, ThreadRow] = {}
        self._more_asked = False
        self._announcing = False

    @property
    def row_count(self) -> int:
        return len(self.threads)

    @property
    def highlighted(self) -> ThreadRow | None:
        return self.threads[self.cursor] if self.threads else None

    def set_threads(self, rows: list[ThreadRow], *, has_more: bool, keep: str | None = None):
        """Show a fresh first page; the cursor stays on thread ``keep`` if it is still there."""
        self.threads = list(rows)
        self._row_of = {t.thread_id: i for i, t in enumerate(self.threads)}
        self.has_more = has_more
        self._more_asked = False
        self.cursor = max(0, self.index_of(keep)) if keep else 0
        if keep is None:
            self.scroll_to(y=0, animate=False, immediate=True, force=True)
        self.rows_changed()

    def refresh_first_page(
        self, page: list[ThreadRow], *, has_more: bool, keep: str | None = None
    ) -> None:
        """The inbox's first page again (a poll): it takes the place of the first rows, and
        every row loaded stays below it, less the threads the page now holds (a reply moved
        them up): first those the page pushed out of the first rows, then the rows loaded
        below, so that paging goes on after them. Costs the page and the rows that moved, not
        the whole list: the poll may run at 35,000 rows. Only the rows on screen that show
        another thread, or a changed one, are repainted."""
        shown = {row: self.threads[row] for row in self.visible_range()}
        cursor = self.cursor
        old_head = self.threads[: len(page)]
        fresh = {t.thread_id for t in page}
        pushed = [t for t in old_head if t.thread_id not in fresh]
        risen = sorted(
            (row for row in (self._row_of.get(i, -1) for i in fresh) if row >= len(page)),
            reverse=True,
        )
        for row in risen:
            del self.threads[row]
        self.threads[: len(old_head)] = [*page, *pushed]
        head = len(page) + len(pushed)
        # Below the head, the rows moved down to the last that rose; all of them when the page
        # holds threads that were not listed.
        joined = head - len(old_head) > len(risen)
        moved = len(self.threads) if joined else (risen[0] + 1 if risen else head)
        for row in range(max(head, moved)):
            self._row_of[self.threads[row].thread_id] = row
        self.has_more = has_more
        self._more_asked = False
        self.cursor = max(0, self.index_of(keep)) if keep else 0
        if keep is None:
            self.scroll_to(y=0, animate=False, immediate=True, force=True)
        self.virtual_size = Size(self.scrollable_content_region.width, self.row_count)
        for row in {*shown, *self.visible_range()}:
            now = self.threads[row] if row < self.row_count else None
            if now != shown.get(row) or row in (cursor, self.cursor):
                self.refresh_row(row)

    def append_threads(self, rows: list[ThreadRow], *, has_more: bool) -> None:
        for row in rows:
            if row.thread_id not in self._row_of:
                self._row_of[row.thread_id] = len(self.threads)
                self.threads.append(row)
        self.has_more = has_more
        self._more_asked = False
        self.rows_changed()

    def index_of(self, thread_id: str) -> int:
        """The thread's row, -1 when it is not listed."""
        return self._row_of.get(thread_id, -1)

    def replace_thread(self, row: ThreadRow) -> None:
        """Swap in a changed thread's row (read state, for instance) and repaint it only."""
        index = self.index_of(row.thread_id)
        if index >= 0:
            self.threads[index] = row
            self.refresh_row(index)

    def remove_thread(self, thread_id: str) -> None:
        """Drop a thread; the cursor lands on the one that followed it."""
        index = self.index_of(thread_id)
        if index >= 0:
            del self.threads[index]
            del self._row_of[thread_id]
            for row in range(index, len(self.threads)):
                self._row_of[self.threads[row].thread_id] = row
            self.rows_changed()
            if self.threads:
                self.post_message(self.Highlighted(self, self.cursor))

    def refresh_thread(self, thread_id: str) -> None:
        index = self.index_of(thread_id)
        if index >= 0:
            self.refresh_row(index)

    def move_to(self, index: int, *, announce: bool = True) -> None:
        super().move_to(index, announce=announce)
        self._ask_more_if_near_end(self.cursor)

    def render_row(self, index: int, width: int) -> Text:
        row = self.threads[index]
        self._ask_more_if_near_end(index)
        unread = row.read is False
        snippet = self._snippet_of(row)
        if snippet is None:
            self._want(row)
        when = age(row.last_activity or self._newest_date_of(row), self._clock())
        name_width = 18 if width >= 60 else 14 if width >= 40 else max(8, min(12, width - 14))
        account_width = 8 if width >= 40 else 0
        text = Text(no_wrap=True)
        mark_style = self.get_component_rich_style("thread-list--unread") if unread else None
        text.append(f"{glyphs().unread} " if unread else "  ", mark_style)
        text.append(fit(row.name, name_width), mark_style)
        if account_width:
            text.append(" " + fit(row.account, account_width))
        rest = width - text.cell_len - len(when) - 2
        if rest > 3:
            text.append(" ")
            text.append(
                fit(mask_pii(snippet or ""), rest),
                self.get_component_rich_style("thread-list--snippet"),
            )
        text.append(" " + when.rjust(max(0, width - text.cell_len - 1)))
        return text

    def render_line(self, y: int):
        strip = super().render_line(y)
        if self._wanted and not self._announcing:
            # Rendering runs in the screen's context; announce from this widget's own so the
            # message bubbles up to the app.
            self._announcing = True
            self.call_next(self._announce_wanted)
        return strip

    def _want(self, row: ThreadRow) -> None:
        self._wanted[row.thread_id] = row

    def _announce_wanted(self) -> None:
        self._announcing = False
        if self._wanted:
            wanted, self._wanted = list(self._wanted.values()), {}
            self.post_message(self.SnippetsWanted(wanted))

    def _ask_more_if_near_end(self, index: int) -> None:
        if self.has_more and not self._more_asked and index >= len(self.threads) - MORE_MARGIN:
            self._more_asked = True
            self.call_next(lambda: self.post_message(self.NeedMore()))
