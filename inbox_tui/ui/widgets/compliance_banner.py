"""The open thread's compliance banner: opted out, likely opt-out, do not contact, not opted in,
quiet hours. Hidden when nothing applies; repaints only when what it says changes."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from inbox_tui.core.compliance import Finding, FindingCode, Severity
from inbox_tui.core.pii import mask_pii
from inbox_tui.core.send_gate import GateDecision
from inbox_tui.ui.glyphs import glyphs
from inbox_tui.ui.keymap import key_of

# Findings about the message being written (empty, too long) belong to the meter, not here.
_ABOUT_THE_TEXT = {FindingCode.EMPTY, FindingCode.TOO_LONG, FindingCode.TOO_MANY_PARTS}


def _line(finding: Finding, decision: GateDecision) -> Text:
    """One finding, short: the banner has about 30 columns and six lines at 80x24."""
    glyph = glyphs()
    mark = f"{glyph.block if finding.severity is Severity.BLOCK else glyph.warning} "
    opening, closing = glyph.quotes
    likely = decision.opt_out.likely_opt_out
    outside = decision.quiet_hours.outside
    if finding.code is FindingCode.LIKELY_OPT_OUT and likely is not None:
        text = Text(f"{mark}{opening}{mask_pii(likely.message)}{closing} may be an opt-out: ")
        text.append(f"{key_of('confirm_opt_out')} records it", style="bold")
        return text.append(".")
    if finding.code is FindingCode.QUIET_HOURS and outside:
        # The dialog gives the zone's full name; the contact line shows every zone's time.
        local, window = outside[0].local, outside[0].window
        text = Text(f"{mark}Quiet hours: {local:%H:%M} {local.tzname()} for them; ")
        text.append(f"texts {window.label}.")
    elif finding.code is FindingCode.OPT_OUT_CONFIRMATION:
        text = Text(f"{mark}Opted out: only a confirmation of the opt-out may be sent.")
    else:
        text = Text(mark + finding.message)
    if finding.needs_reason:
        text.append(" Sending needs a typed reason.")
    return text


def banner_findings(decision: GateDecision) -> list[Finding]:
    """What the banner shows of a verdict: everything about the contact, nothing about the text."""
    findings = [*decision.blocks, *decision.warnings, *(f for f, _ in decision.overridden)]
    return [f for f in findings if f.code not in _ABOUT_THE_TEXT]


class ComplianceBanner(Static):
    """Above the composer; ``show`` it the gate's verdict on the open thread (or None)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.display = False
        self.codes: tuple[FindingCode, ...] = ()

    def show(self, decision: GateDecision | str | None) -> None:
        """Show the verdict's findings; a string says what could not be checked."""
        if isinstance(decision, str):
            self._paint(Text(f"{glyphs().warning} {decision}"), (), blocked=True, shown=True)
            return
        findings = banner_findings(decision) if decision is not None else []
        text = Text("\n").join(_line(f, decision) for f in findings) if findings else Text("")
        blocked = any(f.severity is Severity.BLOCK for f in findings)
        self._paint(text, tuple(f.code for f in findings), blocked=blocked, shown=bool(findings))

    def _paint(
        self, text: Text, codes: tuple[FindingCode, ...], *, blocked: bool, shown: bool
    ) -> None:
        if text.plain == str(self.content) and self.display == shown:
            return
        self.codes = codes
        self.set_class(blocked, "-block")
        self.set_class(shown and not blocked, "-warning")
        self.update(text)
        self.display = shown
