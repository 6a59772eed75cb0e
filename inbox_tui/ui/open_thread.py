"""The open thread: its contact line, its history (cached first, then fetched), older pages on
scroll-up, new messages as they arrive, and the row that follows its newest message."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from inbox_tui.core.phone import candidate_zones, load_zone_data
from inbox_tui.send.route import customer_of
from inbox_tui.ui.keymap import key_of
from inbox_tui.ui.widgets.thread_list import ThreadRow

if TYPE_CHECKING:
    from inbox_tui.livevox.client import LiveVoxClient
    from inbox_tui.livevox.models import Message, Thread
    from inbox_tui.store import Store
    from inbox_tui.ui.cache_loader import InboxCache
    from inbox_tui.ui.compliance_view import Compliance
    from inbox_tui.ui.draft_saver import DraftSaver
    from inbox_tui.ui.local_store import LocalStore
    from inbox_tui.ui.read_state import ReadState
    from inbox_tui.ui.snippets import Snippets
    from inbox_tui.ui.widgets.compliance_banner import ComplianceBanner
    from inbox_tui.ui.widgets.composer import Composer
    from inbox_tui.ui.widgets.conversation import Conversation
    from inbox_tui.ui.widgets.header import ContactLine
    from inbox_tui.ui.widgets.thread_list import ThreadList


class ThreadHost(Protocol):
    """What the open thread needs of the app."""

    client: LiveVoxClient | None
    current_thread: Thread | None
    clock: Callable[[], datetime]
    store: Store
    cache: InboxCache
    drafts: DraftSaver
    thread_list: ThreadList
    conversation: Conversation
    composer: Composer
    contact_line: ContactLine
    banner: ComplianceBanner
    snippets: Snippets
    reads: ReadState
    compliance: Compliance
    local: LocalStore

    def report(self, doing: str, exc: BaseException) -> None: ...
    def set_status(self, text: str, *, error: bool = False) -> None: ...
    def run_worker(self, work: object, **kwargs: object) -> object: ...


class OpenThread:
    """Shows a thread and keeps it current; ``zones`` are its candidate time zones by id."""

    def __init__(self, host: ThreadHost) -> None:
        self.host = host
        self.zones: dict[str, list[str]] = {}
        """Candidate zones by thread id, worked out once per thread (the ZIP data loads slowly)."""
        self.pages = 0
        """Pages of the open thread's history loaded."""

    def show(self, thread: Thread) -> None:
        """Open ``thread``: its draft in the composer, its cached messages, then the fetched."""
        host = self.host
        host.drafts.flush()
        host.current_thread = thread
        host.composer.set_draft(host.drafts.draft_of(thread.thread_id))
        host.compliance.forget_revealed_pii()
        self.show_contact()
        host.compliance.refresh()
        if not host.local.show_cached_messages(thread):
            host.conversation.show_empty("Loading…")
        self.load_history(thread)
        host.reads.schedule_mark_read(thread)

    def preload(self) -> None:
        """Load the phone-zone data in a thread before the first open needs it."""
        self.host.run_worker(
            asyncio.to_thread(load_zone_data), group="zone-data", exit_on_error=False
        )

    def close(self) -> None:
        host = self.host
        host.drafts.flush()
        host.current_thread = None
        host.composer.set_draft("")
        host.compliance.forget_revealed_pii()
        self.show_contact()
        host.compliance.refresh()
        host.conversation.show_empty("Open a thread to read it.")

    def reload(self) -> None:
        if self.host.current_thread is not None:
            self.load_history(self.host.current_thread)

    def load_history(self, thread: Thread) -> None:
        self.host.run_worker(
            self._load_history(thread), group="history", exclusive=True, exit_on_error=False
        )

    async def _load_history(self, thread: Thread) -> None:
        host = self.host
        try:
            messages = await host.snippets.newest_page(thread.thread_id)
        except Exception as exc:
            host.report("Loading the conversation", exc)
            retry = key_of("refresh")
            host.conversation.show_empty(f"The conversation could not be loaded ({retry} retries).")
            host.banner.show(
                "Not checked: the conversation could not be loaded, so opt-outs cannot be "
                "checked; sending fetches it first."
            )
            return
        if host.current_thread is None or host.current_thread.thread_id != thread.thread_id:
            return
        self.pages = 1
        host.snippets.remember(thread, messages)
        # The conversation first: the zones may wait for the ZIP table (see ``preload``).
        host.conversation.set_messages(messages, has_older=bool(messages))
        if thread.thread_id not in self.zones:
            contact = thread.contact_info
            self.zones[thread.thread_id] = await asyncio.to_thread(
                candidate_zones,
                customer_of(thread, messages),
                contact.state if contact else None,
                contact.zip_code if contact else None,
            )
        if host.current_thread is None or host.current_thread.thread_id != thread.thread_id:
            return
        self.show_contact()
        host.local.show_search_target(thread)
        host.compliance.refresh()

    def show_contact(self) -> None:
        """Repaint the contact line: the open thread, its zones' local times, its PII masked
        unless revealed for it."""
        host = self.host
        thread = host.current_thread
        zones = self.zones.get(thread.thread_id) if thread else None
        revealed = thread is not None and host.compliance.pii_revealed_for == thread.thread_id
        customer = customer_of(thread, host.conversation.messages) if thread else None
        host.contact_line.show(thread, host.clock(), zones, reveal_pii=revealed, customer=customer)

    def load_older(self) -> None:
        self.host.run_worker(self._load_older(), group="older", exclusive=True, exit_on_error=False)

    async def _load_older(self) -> None:
        host = self.host
        thread = host.current_thread
        if thread is None:
            return
        try:
            messages = await host.client.list_messages(
                thread_id=thread.thread_id, page=self.pages + 1
            )
        except Exception as exc:
            host.report("Loading older messages", exc)
            return
        host.cache.messages_fetched(thread.thread_id, messages)
        if host.current_thread is thread:
            self.pages += 1
            host.conversation.prepend_older(messages, has_older=bool(messages))
            host.local.show_search_target(thread)

    async def append_new_messages(self, thread: Thread) -> None:
        """The open thread changed on the server: append its new messages, keep the view."""
        host = self.host
        try:
            messages = await host.client.list_messages(thread_id=thread.thread_id, page=1)
        except Exception as exc:
            host.report("Loading new messages", exc)
            return
        host.cache.messages_fetched(thread.thread_id, messages)
        host.snippets.remember(thread, messages)
        if host.conversation.append_new(messages):
            who = customer_of(thread, messages) or "the contact"
            host.set_status(f"New message from {who}.")
            host.compliance.refresh()
            self._show_newest(thread.thread_id, messages)

    def _show_newest(self, thread_id: str, newest_first: list[Message]) -> None:
        """The open thread's row shows its newest message and age, though the list was not
        refetched (a reply to an unread thread changes no count). The row keeps its place."""
        host = self.host
        newest = newest_first[0].date if newest_first else None
        if newest is None:
            return
        update = {"interaction_timestamp": newest}
        current = host.current_thread
        if current is not None and current.thread_id == thread_id:
            host.current_thread = current.model_copy(update=update)
        index = host.thread_list.index_of(thread_id)
        listed = host.thread_list.threads[index] if index >= 0 else None
        if listed is not None and (listed.last_activity is None or listed.last_activity < newest):
            fresh = listed.thread.model_copy(update=update)
            host.snippets.remember(fresh, newest_first)
            host.thread_list.replace_thread(ThreadRow.of(fresh))
