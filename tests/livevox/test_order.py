"""A history page's order (``livevox/order.py``) against the plain definition: sort every
message by the (date, id) of the last dated message at or before it in the server's order
(the page read oldest first), dated before undated, then by position."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from inbox_tui.livevox.models import Message
from inbox_tui.livevox.order import newest_first, oldest_first

_START = datetime(2026, 1, 1, tzinfo=UTC)


def _id_key(message: Message) -> tuple[int, str]:
    digits = message.id.isascii() and message.id.isdigit()
    return (int(message.id) if digits else 0, message.id)


def reference(messages: list[Message]) -> list[Message]:
    items = list(messages)
    dated = [m for m in items if m.date is not None]
    if len(dated) >= 2 and (dated[0].date, _id_key(dated[0])) > (
        dated[-1].date,
        _id_key(dated[-1]),
    ):
        items.reverse()
    before_all = (datetime.min.replace(tzinfo=UTC), (0, ""))
    keys = []
    last: tuple[datetime, tuple[int, str]] = before_all
    for position, message in enumerate(items):
        if message.date is not None:
            last = (message.date, _id_key(message))
            keys.append((last, 0, position))
        else:
            keys.append((last, 1, position))
    return [items[position] for _, _, position in sorted(keys)]


ids = st.one_of(st.integers(0, 30).map(str), st.sampled_from(["a", "b", "007", "7", "x1"]))
dates = st.one_of(
    st.none(),
    st.integers(0, 6).map(lambda minutes: _START + timedelta(minutes=minutes)),
    st.integers(0, 6).map(lambda minutes: _START + timedelta(minutes=minutes, microseconds=1)),
)
messages = st.builds(lambda id_, date: Message(id=id_, date=date), ids, dates)


@settings(max_examples=400)
@given(st.lists(messages, max_size=25))
def test_any_page_is_ordered_as_the_plain_definition_says(page: list[Message]) -> None:
    assert [id(m) for m in oldest_first(page)] == [id(m) for m in reference(page)]
    assert [id(m) for m in newest_first(page)] == [id(m) for m in reference(page)[::-1]]


@settings(max_examples=200)
@given(st.lists(messages, max_size=25), st.booleans(), st.data())
def test_a_page_already_in_order_either_way_is_ordered_the_same(
    page: list[Message], newest: bool, data: st.DataObject
) -> None:
    # Pages as servers send them: sorted one way, with undated messages slipped in.
    ordered = reference(page)[:: -1 if newest else 1]
    extra = data.draw(st.lists(st.integers(0, len(ordered)), max_size=3))
    for at in extra:
        ordered.insert(at, Message(id="u", date=None))
    assert [id(m) for m in oldest_first(ordered)] == [id(m) for m in reference(ordered)]


def test_a_long_page_in_either_order_comes_out_oldest_first() -> None:
    page = [Message(id=str(n), date=_START + timedelta(seconds=n)) for n in range(5000)]
    page[100] = Message(id="undated", date=None)
    expected = reference(page)
    assert oldest_first(page) == expected
    assert oldest_first(page[::-1]) == reference(page[::-1])
    shuffled = page[::2] + page[1::2]
    assert oldest_first(shuffled) == reference(shuffled)
