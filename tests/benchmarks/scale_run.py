"""The two processes of the scale benchmarks (test_scale_bench.py runs them).

``sim``: a simulated LiveVox served over HTTP on a free loopback port (printed as ``PORT n``),
its newest personal thread grown by ``--extra`` messages, customers replying every
``--reply-interval`` seconds. It runs in its own process so that its work (building and encoding
24 MB answers) is not counted as the app's.

``app``: the real app (Textual's headless pilot) connected to that port, doing one ``--case``
while a probe measures the event loop's longest stall; prints one JSON line of results, with the
process's peak RSS (VmHWM).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import sys
import threading
import time
import traceback
from pathlib import Path


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def serve_sim(args: argparse.Namespace) -> None:
    import uvicorn

    from inbox_tui.sim import SimConfig, create_app
    from inbox_tui.sim.records import SimMessage

    app = create_app(
        SimConfig(
            seed=7,
            threads=args.threads,
            page_size=args.page_size,
            reply_interval=args.reply_interval,
        )
    )
    world = app.state.world
    if args.extra:
        thread = world.inbox(owner=world.agent_id, service_id=None)[0]
        first = thread.messages[0].date_ms
        thread.messages[:0] = [
            SimMessage(
                id=world.new_id(),
                text=f"Older message {n}: I will pay the balance on the first, thank you.",
                direction=1 + n % 2,
                date_ms=first - (args.extra - n) * 60_000,
                status="DELIVERED",
                sms_code=thread.sms_code,
                phone=thread.phone,
                thread_id=thread.thread_id,
            )
            for n in range(args.extra)
        ]
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.01)
    print(f"PORT {server.servers[0].sockets[0].getsockname()[1]}", flush=True)
    await task


class LagProbe:
    """Sleeps 10 ms over and over on the app's loop; the longest overshoot is the longest
    stretch in which the loop could not run anything else (a frozen screen)."""

    def __init__(self) -> None:
        self.max_lag = 0.0
        self.tick = time.perf_counter()
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        while True:
            started = self.tick = time.perf_counter()
            await asyncio.sleep(0.01)
            self.max_lag = max(self.max_lag, time.perf_counter() - started - 0.01)

    def watch(self, out: Path) -> None:
        """In a thread: while the loop has not ticked for 100 ms, write where it is every
        50 ms (to find what a stall is made of)."""
        main = threading.main_thread().ident
        report = out.open("w")

        def run() -> None:
            while self._task is not None and not self._task.done():
                time.sleep(0.05)
                late = time.perf_counter() - self.tick
                if late > 0.1:
                    report.write(f"--- stalled {late * 1000:.0f} ms\n")
                    for ident, frame in sys._current_frames().items():
                        if ident == threading.get_ident():
                            continue
                        name = "loop" if ident == main else f"thread {ident}"
                        stack = "".join(traceback.format_stack(frame)[-8:])
                        report.write(f"- {name}\n{stack}")
                    report.flush()

        threading.Thread(target=run, daemon=True).start()

    def start(self) -> None:
        self.max_lag = 0.0
        self._task = asyncio.get_running_loop().create_task(self._run())

    def stop(self) -> float:
        if self._task is not None:
            self._task.cancel()
        return self.max_lag


class GcPauses:
    """The cyclic collector's longest pause and number of runs, per generation."""

    def __init__(self) -> None:
        self.longest = [0.0, 0.0, 0.0]
        self.runs = [0, 0, 0]
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
            return
        generation = info["generation"]
        self.runs[generation] += 1
        self.longest[generation] = max(
            self.longest[generation], time.perf_counter() - self._started
        )

    def report(self) -> str:
        return " ".join(
            f"gen{n}:{runs}x<={longest * 1000:.0f}ms"
            for n, (runs, longest) in enumerate(zip(self.runs, self.longest, strict=True))
        )


async def run_app(args: argparse.Namespace) -> dict[str, float | int | str]:
    from inbox_tui.config import Settings
    from inbox_tui.connector import Connector
    from inbox_tui.livevox.client import LiveVoxClient
    from inbox_tui.sim.records import CREDENTIALS as creds
    from inbox_tui.ui.app import InboxApp

    def make_client(_typed: str | None) -> LiveVoxClient:
        return LiveVoxClient(
            f"http://127.0.0.1:{args.port}",
            access_token=creds.access_token,
            client_code=creds.client_code,
            user_name=creds.agent_login,
            password=creds.agent_password,
            agent=True,
            timeout=120.0,
        )

    connector = Connector(
        label="BENCH",
        user_name=creds.agent_login,
        agent=True,
        needs_password=False,
        make_client=make_client,
    )
    app = InboxApp(connector, Settings(poll_interval=args.poll_interval, mark_read="open"))
    probe = LagProbe()
    result: dict[str, float | int | str] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: len(app.thread_list.threads) > 1, 60)
        if args.case == "open":
            # Warm up (the first opening imports and loads what any opening needs).
            app.inboxes.open_at(1)
            await until(pilot, lambda: history_done(app), 60)
            app.thread.pages = 0
        rss_before = peak_rss_mb()
        profiler = None
        if args.profile:
            from pyinstrument import Profiler

            profiler = Profiler(async_mode="disabled")
            profiler.start()
        pauses = GcPauses()
        gc.callbacks.append(pauses)
        probe.start()
        if args.stalls:
            probe.watch(Path(args.stalls))
        started = time.perf_counter()
        if args.case == "open":
            app.inboxes.open_at(0)
            await until(pilot, lambda: history_done(app), 120)
            result["shown"] = len(app.conversation.messages)
            result["status"] = str(app.query_one("#status").content)[:120]
        else:
            # The agent holds page-down: each step shows the next screen of rows, and the last
            # row of those loaded brings the next page.
            deadline = started + args.seconds
            while time.perf_counter() < deadline:
                listed = app.thread_list
                listed.move_to(max(listed.cursor + 1, listed.row_count - 1))
                await pilot.pause(0.05)
            result["rows"] = len(app.thread_list.threads)
            # Writes the store's one writer thread has not run yet (a backlog holds its pages).
            result["store_backlog"] = app.cache.writer.backlog
        result["seconds"] = round(time.perf_counter() - started, 2)
        result["max_lag_ms"] = round(probe.stop() * 1000, 1)
        gc.callbacks.remove(pauses)
        result["gc"] = pauses.report()
        result["rss_before_mb"] = round(rss_before, 1)
        result["peak_rss_mb"] = round(peak_rss_mb(), 1)
        if profiler is not None:
            profiler.stop()
            Path(args.profile).write_text(profiler.output_text(show_all=False))
    return result


def history_done(app) -> bool:
    """The open thread's fetched history is shown, or the conversation says it could not be."""
    if "could not be loaded" in app.conversation.empty_text:
        return True
    # The zones are worked out after the fetch; the messages are shown right after, unawaited.
    opened = app.current_thread
    return app.thread.pages == 1 and opened is not None and opened.thread_id in app.thread.zones


async def until(pilot, condition, timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not get there in time")
        await pilot.pause(0.02)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["sim", "app"])
    parser.add_argument("--threads", type=int, default=20)
    parser.add_argument("--extra", type=int, default=0)
    parser.add_argument("--page-size", type=int, default=25)
    parser.add_argument("--reply-interval", type=float, default=None)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--case", choices=["open", "page"], default="open")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--poll-interval", type=float, default=1.0)
    parser.add_argument("--stalls", help="write the stack of each stall over 100 ms here")
    parser.add_argument("--profile", help="write a pyinstrument profile of the case here")
    args = parser.parse_args()
    if args.mode == "sim":
        asyncio.run(serve_sim(args))
    else:
        print(json.dumps(asyncio.run(run_app(args))), flush=True)


if __name__ == "__main__":
    main()
