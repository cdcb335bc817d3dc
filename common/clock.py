"""Time as a dependency: production reads the system clock, tests move a fake one by hand."""

import os
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FakeClock:
    """A clock that only moves when told to (`advance`, `set`)."""

    def __init__(self, start: datetime | None = None):
        self._now = start or datetime.now(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> None:
        self._now += delta

    def set(self, moment: datetime) -> None:
        self._now = moment


class OffsetFileClock:
    """The system clock moved by the number of seconds written in a file (0 when it is missing).

    Only test stacks use it (a setting names the file): the suite moves a running service through
    time, across the process boundary, instead of sleeping."""

    def __init__(self, path: str):
        self.path = path
        self._stamp: int | None = None
        self._offset = timedelta(0)

    def now(self) -> datetime:
        try:
            stamp = os.stat(self.path).st_mtime_ns
        except FileNotFoundError:
            stamp = None
        if stamp != self._stamp:
            self._stamp = stamp
            try:
                with open(self.path) as handle:
                    self._offset = timedelta(seconds=float(handle.read().strip() or 0))
            except (FileNotFoundError, ValueError):
                self._offset = timedelta(0)
        return datetime.now(UTC) + self._offset


def clock_from_setting(test_clock_file: str | None) -> Clock:
    return OffsetFileClock(test_clock_file) if test_clock_file else SystemClock()
