"""Housekeeping inside each booking worker process, started and stopped with the app."""

import asyncio
import contextlib
from collections.abc import Callable

from booking_api.core.env import Env
from booking_api.housekeeping.jobs import run_housekeeping
from booking_api.ratings.ports import RatingsUnitOfWork
from common.worker import run_rounds

# Idempotency keys are kept 48 hours; forgetting the old ones once an hour is plenty.
PURGE_EVERY_ROUNDS = 240


class Housekeeping:
    def __init__(self, *, new_uow: Callable[[], RatingsUnitOfWork], env: Env, every: float):
        self.new_uow = new_uow
        self.env = env
        self.every = every
        self.rounds = 0
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def round(self) -> bool:
        await run_housekeeping(uow=self.new_uow(), clock=self.env.clock, links=self.env.links)
        if self.rounds % PURGE_EVERY_ROUNDS == 0:
            await self.env.idempotency.purge(self.env.clock.now())
        self.rounds += 1
        return False  # time-driven: the next round is due in `every` seconds, however much was done

    def start(self) -> None:
        self._task = asyncio.create_task(
            run_rounds(
                self.round, stop=self._stop, name="housekeeping", poll_seconds=self.every, max_wait=60
            ),
            name="housekeeping",
        )

    async def stop(self) -> None:
        self._stop.set()
        if self._task is not None:
            # A round in progress may finish; one that hangs is cut off (its work is in short
            # transactions, so nothing is left half done).
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._task, 5.0)
