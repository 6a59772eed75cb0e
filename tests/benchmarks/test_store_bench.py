"""Store benchmarks: search over 1,000,000 cached messages against a LIKE scan of the same rows,
and caching 100,000 messages through save_messages against a bare insert.

Run: python -m pytest tests/benchmarks/test_store_bench.py -m benchmark -s
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from inbox_tui.livevox.models import Message, Thread
from inbox_tui.store import Store
from inbox_tui.store.indexing import thread_token

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
MESSAGES = 1_000_000
THREADS = 20_000
FIRST = [
    "Kavita",
    "Maria",
    "Jose",
    "Ahmed",
    "Li",
    "Olga",
    "Peter",
    "Sara",
    "Tom",
    "Nadia",
    "Luis",
    "Grace",
    "Omar",
    "Ines",
    "Yuki",
]
LAST = [
    "Rao",
    "Garcia",
    "Nunez",
    "Khan",
    "Chen",
    "Ivanova",
    "Smith",
    "Haddad",
    "Brown",
    "Silva",
    "Kim",
    "Okafor",
    "Rossi",
]
AGENT_LINES = [
    "Hi {name}, this is a reminder that your payment of ${amount} is due on {day}.",
    "{name}, your account {account} has a balance of ${amount}. Reply HELP for options.",
    "We received your payment of ${amount}. Thank you, {name}!",
    "Your payment plan is set up: ${amount} every {day}.",
    "Hi {name}, please call us back about account {account} at your convenience.",
    "Your dispute for account {account} is under review; we will text you by {day}.",
]
CUSTOMER_LINES = [
    "ok",
    "Who is this?",
    "I can pay ${amount} on {day}",
    "Can I set up a payment plan?",
    "I already paid this",
    "please stop texting me",
    "call me after 5pm",
    "I lost my job, can you waive the late fee?",
    "what is the balance on {account}",
    "I will send the money {day}",
    "wrong number",
    "thanks",
    "Is there a settlement option?",
    "My husband handles the bills",
    "I need a receipt for the last payment",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "the-15th", "the-1st"]

QUERIES = [
    "payment",
    "payment plan",
    '"payment plan"',
    "pay*",
    "settle*",
    "waive fee",
    "receipt",
    "kavita",
    "nunez",
    "garcia balance",
    "dispute review",
    "husband",
    "job",
    "stop texting",
    '"wrong number"',
    "recei*",
    "friday",
    "thanks",
    "convenience",
    "money",
    "from:4061",
    "from:55501",
    "account:121000",
    "since:2d payment",
    "since:3h",
    "inbox:group payment",
    "from:1415 plan",
    "account:130002 payment",
    "kavita since:1w",
    "balance since:2026-11-01",
]


def _thread_rows(rng: random.Random) -> list[tuple]:
    rows = []
    for n in range(THREADS):
        name = f"{FIRST[n % len(FIRST)]} {LAST[(n // len(FIRST)) % len(LAST)]}"
        phone = f"1{rng.choice(['415', '312', '646', '213'])}{rng.randrange(10**7):07d}"
        rows.append((f"t{n}", name, str(100_000 + n * 7), phone))
    return rows


def _fill(path: Path) -> None:
    """Write MESSAGES messages straight into the store's tables (as save_messages would)."""
    rng = random.Random(20261120)
    threads = _thread_rows(rng)
    with Store.open(path) as store, store.writing() as db:
        for key, name in (("645836", "Personal SMS"), ("94874", "Group - Collections")):
            db.execute(
                "INSERT INTO inboxes (inbox_key, name, cached_at) VALUES (?, ?, ?)",
                (key, name, NOW.isoformat()),
            )
        db.executemany(
            "INSERT INTO threads (thread_id, json, account, contact_name, customer_digits,"
            " activity_ms) VALUES (?, '{}', ?, ?, ?, 0)",
            [(tid, account, name, phone) for tid, name, account, phone in threads],
        )
        db.executemany(
            "INSERT INTO inbox_threads (inbox_key, thread_id, position) VALUES (?, ?, ?)",
            [("645836" if n % 2 else "94874", t[0], n) for n, t in enumerate(threads)],
        )
        db.executemany(
            "INSERT INTO search_meta (thread_id, name, account, phone) VALUES (?, ?, ?, ?)",
            [(tid, name, account, f"{phone} {phone[1:]}") for tid, name, account, phone in threads],
        )
        db.executemany(
            "INSERT INTO thread_numbers (thread_id, digits) VALUES (?, ?)",
            [(tid, phone) for tid, _, _, phone in threads],
        )
        start_ms = int((NOW - timedelta(days=365)).timestamp() * 1000)
        step_ms = (365 * 86_400_000) // MESSAGES  # one message every ~31 s over a year

        def messages() -> Iterator[tuple]:
            for n in range(MESSAGES):
                tid, name, account, phone = threads[rng.randrange(THREADS)]
                outbound = rng.random() < 0.5
                line = rng.choice(AGENT_LINES if outbound else CUSTOMER_LINES)
                text = line.format(
                    name=name.split()[0],
                    amount=rng.randrange(20, 900),
                    day=rng.choice(DAYS),
                    account=account,
                )
                date_ms = start_ms + n * step_ms
                yield (n, tid, date_ms, text, name, account, f"{phone} {phone[1:]}", phone)

        batch: list[tuple] = []
        for row in messages():
            batch.append(row)
            if len(batch) == 50_000:
                _insert(db, batch)
                batch.clear()
        _insert(db, batch)


def _insert(db: sqlite3.Connection, rows: list[tuple]) -> None:
    db.executemany(
        "INSERT INTO messages (id, thread_id, date_ms, id_num, direction, phone_digits, text,"
        " json) VALUES (?, ?, ?, ?, 2, ?, ?, '{}')",
        [(f"m{n}", tid, ms, n, digits, text) for n, tid, ms, text, _, _, _, digits in rows],
    )
    db.executemany(
        "INSERT INTO search_docs (rowid, thread_id, message_id) VALUES (?, ?, ?)",
        [(ms << 10, tid, f"m{n}") for n, tid, ms, *_ in rows],
    )
    db.executemany(
        "INSERT INTO search_fts (rowid, text, name, account, phone, thread)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [
            (ms << 10, text, name, acct, phone, thread_token(tid))
            for _, tid, ms, text, name, acct, phone, _ in rows
        ],
    )


def _like_baseline(db: sqlite3.Connection, query: str) -> float:
    """The query's words (and from: digits) as a LIKE scan of the messages, newest first."""
    words = [w.strip('"*') for w in query.split() if ":" not in w]
    numbers = [w.removeprefix("from:") for w in query.split() if w.startswith("from:")]
    conditions = ["text LIKE ?"] * len(words) + ["phone_digits LIKE ?"] * len(numbers)
    params = [f"%{w}%" for w in words + numbers]
    started = time.perf_counter()
    db.execute(
        f"SELECT id FROM messages WHERE {' AND '.join(conditions) or '1'}"
        " ORDER BY date_ms DESC LIMIT 50",
        params,
    ).fetchall()
    return time.perf_counter() - started


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


@pytest.mark.benchmark
def test_search_a_million_messages(tmp_path: Path) -> None:
    path = tmp_path / "bench.sqlite3"
    started = time.perf_counter()
    _fill(path)
    built = time.perf_counter() - started
    print(f"\nbuilt {MESSAGES:,} messages in {THREADS:,} threads in {built:.1f} s")

    with Store.open(path, clock=lambda: NOW) as store:
        store.search("warm the page cache")
        timings = []
        for query in QUERIES:
            started = time.perf_counter()
            hits = store.search(query, now=NOW)
            timings.append((time.perf_counter() - started, query, len(hits)))
        like_db = sqlite3.connect(path)
        baseline = [_like_baseline(like_db, query) for query in QUERIES]
        like_db.close()

    for (seconds, query, count), like in zip(timings, baseline, strict=True):
        print(f"  {query:28} {_ms(seconds)}  {count:3} hits   LIKE scan {_ms(like)}")
    median = statistics.median(t for t, _, _ in timings)
    like_median = statistics.median(baseline)
    print(
        f"search median {_ms(median)} (max {_ms(max(t for t, _, _ in timings))});"
        f" LIKE scan median {_ms(like_median)}; LIKE/search = {like_median / median:.0f}x"
    )
    assert all(count for _, _, count in timings), "every benchmark query finds something"
    assert median <= 0.050


@pytest.mark.benchmark
def test_cache_a_hundred_thousand_messages(tmp_path: Path) -> None:
    rng = random.Random(7)
    start = NOW - timedelta(days=30)
    threads = [
        Thread.model_validate(
            {
                "threadId": f"t{n}",
                "account": str(1000 + n),
                "from": f"1415555{n:04d}",
                "direction": 1,
                "contactInfo": {"firstName": FIRST[n % len(FIRST)]},
            }
        )
        for n in range(1000)
    ]
    pages = [
        (
            thread.thread_id,
            [
                Message(
                    id=f"{n}-{k}",
                    message=rng.choice(CUSTOMER_LINES).format(
                        amount=rng.randrange(20, 900), day=rng.choice(DAYS), account="1"
                    ),
                    phone=thread.from_,
                    date=start + timedelta(seconds=n * 100 + k),
                    direction=1,
                )
                for k in range(100)
            ],
        )
        for n, thread in enumerate(threads)
    ]
    with Store.open(tmp_path / "cache.sqlite3") as store:
        store.save_threads("inbox", threads, replace=True)
        started = time.perf_counter()
        for thread_id, messages in pages:
            store.save_messages(thread_id, messages)
        cached = time.perf_counter() - started
        started = time.perf_counter()
        for thread_id, messages in pages:
            store.save_messages(thread_id, messages)
        unchanged = time.perf_counter() - started

    bare = sqlite3.connect(tmp_path / "bare.sqlite3", isolation_level=None)
    bare.execute("PRAGMA journal_mode = WAL")
    bare.execute("PRAGMA synchronous = FULL")
    bare.execute("CREATE TABLE m (id TEXT PRIMARY KEY, thread_id TEXT, json TEXT)")
    started = time.perf_counter()
    for thread_id, messages in pages:
        bare.execute("BEGIN")
        bare.executemany(
            "INSERT INTO m VALUES (?, ?, ?)",
            [(m.id, thread_id, m.model_dump_json(by_alias=True)) for m in messages],
        )
        bare.execute("COMMIT")
    floor = time.perf_counter() - started
    bare.close()
    print(
        f"\ncache 100,000 messages (1,000 save_messages calls): {cached:.2f} s;"
        f" again, unchanged: {unchanged:.2f} s; bare JSON insert: {floor:.2f} s;"
        f" ratio {cached / floor:.1f}x"
    )
    assert cached < 30
