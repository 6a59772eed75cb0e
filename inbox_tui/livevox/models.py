"""Pydantic models of what LiveVox really sends.

They are forgiving where the reference contradicts itself (see ``shared/livevox/NOTES.md``):
ids are strings whatever the server sends, every count and optional field may be missing or
malformed (it then reads as ``None``), unknown keys are ignored, and every string is cleaned of
control and bidirectional-override characters here, at the API boundary.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import IntEnum
from typing import Annotated, Any

from pydantic import (
    AliasChoices,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    field_validator,
)
from pydantic.alias_generators import to_camel

from inbox_tui.text import clean_text


def _to_clean_str(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return clean_text(value)
    return value


def _to_id(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("an id is not a boolean")
    value = _to_clean_str(value)
    if isinstance(value, str):
        value = value.strip()
        if not value:
            raise ValueError("an id is not empty")
    return value


def _to_datetime(value: Any) -> Any:
    """Epoch milliseconds (LiveVox's dates), epoch seconds or ISO text, as an aware datetime."""
    if isinstance(value, bool):
        raise ValueError("a date is not a boolean")
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        value = int(value.strip())
    if isinstance(value, int | float):
        seconds = value / 1000 if abs(value) >= 100_000_000_000 else value
        return datetime.fromtimestamp(seconds, tz=UTC)
    if isinstance(value, str):
        parsed = datetime.fromisoformat(value.strip())
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return value


def _or_none(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """An optional field that is malformed reads as missing instead of failing the record."""
    try:
        return handler(value)
    except (ValidationError, ValueError, TypeError, OverflowError, OSError):
        return None


CleanStr = Annotated[str, BeforeValidator(_to_clean_str)]
Id = Annotated[str, BeforeValidator(_to_id)]
OptStr = Annotated[CleanStr | None, WrapValidator(_or_none)]
OptId = Annotated[Id | None, WrapValidator(_or_none)]
OptInt = Annotated[int | None, WrapValidator(_or_none)]
OptFloat = Annotated[float | None, WrapValidator(_or_none)]
OptBool = Annotated[bool | None, WrapValidator(_or_none)]
OptDatetime = Annotated[
    Annotated[datetime, BeforeValidator(_to_datetime)] | None, WrapValidator(_or_none)
]


class Direction(IntEnum):
    """Direction of a message: LiveVox sends 1/2, as numbers or as strings."""

    UNKNOWN = 0
    INBOUND = 1
    OUTBOUND = 2


def _to_direction(value: Any) -> Any:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool):
        return Direction(value) if value in (1, 2) else Direction.UNKNOWN
    if isinstance(value, str):
        return {"INBOUND": Direction.INBOUND, "OUTBOUND": Direction.OUTBOUND}.get(
            value.strip().upper(), Direction.UNKNOWN
        )
    return Direction.UNKNOWN


DirectionField = Annotated[Direction, BeforeValidator(_to_direction)]


def _list_or_none(value: Any) -> Any:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


class LVModel(BaseModel):
    """Base of every LiveVox model: camelCase on the wire, unknown keys ignored."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="ignore",
        frozen=True,
        defer_build=True,
    )


# -- session -----------------------------------------------------------------------------------


class LoginResult(LVModel):
    """Answer to ``POST /session/login``."""

    session_id: Id = Field(repr=False)
    client_id: OptId = None
    user_id: OptId = None
    days_until_password_expires: OptInt = None


class ErrorBody(LVModel):
    """LiveVox's error body: ``{"code": 400, "message": "..."}``."""

    code: OptInt = None
    message: OptStr = None


# -- SMS (users and agents) --------------------------------------------------------------------


class Template(LVModel):
    """An SMS template."""

    id: Id
    description: OptStr = None
    message: CleanStr = ""
    sms_code: OptStr = None
    opt_in_flag: OptBool = None


class TemplateList(LVModel):
    templates: Annotated[list[Template], BeforeValidator(_list_or_none)] = []


class SendSmsResult(LVModel):
    """Answer to ``POST /sms/``."""

    transaction_id: Id


class SmsCode(LVModel):
    """A short or long code the service sends from."""

    code: Id
    description: OptStr = None


class SmsCodeList(LVModel):
    list_sms_codes: Annotated[list[SmsCode], BeforeValidator(_list_or_none)] = []


# -- agent inbox -------------------------------------------------------------------------------


class ChannelCounts(LVModel):
    """Counts of the agent's inboxes; every key is optional and the casing is irregular."""

    count_of_email_interactions_sent: OptInt = None
    count_of_sms_interactions_sent: OptInt = Field(
        None,
        validation_alias=AliasChoices("countOfSMSInteractionsSent", "countOfSmsInteractionsSent"),
    )
    count_of_message_interactions_sent: OptInt = None
    count_of_unread_email_threads_in_personal_inbox: OptInt = None
    count_of_read_email_threads_in_personal_inbox: OptInt = None
    count_of_unread_sms_threads_in_personal_inbox: OptInt = Field(
        None,
        validation_alias=AliasChoices(
            "countOfUnreadSMSThreadsInPersonalInbox", "countOfUnreadSmsThreadsInPersonalInbox"
        ),
    )
    count_of_read_sms_threads_in_personal_inbox: OptInt = Field(
        None,
        validation_alias=AliasChoices(
            "countOfReadSMSThreadsInPersonalInbox", "countOfReadSmsThreadsInPersonalInbox"
        ),
    )
    count_of_unread_message_interactions_in_personal_inbox: OptInt = Field(
        None,
        validation_alias=AliasChoices(
            "countOfUnreadMessageInteractionsinPersonalInbox",
            "countOfUnreadMessageInteractionsInPersonalInbox",
        ),
    )
    count_of_read_message_interactions_in_personal_inbox: OptInt = Field(
        None,
        validation_alias=AliasChoices(
            "countOfReadMessageInteractionsinPersonalInbox",
            "countOfReadMessageInteractionsInPersonalInbox",
        ),
    )
    count_of_chat_interactions_abandoned: OptInt = None
    count_of_ob_web_chat_interactions_sent: OptInt = Field(
        None, validation_alias=AliasChoices("countOfOBWebChatInteractionsSent")
    )
    count_of_ib_web_chat_interaction_received: OptInt = Field(
        None, validation_alias=AliasChoices("countOfIBWebChatInteractionReceived")
    )
    count_of_active_email_threads_in_personal_inbox: OptInt = None
    count_of_active_sms_threads_in_personal_inbox: OptInt = Field(
        None,
        validation_alias=AliasChoices(
            "countOfActiveSMSThreadsInPersonalInbox", "countOfActiveSmsThreadsInPersonalInbox"
        ),
    )
    count_of_active_message_threads_in_personal_inbox: OptInt = Field(
        None,
        validation_alias=AliasChoices(
            "countOfActiveMessageThreadsinPersonalInbox",
            "countOfActiveMessageThreadsInPersonalInbox",
        ),
    )
    count_of_active_web_chat_threads_in_personal_inbox: OptInt = None


class Channel(LVModel):
    """An inbox: personal or group, of one channel type (SMS, Email, Voicemail, ...)."""

    channel_id: Id
    channel: CleanStr = ""
    channel_name: OptStr = None
    unread_count: OptInt = None
    total_count: OptInt = None
    personal: OptBool = None


class PhoneDetails(LVModel):
    """One phone number on a contact."""

    number: CleanStr = ""
    wireless: OptBool = None
    dnc: OptBool = None
    position: OptInt = None


class ContactInfo(LVModel):
    """The contact a thread is with; SSN and date of birth never show in a repr."""

    account: OptStr = None
    original_account_number: OptStr = None
    first_name: OptStr = None
    last_name: OptStr = None
    guarantor_first_name: OptStr = None
    guarantor_last_name: OptStr = None
    dob: OptStr = Field(None, repr=False)
    is_active: OptBool = None
    email_address: OptStr = Field(None, repr=False)
    ssn: OptStr = Field(None, repr=False)
    phone_details: Annotated[list[PhoneDetails], BeforeValidator(_list_or_none)] = []
    address1: OptStr = Field(None, repr=False)
    address2: OptStr = Field(None, repr=False)
    city: OptStr = None
    state: OptStr = None
    zip_code: OptStr = None
    country: OptStr = None
    payment_balance: OptFloat = None
    amount_to_speak: OptStr = None
    account_due_date: OptDatetime = None
    group: OptStr = None
    do_not_dial: OptBool = None
    do_not_dial_daily: OptBool = None
    sms_opt_in_status: OptBool = None
    sms_inbound: OptBool = None
    email_inbound: OptBool = None

    @field_validator("phone_details", mode="wrap")
    @classmethod
    def _drop_bad_phones(cls, value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        """One malformed phone entry drops that entry, not the contact."""
        try:
            return handler(value)
        except ValidationError:
            kept = []
            for item in value if isinstance(value, list) else []:
                try:
                    kept.append(PhoneDetails.model_validate(item))
                except ValidationError:
                    continue
            return kept

    @property
    def display_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part).strip()


class Thread(LVModel):
    """A conversation in an inbox, described by its last message."""

    thread_id: Id
    channel_type: OptStr = Field(None, validation_alias=AliasChoices("channelType", "channel"))
    channel_id: OptId = None
    channel_name: OptStr = None
    service_id: OptId = None
    account: OptStr = None
    from_: OptStr = Field(None, alias="from")
    to: OptStr = None
    cc: Annotated[list[CleanStr], BeforeValidator(_list_or_none), WrapValidator(_or_none)] = []
    object_id: OptStr = None
    details: OptStr = None
    direction: DirectionField = Direction.UNKNOWN
    subject: OptStr = None
    attachment_ids: Annotated[
        list[Id], BeforeValidator(_list_or_none), WrapValidator(_or_none)
    ] = []
    date: OptDatetime = None
    status: OptStr = None
    read: OptBool = None
    replied: OptBool = None
    contact_info: Annotated[ContactInfo | None, WrapValidator(_or_none)] = None
    campaign_id: OptStr = None
    start_time: OptDatetime = None
    interaction_timestamp: OptDatetime = None
    file_size: OptInt = None
    txn_id: OptStr = None
    file_location: OptStr = None
    interaction_uuid: OptStr = None
    interaction_account: OptStr = None

    @property
    def customer_number(self) -> str | None:
        """The customer's number: the far end of the last message."""
        if self.direction is Direction.INBOUND:
            return self.from_ or self.to
        return self.to or self.from_

    @property
    def last_activity(self) -> datetime | None:
        return self.interaction_timestamp or self.date or self.start_time


class TransferResult(LVModel):
    """Answer to a transfer: the table calls it ``threadId``, the example ``id``."""

    id: Id = Field(validation_alias=AliasChoices("id", "threadId"))


class TransferAgent(LVModel):
    """An agent who can take a transferred thread."""

    agent_id: Id
    login_id: CleanStr = ""
    name: OptStr = None
    status: OptStr = None

    @property
    def is_ready(self) -> bool:
        return (self.status or "").replace(" ", "").replace("_", "").upper() == "READY"


class AgentSendResult(LVModel):
    """Answer to ``POST /sms/agent/message/send``."""

    id: Id = Field(validation_alias=AliasChoices("id", "transactionId"))


class Message(LVModel):
    """One transaction (message) of a thread's history."""

    id: Id
    message: CleanStr = ""
    sms_code: OptStr = None
    phone: OptStr = None
    date: OptDatetime = None
    status: OptStr = None
    direction: DirectionField = Direction.UNKNOWN
    thread_id: OptId = None
    attachment_ids: Annotated[
        list[Id], BeforeValidator(_list_or_none), WrapValidator(_or_none)
    ] = []


class TermCode(LVModel):
    """A term code that can resolve a thread."""

    id: Id
    name: CleanStr = ""
    lv_result_id: OptStr = None
    lv_result: OptStr = None
    report_display_order: OptInt = None
    preview_dial_enabled: OptBool = None
    action_type: OptStr = None
    payment_amt_required: OptBool = None


class TermCodeCategory(LVModel):
    """Term codes of one category."""

    name: CleanStr = ""
    term_codes: Annotated[list[TermCode], BeforeValidator(_list_or_none)] = []
