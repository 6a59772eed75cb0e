"""``inbox-tui sim``: serve the simulator over HTTP with uvicorn."""

from __future__ import annotations

import argparse

import uvicorn

from inbox_tui.sim.app import create_app
from inbox_tui.sim.config import HISTORY_ORDERS, SHAPES, SimConfig
from inbox_tui.sim.control import PREFIX


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the simulator's flags to ``parser``."""
    defaults = SimConfig()
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8765, help="port to listen on")
    parser.add_argument("--seed", type=int, default=defaults.seed, help="seed of the world")
    parser.add_argument("--threads", type=int, default=defaults.threads, help="threads to seed")
    parser.add_argument("--messages-per-thread", type=int, default=defaults.messages_per_thread)
    parser.add_argument("--page-size", type=int, default=defaults.page_size)
    parser.add_argument(
        "--reply-interval",
        type=float,
        default=20.0,
        help="seconds between customer replies (0 = none)",
    )
    parser.add_argument(
        "--session-ttl", type=float, default=defaults.session_ttl, help="idle seconds"
    )
    parser.add_argument(
        "--termcode-shape",
        choices=("categories", "array"),
        default=defaults.termcode_shape,
        help="term codes as categories (object) or as a plain array",
    )
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to each call")
    parser.add_argument("--jitter", type=float, default=0.0, help="up to this many more seconds")
    parser.add_argument("--error-rate", type=float, default=0.0, help="share of 500/503 answers")
    parser.add_argument("--rate-limit-rate", type=float, default=0.0, help="share of 429 answers")
    parser.add_argument("--retry-after", type=float, default=1.0, help="Retry-After seconds")
    parser.add_argument("--drop-rate", type=float, default=0.0, help="share of dropped calls")
    parser.add_argument(
        "--shape",
        choices=SHAPES,
        default=defaults.shape,
        help="rich rows (demo), exactly the reference's examples, or optional fields left out",
    )
    parser.add_argument(
        "--history-order",
        choices=HISTORY_ORDERS,
        default=defaults.history_order,
        help="order of the messages within a page of the history",
    )


def config_from(args: argparse.Namespace) -> SimConfig:
    """The SimConfig the parsed flags describe."""
    return SimConfig(
        seed=args.seed,
        threads=args.threads,
        messages_per_thread=args.messages_per_thread,
        page_size=args.page_size,
        reply_interval=args.reply_interval or None,
        session_ttl=args.session_ttl,
        termcode_shape=args.termcode_shape,
        latency=args.latency,
        jitter=args.jitter,
        error_rate=args.error_rate,
        rate_limit_rate=args.rate_limit_rate,
        retry_after=args.retry_after,
        drop_rate=args.drop_rate,
        shape=args.shape,
        history_order=args.history_order,
        control=True,
    )


def run(args: argparse.Namespace) -> int:
    """Build the world, print how to connect, and serve until interrupted."""
    try:
        config = config_from(args)
    except ValueError as exc:
        print(f"inbox-tui sim: {exc}")
        return 2
    app = create_app(config)
    creds = app.state.world.credentials
    print(f"LiveVox simulator on http://{args.host}:{args.port}", flush=True)
    print("Demo credentials (simulator only):")
    print(f"  access token : {creds.access_token}")
    print(f"  client code  : {creds.client_code}")
    print(f"  agent login  : {creds.agent_login} / {creds.agent_password}")
    print(f"  user login   : {creds.user_login} / {creds.user_password}")
    print(f"Answers: {config.shape} shape, history pages in {config.history_order} order.")
    print(
        f"Control API for tests on http://{args.host}:{args.port}{PREFIX}"
        " (faults, requests, sends, reply, configure)",
        flush=True,
    )
    # No access log: the logout path carries a session id.
    uvicorn.run(app, host=args.host, port=args.port, access_log=False, log_level="warning")
    return 0
