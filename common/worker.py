"""Background work, written once: rounds repeated until told to stop, and a process that runs them.

Every background job of the platform (booking's outbox relay and housekeeping, the notification
worker, the URL shortener's click flush) keeps its work in PostgreSQL, so a round can be cut short at
any moment and simply done again. `run_rounds` repeats a round at once while it reports more work,
waits `poll_seconds` when it reports none, and after a failure waits exponentially longer (at most
`max_wait`); each round touches an optional heartbeat file, which the launcher reads as "alive".
`run_process` is the `main()` of a worker process: logging, SIGTERM/SIGINT, and a grace period in
which the round in progress may finish before the process exits.
"""

import asyncio
import contextlib
import logging
import os
import signal
from collections.abc import Awaitable, Callable, Coroutine
from datetime import timedelta
from pathlib import Path
from typing import Any

from common.logging import configure_logging
from common.settings import ServiceSettings

logger = logging.getLogger(__name__)

Round = Callable[[], Awaitable[bool]]


def backoff(attempts: int, *, base: float, cap: float) -> timedelta:
    """The wait after the `attempts`-th failure in a row: base, 2*base, 4*base, ... at most `cap`."""
    return timedelta(seconds=min(cap, base * 2 ** min(max(attempts - 1, 0), 30)))


def beat(heartbeat: Path | None) -> None:
    """Touch the heartbeat file (it holds the pid, which the launcher matches to the process)."""
    if heartbeat is not None:
        heartbeat.write_text(str(os.getpid()))


async def run_rounds(
    round_: Round,
    *,
    stop: asyncio.Event,
    name: str,
    poll_seconds: float,
    max_wait: float = 5.0,
    heartbeat: Path | None = None,
    wait_first: bool = False,
) -> None:
    """Repeat `round_` until `stop` is set. A round returns True when more work may be waiting now.
    `wait_first`: the first round comes after one `poll_seconds` (work that gathers in between)."""
    failures = 0
    if wait_first:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), poll_seconds)
    while not stop.is_set():
        beat(heartbeat)
        wait = poll_seconds
        try:
            more = await round_()
            failures = 0
            if more:
                continue
        except Exception:
            # The database or another service went away mid-round; the work is still in the tables.
            failures += 1
            logger.exception("%s round failed; trying again shortly", name)
            wait = backoff(failures + 1, base=poll_seconds, cap=max_wait).total_seconds()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), wait)


def stop_on_signals(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)


async def _supervise(
    work: Callable[[asyncio.Event], Coroutine[Any, Any, None]], name: str, grace: float
) -> None:
    stop = asyncio.Event()
    stop_on_signals(stop)
    logger.info("%s started", name)
    task = asyncio.create_task(work(stop), name=name)
    stopped = asyncio.create_task(stop.wait())
    done, _ = await asyncio.wait({task, stopped}, return_when=asyncio.FIRST_COMPLETED)
    if task in done:  # the work ended on its own: a startup failure, say; let it be seen
        stopped.cancel()
        task.result()
        return
    try:
        # A round in flight may finish; one that hangs is cut off, and its work simply stays pending.
        await asyncio.wait_for(task, grace)
    except TimeoutError:
        logger.warning("%s: a round outlived the shutdown grace; its work is retried after restart", name)
    logger.info("%s stopped", name)


def run_process(
    work: Callable[[asyncio.Event], Coroutine[Any, Any, None]],
    *,
    name: str,
    service: str,
    settings: ServiceSettings,
    grace: float = 5.0,
) -> None:
    """Run `work(stop)` as a process's whole life: `stop` is set on SIGTERM or SIGINT. `name` is what
    the logs call the work ("outbox relay"), `service` the log records' service field."""
    configure_logging(
        service=service,
        level=settings.log_level,
        graylog_host=settings.graylog_host,
        graylog_port=settings.graylog_port,
    )
    asyncio.run(_supervise(work, name, grace))
