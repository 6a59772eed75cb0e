"""The search screen: results follow the query as it is typed; ``enter`` opens the thread.

The store runs each query in a thread worker a short pause after the last keystroke; a newer
query supersedes it, and results of a query that is no longer the one typed are dropped.
Snippets are customer text: the store's match marks become styles, never markup.

On a slow link every cell written counts (issue 15): a letter's echo is a few cells, a new
result list hundreds. So the list is re-listed once per burst of typing, not per letter; an
answer that changes nothing repaints nothing; no match leaves the syntax hint in place (only the
count line says so); and the rows keep their width whether or not the list can scroll.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, Static

from inbox_tui.core.phone import format_number
from inbox_tui.store import SearchHit, SearchQueryError, Store
from inbox_tui.ui.formatting import age
from inbox_tui.ui.widgets.cursor_list import CursorList

TYPING_PAUSE = 0.25
"""Seconds of no typing before a query runs: longer than most gaps between the letters of a
word (typists average about 0.24 s a key), so a word typed costs one re-list, not one per
letter."""
RESULT_LIMIT = 100
ACCOUNT_CELLS = 13
LEAD_CELLS = 12
"""Cells of text kept before the first match in a row, so the match stays in view."""
HINT = (
    'Type words, "a phrase" or pay* (a prefix). Filters: from:4061 (number digits), '
    "account:1213, inbox:personal, since:2d (or 3h, 1w, 2025-03-01)."
)
KEYS = "enter opens · ↑↓ pgup pgdn move · esc/^] closes"


def result_count(found: int) -> str:
    """``No match in the cache.``, ``1 result``, ``12 results``; at the limit, that these are
    the best."""
    if found == RESULT_LIMIT:
        return f"The {RESULT_LIMIT} best results"
    return {0: "No match in the cache.", 1: "1 result"}.get(found, f"{found} results")


def hit_row(hit: SearchHit, width: int, now: datetime, match_style: Style) -> Text:
    """``contact  number  acct  snippet  age`` in ``width`` cells, matches in ``match_style``."""
    when = age(hit.date, now)
    name = Text(hit.contact_name or format_number(hit.phone) or hit.thread_id)
    name.truncate(16 if width < 100 else 20, overflow="ellipsis", pad=True)
    row = Text(no_wrap=True)
    row.append(name.plain, "bold")
    if width >= 100 and hit.phone:
        row.append(" " + format_number(hit.phone).ljust(16))
    account = Text(f"acct {hit.account}" if hit.account else "")
    account.truncate(ACCOUNT_CELLS, overflow="ellipsis", pad=True)
    row.append(" " + account.plain + "  ")
    room = width - row.cell_len - len(when) - 1
    row.append_text(snippet_text(hit, match_style, room))
    row.append(" " + when.rjust(max(0, width - row.cell_len - 1)))
    return row


def snippet_text(hit: SearchHit, match_style: Style, width: int) -> Text:
    """The snippet on one line, cut so that its first match shows within ``width`` cells."""
    snippet = Text(no_wrap=True)
    for part, matched in hit.snippet:
        snippet.append(" ".join(part.split("\n")), match_style if matched else "")
    first = next((span.start for span in snippet.spans if span.style == match_style), 0)
    if first > LEAD_CELLS and snippet.cell_len > width:
        # Start at a word at most LEAD_CELLS (plus that word) before the first match.
        start = snippet.plain.rfind(" ", 0, first - LEAD_CELLS) + 1
        snippet = Text("…") + snippet[start or first - LEAD_CELLS :]
    snippet.truncate(max(0, width), overflow="ellipsis", pad=True)
    return snippet


class SearchResults(CursorList):
    """One row per hit; the cursor row is the one ``enter`` opens. Empty, it shows the syntax."""

    COMPONENT_CLASSES = CursorList.COMPONENT_CLASSES | {"search-results--match"}

    def __init__(self, *, clock: Callable[[], datetime], id: str | None = None) -> None:
        super().__init__(id=id, empty_text=HINT)
        self.hits: list[SearchHit] = []
        self._clock = clock

    @property
    def row_count(self) -> int:
        return len(self.hits)

    @property
    def highlighted(self) -> SearchHit | None:
        return self.hits[self.cursor] if self.hits else None

    def set_hits(self, hits: list[SearchHit]) -> None:
        """Show ``hits`` from the top; the same hits again change nothing (not the cursor)."""
        if hits == self.hits:
            return
        self.hits = hits
        self.cursor = 0
        self.scroll_to(y=0, animate=False, immediate=True)
        self.rows_changed()

    def render_row(self, index: int, width: int) -> Text:
        # Partial: the match's colour and weight on the row's background (the cursor row's too).
        style = self.get_component_rich_style("search-results--match", partial=True)
        return hit_row(self.hits[index], width, self._clock(), style)


class SearchScreen(ModalScreen[SearchHit | None]):
    """Dismissed with the chosen hit, or None (escape)."""

    BINDINGS: ClassVar[list[Binding]] = [
        Binding("escape,ctrl+right_square_bracket", "dismiss(None)", "Close search"),
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
    ]

    def __init__(
        self, store: Store, *, clock: Callable[[], datetime], blink: bool = False, query: str = ""
    ) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.blink = blink
        self.initial_query = query
        self._pause: Timer | None = None
        self._generation = 0
        self._count = ("", False)
        """The count line's words and whether they are an error, as shown."""

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box") as box:
            box.border_title = "Search"
            box.border_subtitle = KEYS
            query = Input(self.initial_query, placeholder="search…", id="search-query")
            query.cursor_blink = self.blink
            yield query
            yield Static(id="search-count")
            yield SearchResults(clock=self.clock, id="search-results")

    @property
    def results(self) -> SearchResults:
        return self.query_one(SearchResults)

    def on_mount(self) -> None:
        self.query_one("#search-query", Input).focus()
        if self.initial_query:
            self._run(self.initial_query)

    @on(Input.Changed, "#search-query")
    def _query_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._generation += 1
        if self._pause is not None:
            self._pause.stop()
        query = event.value
        self._pause = self.set_timer(TYPING_PAUSE, lambda: self._run(query))

    @on(Input.Submitted, "#search-query")
    def _query_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        hit = self.results.highlighted
        if hit is not None:
            self.dismiss(hit)

    @on(CursorList.Activated, "#search-results")
    def _result_activated(self, event: CursorList.Activated) -> None:
        hit = self.results.highlighted
        if hit is not None:
            self.dismiss(hit)

    def action_move(self, delta: int) -> None:
        self.results.move(delta)

    def action_page(self, direction: int) -> None:
        self.results.page(direction)

    def _run(self, query: str) -> None:
        self._search(self._generation, query)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, generation: int, query: str) -> None:
        error = False
        try:
            hits = self.store.search(query, limit=RESULT_LIMIT)
            status = result_count(len(hits)) if query.strip() else ""
        except SearchQueryError as exc:
            hits, status, error = [], str(exc), True
        self.app.call_from_thread(self._show, generation, hits, status, error)

    def _show(self, generation: int, hits: list[SearchHit], status: str, error: bool) -> None:
        if generation != self._generation or self.app.screen is not self:
            return  # the query changed while this one ran, or the search was closed
        if (status, error) != self._count:
            self._count = status, error
            line = self.query_one("#search-count", Static)
            line.set_class(error, "-error")
            line.update(Text(status))
        self.results.set_hits(hits)
