"""Fixed lists the simulated world is drawn from: people, places, services, texts, term codes.

Phone numbers built from these area codes are fiction: the simulator never sends anything.
"""

from __future__ import annotations

AGENT_ID = "645836"
AGENT_LOGIN = "KAVYA"
AGENT_NAME = "Kavya Livevox"

# (agentId, loginId, name, status): the other agents of the call center.
OTHER_AGENTS: tuple[tuple[str, str, str, str], ...] = (
    ("645835", "MGONZALEZ", "Maria Gonzalez", "READY"),
    ("795963", "APITEST1", "Apitest1 Pass", "NOTREADY"),
    ("689581", "DOKAFOR", "David Okafor", "READY"),
    ("689579", "SCHEN", "Sarah Chen", "READY"),
    ("702114", "JMURPHY", "James Murphy", "NOTREADY"),
    ("702115", "APATEL", "Anjali Patel", "READY"),
    ("702188", "RWILLIAMS", "Robert Williams", "NOTREADY"),
    ("702190", "LNGUYEN", "Linh Nguyen", "READY"),
    ("702231", "TJOHNSON", "Tanya Johnson", "NOTREADY"),
    ("702232", "MKOWALSKI", "Marek Kowalski", "READY"),
    ("702240", "FHASSAN", "Fatima Hassan", "NOTREADY"),
    ("702305", "CRIVERA", "Carlos Rivera", "READY"),
)

# (serviceId, name, voicemail channel id)
SERVICES: tuple[tuple[str, str, str], ...] = (
    ("94874", "Collections Early Stage", "9900001147"),
    ("94981", "Customer Care", "9900001025"),
    ("95047", "Collections Late Stage", "9900001185"),
)
PERSONAL_VOICEMAIL_ID = "9900001014"

SMS_CODES: tuple[tuple[str, str], ...] = (
    ("14159174458", "Long_Code"),
    ("13345094836", "Long_Code"),
    ("53063", "Short_Code"),
)
# Conversations run over the long codes; the short code only sends blasts.
THREAD_SMS_CODES: tuple[str, ...] = ("14159174458", "13345094836")

# (id, description or None, message, smsCode)
TEMPLATES: tuple[tuple[int, str | None, str, str], ...] = (
    (75870, None, "Hello reply yes for SMS Opt-In", "53063"),
    (
        75959,
        "payment_reminder",
        "Reminder: your payment is due on the 15th. Pay online at example.com/pay "
        "or reply HELP for help. Reply STOP to opt out.",
        "14159174458",
    ),
    (
        76012,
        "callback_request",
        "Hi, this is Acme Recovery. Please call us at 800-555-0199 about your account. "
        "Our office is open 8am-8pm ET, Monday to Friday.",
        "14159174458",
    ),
    (76013, "payment_received", "Your payment was received. Thank you!", "13345094836"),
    (
        76020,
        "care_followup",
        "We’re here to help — reply with a time that works for you and we’ll call you back.",
        "13345094836",
    ),
    (
        76021,
        "thanks_emoji",
        "Thanks for your payment 🙏 Your receipt is on its way.",
        "13345094836",
    ),
    (
        76033,
        "spanish_intro",
        "Hola, le escribimos de Acme Recovery sobre su cuenta. ¿Cuándo podemos llamarle?",
        "14159174458",
    ),
    (
        76040,
        "settlement_offer",
        "Good news: you may qualify for a settlement on your balance. We can set up a payment "
        "plan that fits your budget, with no fees for payments made online. Reply YES to learn "
        "more or call 800-555-0199. Reply STOP to opt out.",
        "14159174458",
    ),
)

# term code categories: (category, ((name, lvResult, actionType, paymentAmtRequired), ...))
TERM_CODES: tuple[tuple[str, tuple[tuple[str, str, str, bool], ...]], ...] = (
    (
        "Right Party Contact",
        (
            ("Promise to Pay", "PTP", "RPC_WITH_PAYMENT", True),
            ("Payment Made", "PAID", "RPC_WITH_PAYMENT", True),
            ("Dispute", "DISPUTE", "RPC", False),
            ("Callback Requested", "CALLBACK", "RPC", False),
            ("Refused to Pay", "REFUSED", "RPC", False),
        ),
    ),
    (
        "Wrong Party",
        (
            ("Wrong Number", "WRONG_NUMBER", "WPC", False),
            ("Third Party - Message Left", "THIRD_PARTY", "WPC", False),
            ("Deceased", "DECEASED", "WPC", False),
        ),
    ),
    (
        "Other",
        (
            ("Customer Opted Out", "OPT_OUT", "NON_CONTACT", False),
            ("No Response", "NO_RESPONSE", "NON_CONTACT", False),
            ("Question Answered", "ANSWERED", "NON_CONTACT", False),
        ),
    ),
)

FIRST_NAMES: tuple[str, ...] = (
    "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David",
    "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Karen",
    "Carlos", "Sofia", "Wei", "Aisha", "Mohammed", "Priya", "Kenji", "Olga", "Kwame", "Lucia",
    "Dmitri", "Hannah", "Malik", "Grace", "Luis", "Chloe", "Noah", "Ava", "Ethan", "Zoe",
    "Kavita", "Jorge", "Naomi", "Tyrone", "Keiko", "Leilani", "Kalani", "Aiyana", "Björn", "Renée",
    "José", "Zoë",
)  # fmt: skip
LAST_NAMES: tuple[str, ...] = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
    "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor",
    "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Clark", "Lewis",
    "Robinson", "Walker", "Young", "Allen", "Nguyen", "Kim", "Patel", "Chen", "Okafor", "Kahale",
    "Begay", "O'Brien", "Müller", "Nuñez", "Sánchez", "Kowalczyk", "Yamamoto", "Rao", "Haddad",
)  # fmt: skip

# (area code, state, ZIP code, city): real area codes across US time zones, including two
# (850, 541) that span two zones.
AREAS: tuple[tuple[str, str, str, str], ...] = (
    ("212", "NY", "10027", "New York"),
    ("646", "NY", "10011", "New York"),
    ("617", "MA", "02139", "Cambridge"),
    ("305", "FL", "33130", "Miami"),
    ("404", "GA", "30303", "Atlanta"),
    ("850", "FL", "32501", "Pensacola"),
    ("312", "IL", "60601", "Chicago"),
    ("214", "TX", "75201", "Dallas"),
    ("713", "TX", "77002", "Houston"),
    ("612", "MN", "55401", "Minneapolis"),
    ("303", "CO", "80202", "Denver"),
    ("602", "AZ", "85004", "Phoenix"),
    ("801", "UT", "84101", "Salt Lake City"),
    ("415", "CA", "94103", "San Francisco"),
    ("213", "CA", "90012", "Los Angeles"),
    ("206", "WA", "98101", "Seattle"),
    ("541", "OR", "97401", "Eugene"),
    ("702", "NV", "89101", "Las Vegas"),
    ("907", "AK", "99501", "Anchorage"),
    ("808", "HI", "96813", "Honolulu"),
)
STREETS: tuple[str, ...] = (
    "Main St", "Oak Ave", "Maple Dr", "Cedar Ln", "Park Blvd", "Elm St", "Lakeview Rd",
    "Sunset Blvd", "2nd Ave", "Kamehameha Hwy", "Washington St", "Pine Ct",
)  # fmt: skip

INBOUND_TEXTS: tuple[str, ...] = (
    "Okay",
    "Good",
    "Who is this?",
    "Can I pay on Friday instead?",
    "I already paid this last week",
    "What is my balance?",
    "I get paid on the 15th, can we set something up then",
    "Can you call me after 5?",
    "I lost my job, I can't pay the full amount right now",
    "yes",
    "Thank you",
    "Is there a payment plan?",
    "I sent $50 this morning",
    "I don't recognize this debt",
    "Please send me a letter with the details",
    "ok thanks 👍",
    "Can I pay by card over the phone?",
    "My husband handles the bills, he will call you",
    "¿Hablan español?",
    "Wrong number",
    "I need a receipt for my last payment",
    "When is the due date?",
    "That’s not right, I paid in full",
    "Call me tomorrow morning please",
)
OUTBOUND_TEXTS: tuple[str, ...] = (
    "Hi, this is Kavya from Acme Recovery about your account. Is now a good time to talk?",
    "Thanks for getting back to us. Your current balance is $412.86.",
    "We can set up a payment plan. Would $50 a month work for you?",
    "Your payment of $50.00 was received. Thank you!",
    "Sure, what time works best for a call?",
    "I have noted the promise to pay for Friday.",
    "You can pay online at example.com/pay with your account number.",
    "I'm sorry to hear that. Let's find an amount that works for you.",
    "We’ll mail a validation notice to the address on file.",
    "Thank you, I have updated your account.",
    "Reminder: your payment is due on the 15th. Reply STOP to opt out.",
)
# Replies that test opt-out handling and that the UI shows text literally, never as markup or
# terminal control.
OPT_OUT_TEXTS: tuple[str, ...] = ("STOP", "please stop texting me", "Stop.", "UNSUBSCRIBE")
HELP_TEXTS: tuple[str, ...] = ("HELP", "help?")
HOSTILE_TEXTS: tuple[str, ...] = (
    "[bold]URGENT[/bold] call me back",
    "click [@click=app.quit]here[/] to pay",
    "\x1b[2Jwho is this?\x1b[0m",
    "my number is \x1b]8;;https://example.com\x07here\x1b]8;;\x07 ok",
    "right-to-left \u202etxet\u202c test",
)
# Statuses LiveVox reports in the transaction history.
INBOUND_STATUS = "Operator Transfer"
OUTBOUND_STATUS = "SMS MT Delivered"
OUTBOUND_OTHER_STATUSES: tuple[str, ...] = ("SMS MT Sent", "SMS MT Undelivered")
