"""The sidebar's inboxes, each with its unread and total counts."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from inbox_tui.livevox.models import Channel
from inbox_tui.ui.glyphs import fit, glyphs
from inbox_tui.ui.widgets.cursor_list import CursorList


def inbox_order(channels: list[Channel]) -> list[Channel]:
    """SMS inboxes first, personal before group, otherwise as LiveVox listed them."""
    return sorted(channels, key=lambda c: (c.channel.upper() != "SMS", c.personal is not True))


def inbox_key(channel: Channel) -> str:
    """An inbox's identity: a personal SMS and a personal Email inbox share the agent's id."""
    return f"{channel.channel}/{channel.channel_id}/{channel.personal}"


def inbox_name(channel: Channel) -> str:
    return channel.channel_name or f"{channel.channel} {channel.channel_id}"


class InboxList(CursorList):
    """One row per inbox: name, then ``●3/12`` (unread/total); unread is a glyph and a number."""

    COMPONENT_CLASSES = CursorList.COMPONENT_CLASSES | {"inbox-list--unread"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, empty_text="No inboxes yet.")
        self.channels: list[Channel] = []
        self.counts: dict[str, tuple[int, int]] = {}

    @property
    def row_count(self) -> int:
        return len(self.channels)

    @property
    def highlighted(self) -> Channel | None:
        return self.channels[self.cursor] if self.channels else None

    def set_channels(self, channels: list[Channel]) -> None:
        keep = inbox_key(self.highlighted) if self.highlighted else None
        self.channels = inbox_order(channels)
        self.counts = {inbox_key(c): (c.unread_count or 0, c.total_count or 0) for c in channels}
        ids = [inbox_key(c) for c in self.channels]
        self.cursor = ids.index(keep) if keep in ids else 0
        self.rows_changed()

    def counts_of(self, channel: Channel) -> tuple[int, int]:
        """(unread, total) of an inbox as last known."""
        return self.counts.get(inbox_key(channel), (0, 0))

    def set_counts(self, channel: Channel, unread: int, total: int) -> None:
        """Change one inbox's counts and repaint its row only."""
        key = inbox_key(channel)
        if self.counts.get(key) != (unread, total):
            self.counts[key] = (unread, total)
            keys = [inbox_key(c) for c in self.channels]
            if key in keys:
                self.refresh_row(keys.index(key))

    def render_row(self, index: int, width: int) -> Text:
        channel = self.channels[index]
        unread, total = self.counts_of(channel)
        counts = f"{glyphs().unread}{unread}/{total}" if unread else f"{total}"
        name = fit(inbox_name(channel), max(1, width - len(counts) - 1))
        style = self.get_component_rich_style("inbox-list--unread") if unread else None
        row = Text(no_wrap=True)
        row.append(name, style)
        row.append(" " + counts.rjust(max(0, width - cell_len(name) - 1)), style)
        return row
