"""What the store keeps of the server's data: any string made storable (lone surrogates become
U+FFFD, NUL is dropped), and no SSN or date of birth in clear (issue 12.1).

A thread's contact keeps its SSN as ``***-**-1234`` and its date of birth as ``**/**/****``
(what the screens show); SSN- and DOB-shaped text in messages and thread summaries is masked
the same way. The live conversation fetched from LiveVox is where anything is revealed.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic_core import PydanticSerializationError

from inbox_tui.core.pii import mask_dob, mask_pii, mask_ssn
from inbox_tui.livevox.models import Message, Thread
from inbox_tui.text import storable_text

M = TypeVar("M", bound=BaseModel)
_NUL_IN_JSON = "\\u0000"
"""NUL as JSON writes it (a backslash and "u0000" in a string also contain it: then the slow
path decides)."""


def storable(value: Any) -> Any:
    """``value`` (str, or dict/list of them) with every string made storable."""
    if isinstance(value, str):
        return storable_text(value)
    if isinstance(value, dict):
        return {storable(key): storable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [storable(item) for item in value]
    return value


def storable_model(model: M) -> M:
    """``model`` itself when all its strings can be stored, else a copy where they can.

    The models read from LiveVox are storable already (their strings are cleaned): that is
    seen from their JSON, which has no NUL and could not hold a lone surrogate, at a tenth of
    the cost of walking every string (the store's thread spends it on every thread of every
    page, the poll's too, holding the interpreter's lock the event loop waits for)."""
    try:
        if _NUL_IN_JSON not in model.model_dump_json():
            return model
    except PydanticSerializationError:
        pass  # a lone surrogate
    data = model.model_dump(by_alias=True)
    clean = storable(data)
    return model if clean == data else type(model).model_validate(clean)


def private_thread(thread: Thread) -> Thread:
    """The thread as the cache keeps it: storable, contact SSN to its last four, DOB hidden,
    SSN/DOB shapes in its summary text masked."""
    thread = storable_model(thread)
    update: dict[str, Any] = {}
    for name in ("details", "subject"):
        text = getattr(thread, name)
        if text and mask_pii(text) != text:
            update[name] = mask_pii(text)
    contact = thread.contact_info
    if contact is not None and (
        (contact.ssn and contact.ssn != mask_ssn(contact.ssn))
        or (contact.dob and contact.dob != mask_dob(contact.dob))
    ):
        update["contact_info"] = contact.model_copy(
            update={"ssn": mask_ssn(contact.ssn) or None, "dob": mask_dob(contact.dob) or None}
        )
    return thread.model_copy(update=update) if update else thread


def private_message(message: Message) -> Message:
    """The message as the cache keeps it: storable, SSN/DOB shapes in its text masked."""
    message = storable_model(message)
    masked = mask_pii(message.message)
    return message if masked == message.message else message.model_copy(update={"message": masked})
