"""The one send path (headless): gate, collision check, outbox, audit and the client call.

``SendFlow.send`` is the only code in ``inbox_tui`` that calls the client's ``send_message`` or
``send_sms`` (``tests/test_layers.py`` proves it); the questions it asks go through ``Prompts``.
"""

from inbox_tui.send.flow import (
    Delivery,
    Recipient,
    SendFlow,
    SendNotDone,
    SendOutcome,
    SendResult,
)
from inbox_tui.send.prompts import OverrideAnswer, Prompts
from inbox_tui.send.route import Route, Routes

__all__ = [
    "Delivery",
    "OverrideAnswer",
    "Prompts",
    "Recipient",
    "Route",
    "Routes",
    "SendFlow",
    "SendNotDone",
    "SendOutcome",
    "SendResult",
]
