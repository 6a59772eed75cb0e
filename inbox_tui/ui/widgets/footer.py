"""The key hints at the bottom: one line that repaints only when the keys it offers change."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.geometry import Region
from textual.screen import Screen
from textual.widget import Widget

Hint = tuple[str, str, str]
"""A key offered: the key to simulate, how it is shown, what it does."""


class KeyFooter(Widget, can_focus=False):
    """The screen's active bindings that are shown (``Binding.show``), drawn as Textual's
    ``Footer`` draws them, as one line of text. Textual's footer builds a widget per key again
    on every focus change, and the layout that follows repaints the line and more (about 1.7 KB
    at 120x40 per ``tab``); here a focus change that offers the same keys writes nothing, and
    one that changes them repaints this line. A click on a key presses it."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-footer--key", "key-footer--description"}

    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        text-overflow: clip;
        .key-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.hints: list[Hint] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        # A focus change tells the keys; if the first one came before this, the keys now.
        self.call_after_refresh(self._bindings_changed, self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _offered(self, screen: Screen[object]) -> list[Hint]:
        """The shown bindings, one per action, in the order the screen has them."""
        hints: dict[str, Hint] = {}
        for _, binding, _, _ in screen.active_bindings.values():
            if binding.show and binding.action not in hints:
                display = self.app.get_key_display(binding)
                hints[binding.action] = (binding.key, display, binding.description)
        return list(hints.values())

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is not self.screen:
            return
        hints = self._offered(screen)
        if hints != self.hints:
            # The cells the old or the new keys cover; the rest of the line stays blank.
            width = max(cell_len(self._line(self.hints).plain), cell_len(self._line(hints).plain))
            self.hints = hints
            self.refresh(Region(0, 0, width, 1))

    def render(self) -> Text:
        return self._line(self.hints)

    def _line(self, hints: list[Hint]) -> Text:
        key = self.get_component_rich_style("key-footer--key")
        description = self.get_component_rich_style("key-footer--description")
        text = Text(no_wrap=True, overflow="crop")
        for _, display, words in hints:
            text.append(f" {display} ", key)
            text.append(f"{words} ", description)
        return text

    def on_click(self, event: events.Click) -> None:
        x = 0
        for key, display, words in self.hints:
            x += cell_len(f" {display} {words} ")
            if event.x < x:
                self.app.simulate_key(key)
                return
