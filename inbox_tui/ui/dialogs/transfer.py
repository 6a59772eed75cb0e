"""Transfer: pick one of the agents who can take the thread; READY agents come first."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from textual.content import Content

from inbox_tui.livevox.models import TransferAgent
from inbox_tui.ui.dialogs.choice_dialog import ChoiceDialog
from inbox_tui.ui.dialogs.filtered_choices import Choice, ChoiceGroup


def agent_row(agent: TransferAgent) -> Content:
    """Name, login and status in columns, READY in bold; all of it plain text."""
    return Content.assemble(
        Content(agent.name or agent.login_id).truncate(24, ellipsis=True, pad=True),
        "  ",
        Content(agent.login_id).truncate(14, ellipsis=True, pad=True),
        "  ",
        (agent.status or "UNKNOWN", "bold" if agent.is_ready else "dim"),
    )


def ready_first(agents: Sequence[TransferAgent]) -> list[TransferAgent]:
    """READY agents first, then the others, each by name."""
    return sorted(agents, key=lambda a: (not a.is_ready, (a.name or a.login_id).casefold()))


class TransferDialog(ChoiceDialog[TransferAgent, Sequence[TransferAgent]]):
    """Lists who can take the thread; ``enter`` transfers and dismisses with the agent chosen."""

    HEADING = "Transfer thread"
    KEYS = "enter transfer · ↑↓ choose · esc/^] cancel"
    WHAT = "the agents"
    PLACEHOLDER = "Type a name, login or status"
    EMPTY = "No agent matches."

    def __init__(
        self,
        *,
        subject: str,
        load_agents: Callable[[], Awaitable[Sequence[TransferAgent]]],
        on_transfer: Callable[[TransferAgent], Awaitable[object]],
    ) -> None:
        super().__init__(subject=subject, load=load_agents)
        self._on_transfer = on_transfer

    def show(self, data: Sequence[TransferAgent]) -> None:
        choices = [
            Choice(a, agent_row(a), f"{a.name or ''} {a.login_id} {a.status or ''}")
            for a in ready_first(data)
        ]
        self.choices.set_groups([ChoiceGroup(None, choices)])
        if not data:
            self.show_status("No agent can take this thread now.", error=True)

    def choose(self) -> None:
        agent = self.choices.selected
        if agent is None:
            self.show_status("Choose an agent first.", error=True)
            return

        async def transfer() -> TransferAgent:
            await self._on_transfer(agent)
            return agent

        self.perform(f"Transferring to {agent.name or agent.login_id}", transfer)
