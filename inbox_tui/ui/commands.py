"""The command palette (ctrl+p): every action of the app's table, by its description."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from inbox_tui.ui.keymap import key_label


class ActionCommands(Provider):
    """Offers each ``ActionSpec`` of ``app.action_table`` as a named command with its key."""

    def _specs(self):
        return [s for s in self.app.action_table if s.action != "command_palette"]

    async def discover(self) -> Hits:
        for spec in self._specs():
            yield DiscoveryHit(
                spec.description,
                partial(self.app.run_action, spec.action),
                help=key_label(spec.key),
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for spec in self._specs():
            score = matcher.match(spec.description)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(spec.description),
                    partial(self.app.run_action, spec.action),
                    help=key_label(spec.key),
                )
