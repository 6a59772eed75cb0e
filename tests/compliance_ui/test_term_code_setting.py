"""``term_code_required`` in the config decides whether a thread may be resolved without a term
code: what the resolve dialog offers and what LiveVox is sent."""

import pytest
from harness.compliance import PLAIN_THREAD, SIZE, compliance_app, open_thread, wait_for
from harness.ui import screen_text

from inbox_tui.config import Settings
from inbox_tui.ui.dialogs.resolve import ResolveDialog


def resolve_requests(world) -> list:
    return [r for r in world.requests if r.path.endswith("/thread/resolve")]


async def resolve_dialog(pilot) -> ResolveDialog:
    await open_thread(pilot, PLAIN_THREAD)
    await pilot.press("x")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ResolveDialog))
    await wait_for(pilot, lambda: pilot.app.screen.loaded)
    return pilot.app.screen


def test_the_setting_defaults_to_required_and_is_read_from_the_config():
    assert Settings().term_code_required is True
    assert Settings.model_validate({"term_code_required": False}).term_code_required is False


async def test_not_required_resolves_without_a_term_code(sim, world):
    app = compliance_app(sim, term_code_required=False)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await resolve_dialog(pilot)
        assert "(no term code)" in screen_text(app)
        assert dialog.choices.selected is None  # the first choice: no term code
        await pilot.press("enter")
        await wait_for(pilot, lambda: world.threads[PLAIN_THREAD].resolved)
        [request] = resolve_requests(world)
        assert "termCodeId" not in request.json
        assert world.threads[PLAIN_THREAD].term_code_id is None


@pytest.mark.parametrize("settings", [{}, {"term_code_required": True}], ids=["default", "set"])
async def test_required_offers_only_term_codes(sim, world, settings):
    app = compliance_app(sim, **settings)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await resolve_dialog(pilot)
        assert "(no term code)" not in screen_text(app)
        assert dialog.choices.selected is not None
        await pilot.press("escape")
        assert resolve_requests(world) == []
