"""Click counting that keeps the redirect fast: a hit is one dict update in memory; a background
task adds the counts to PostgreSQL in one batch per interval, and once more on shutdown."""

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping

from common.worker import run_rounds

logger = logging.getLogger(__name__)

Writer = Callable[[Mapping[str, int]], Awaitable[None]]


class ClickCounter:
    """Counts per code since the last successful flush. A failed flush puts its counts back, so
    a database outage delays clicks rather than dropping them; only a killed process loses the
    last interval's counts."""

    def __init__(self, write: Writer, *, interval: float, shutdown_attempts: int = 3) -> None:
        self._write = write
        self.interval = interval
        self.shutdown_attempts = shutdown_attempts
        self._pending: dict[str, int] = {}
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def hit(self, code: str) -> None:
        self._pending[code] = self._pending.get(code, 0) + 1

    @property
    def pending(self) -> int:
        return sum(self._pending.values())

    async def flush(self) -> int:
        """Write the counts gathered so far; returns how many clicks were written."""
        if not self._pending:
            return 0
        # Swapped out before the first await: hits arriving during the write go to a fresh dict.
        batch, self._pending = self._pending, {}
        try:
            await self._write(batch)
        except BaseException:
            for code, count in batch.items():
                self._pending[code] = self._pending.get(code, 0) + count
            raise
        return sum(batch.values())

    def start(self) -> None:
        self._stopping.clear()
        # Woken by stop() rather than cancelled, so a write in progress is never cut off halfway; a
        # failed flush keeps its counts for the next round.
        self._task = asyncio.create_task(
            run_rounds(
                self._flush_round,
                stop=self._stopping,
                name="click flush",
                poll_seconds=self.interval,
                max_wait=max(self.interval * 8, 5.0),
                # Counts gather between flushes: nothing is held yet when the counter starts.
                wait_first=True,
            ),
            name="click-flush",
        )

    async def _flush_round(self) -> bool:
        await self.flush()
        return False

    async def stop(self) -> None:
        """Stop the background task and write every count still held."""
        self._stopping.set()
        if self._task is not None:
            await self._task
            self._task = None
        for attempt in range(1, self.shutdown_attempts + 1):
            try:
                await self.flush()
                return
            except Exception:
                logger.warning("final click flush failed (attempt %d)", attempt, exc_info=True)
                await asyncio.sleep(0.2 * attempt)
        logger.error("shutting down with %d clicks not written", self.pending)
