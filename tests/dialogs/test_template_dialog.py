"""Given the templates, when the agent picks one, its text goes to the composer."""

from harness.dialog_data import TEMPLATES
from harness.dialogs import DialogHarness, returning, screen_text, settle
from textual.widgets import Static

from inbox_tui.ui.dialogs.template_picker import TemplateDialog


def template_app(sms_code: str | None = "53063") -> DialogHarness:
    return DialogHarness(TemplateDialog(sms_code=sms_code, load_templates=returning(TEMPLATES)))


async def test_only_the_sending_codes_templates_are_listed_with_a_preview() -> None:
    app = template_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "sms_blast" in text
        assert "Other code" not in text
        assert "GSM 30/160" in text


async def test_the_preview_follows_the_highlight_and_shows_the_full_text_and_parts() -> None:
    app = template_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down")
        await pilot.pause()
        preview = app.screen.query_one(".preview-text", Static)
        assert str(preview.content) == TEMPLATES[2].message
        text = screen_text(app)
        assert "[b]$50[/b] is due on Friday." in text
        assert "UCS-2 3 parts, 53 left" in text


async def test_filtering_then_enter_dismisses_with_the_template() -> None:
    app = template_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"blast")
        await pilot.pause()
        assert "APItest" in screen_text(app)
        assert "Opt-In" not in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
    assert app.result.id == "75959"


async def test_no_match_clears_the_preview_and_enter_stays() -> None:
    app = template_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"nothing like it", "enter")
        await pilot.pause()
        text = screen_text(app)
        assert "No template matches." in text
        assert "GSM" not in text
        assert "Choose a template first." in text
        assert isinstance(app.screen, TemplateDialog)


async def test_without_a_code_every_template_is_listed() -> None:
    app = template_app(None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Other code" in screen_text(app)
