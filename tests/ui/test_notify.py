"""The notification's bytes: exactly one BEL or OSC, tmux's passthrough form, no control
character from the server inside the text, nothing when off; a poll's news and its contact."""

import pytest
from harness.ui import make_app, make_sim, wait_for

from inbox_tui.ui.notify import Notifier, news_text, notification, safe_text
from inbox_tui.ui.widgets.inbox_list import inbox_key

ESC = "\x1b"
BEL = "\x07"
HOSTILE = f"Ann{ESC}]52;c;ZXZpbA=={BEL}{ESC}\\\x9b31m\u202eEvil\r\nX"


def test_the_bell_is_one_bel_inside_tmux_or_not():
    assert notification("bell", "New SMS", tmux=False) == BEL
    assert notification("bell", "New SMS", tmux=True) == BEL


def test_osc9_and_osc777_are_one_sequence_ended_by_one_bel():
    assert notification("osc9", "New SMS in Personal SMS (3 unread)", tmux=False) == (
        f"{ESC}]9;New SMS in Personal SMS (3 unread){BEL}"
    )
    assert notification("osc777", "New SMS in Personal SMS (3 unread)", tmux=False) == (
        f"{ESC}]777;notify;inbox-tui;New SMS in Personal SMS (3 unread){BEL}"
    )


@pytest.mark.parametrize("mode", ["osc9", "osc777"])
def test_inside_tmux_the_osc_goes_through_its_passthrough(mode):
    plain = notification(mode, "New SMS", tmux=False)
    wrapped = notification(mode, "New SMS", tmux=True)
    assert wrapped == f"{ESC}Ptmux;{plain.replace(ESC, ESC + ESC)}{ESC}\\"
    assert wrapped.count(BEL) == 1


@pytest.mark.parametrize("mode", ["osc9", "osc777"])
def test_text_from_the_server_cannot_end_or_add_a_sequence(mode):
    built = notification(mode, news_text("Personal SMS", 2, HOSTILE), tmux=False)
    assert built.count(ESC) == 1 and built.count(BEL) == 1
    assert built.startswith(f"{ESC}]") and built.endswith(BEL)
    inner = built[2:-1]
    assert all(c.isprintable() for c in inner)
    assert "\u202e" not in inner and "\x9b" not in inner


def test_safe_text_keeps_words_on_one_line():
    assert safe_text("New\r\nSMS\tfrom  Ann") == "New SMS from Ann"
    assert safe_text("x" * 500) == "x" * 120


def test_off_writes_nothing():
    assert notification("off", "New SMS", tmux=True) == ""


class Terminal:
    def __init__(self) -> None:
        self.written: list[str] = []

    def write_to_terminal(self, data: str) -> None:
        self.written.append(data)


def test_the_text_names_the_contact_only_when_asked():
    terminal = Terminal()
    plain = Notifier(terminal, mode="osc9", on="all", text="plain", env={})
    plain.news("Personal SMS", 3, "Ann Lee")
    named = Notifier(terminal, mode="osc9", on="all", text="contact", env={"TMUX": "/tmp/t,1,0"})
    named.news("Personal SMS", 3, "Ann Lee")
    assert terminal.written[0] == f"{ESC}]9;New SMS in Personal SMS (3 unread){BEL}"
    assert "from Ann Lee in Personal SMS" in terminal.written[1]
    assert terminal.written[1].startswith(f"{ESC}Ptmux;")


def test_which_inboxes_notify():
    terminal = Terminal()
    everything = Notifier(terminal, mode="bell", on="all", text="plain", env={})
    personal = Notifier(terminal, mode="bell", on="personal", text="plain", env={})
    none = Notifier(terminal, mode="bell", on="none", text="plain", env={})
    off = Notifier(terminal, mode="off", on="all", text="plain", env={})
    assert everything.wants(personal=False) and everything.wants(personal=True)
    assert personal.wants(personal=True) and not personal.wants(personal=False)
    assert not none.wants(personal=True) and not off.wants(personal=True)


class CountedSet(set):
    """A set that counts the copies made of it with ``|``."""

    copies = 0

    def __or__(self, other):
        self.copies += 1
        return super().__or__(other)


async def test_a_polls_news_finds_its_contact_without_copying_the_unread_rows_per_row():
    """The rows unread before the poll are set apart once, not once per row listed (at 4,000
    rows, a poll's news took 30-50 ms of the loop)."""
    app = make_app(make_sim(), notify="osc9", notify_text="contact")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.thread_list.threads and app.connection.connected)
        rows = app.thread_list.threads
        unread = [row for row in rows if row.read is False]
        newly, before = unread[-1], CountedSet(row.thread_id for row in unread[:-1])
        channel = app.current_channel
        told = []
        app.notifier.news = lambda inbox, count, contact=None: told.append((count, contact))
        app.poller._tell_news(
            [channel.model_copy(update={"unread_count": len(unread)})],
            {inbox_key(channel): len(before)},
            before,
        )
        assert told == [(len(unread), newly.thread.contact_info.display_name)]
        assert before.copies <= 1
