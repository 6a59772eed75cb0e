"""Fixed data for the dialogs, as LiveVox's examples show it, plus names that look like markup."""

from inbox_tui.livevox.models import SmsCode, Template, TermCodeCategory, TransferAgent

AGENTS = [
    TransferAgent.model_validate(row)
    for row in [
        {"agentId": 645835, "loginId": "KAVYA", "name": "kavya livevox", "status": "NOTREADY"},
        {"agentId": 795963, "loginId": "APITEST1", "name": "apitest1 pass", "status": "NOTREADY"},
        {"agentId": 689581, "loginId": "KAVYA3", "name": "kavya3 livevox", "status": "READY"},
        {"agentId": 689579, "loginId": "KAVYA1", "name": "kavya11 livevox", "status": "READY"},
        {"agentId": 700001, "loginId": "ZED", "name": "[b]Zed[/b] O'Neil", "status": "NOT_READY"},
    ]
]

TERM_CODES = [
    TermCodeCategory.model_validate(row)
    for row in [
        {
            "name": "Payments",
            "termCodes": [
                {"id": "11", "name": "Promise to pay", "reportDisplayOrder": 2},
                {"id": "12", "name": "Paid in full", "reportDisplayOrder": 1},
            ],
        },
        {
            "name": "Contact",
            "termCodes": [
                {"id": "21", "name": "Wrong number"},
                {"id": "22", "name": "[red]Do not text[/red]"},
            ],
        },
    ]
]

TEMPLATES = [
    Template.model_validate(row)
    for row in [
        {"id": 75870, "message": "Hello reply yes for SMS Opt-In", "smsCode": "53063"},
        {"id": 75959, "description": "sms_blast", "message": "APItest", "smsCode": "53063"},
        {
            "id": 75990,
            "description": "Payment reminder",
            "message": "Hi, your payment of [b]$50[/b] is due on Friday. Reply STOP to opt out. "
            "Call us at 1-800-555-0100 with any questions about your account — thank you!",
            "smsCode": "53063",
        },
        {
            "id": 80001,
            "description": "Other code",
            "message": "From the long code",
            "smsCode": "14159174458",
        },
    ]
]

CODES = [
    SmsCode.model_validate(row)
    for row in [
        {"code": "53063", "description": "Short_Code"},
        {"code": "14159174458", "description": "Long_Code"},
    ]
]
