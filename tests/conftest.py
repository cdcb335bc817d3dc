"""Session fixtures: one stack (launcher, free ports, temporary data dir) that the suite talks to."""

import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from devstack.stack import Stack
from tests.support import GelfListener, main_mode, make_stack


@pytest.fixture(scope="session")
def gelf() -> Iterator[GelfListener]:
    listener = GelfListener()
    yield listener
    listener.close()


@pytest.fixture(scope="session")
def stack(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, gelf: GelfListener
) -> Iterator[Stack]:
    """The whole platform, started by the same launcher as `make run` (with KINOCLUB_TEST_REPLICAS=N, as
    `make run REPLICAS=N` starts it: `make test REPLICAS=3`)."""
    data_dir = tmp_path_factory.mktemp("stack")
    running = make_stack(
        main_mode(),
        data_dir,
        env={
            "GRAYLOG_HOST": "127.0.0.1",
            "GRAYLOG_PORT": str(gelf.port),
            # Test-only code in the booking service: the naive path of the negative-control race.
            "TEST_ROUTERS": '["tests.booking.naive:router"]',
            # Services that read the clock from this file let the suite move them through time.
            "TEST_CLOCK_FILE": str(data_dir / "clock-offset"),
        },
        demo=True,
        replicas=int(os.environ.get("KINOCLUB_TEST_REPLICAS") or 1),
    )
    try:
        running.start()
    except BaseException:
        running.drop_databases()
        raise
    request.session.kinoclub_stack = running  # type: ignore[attr-defined]
    yield running
    running.stop()
    running.drop_databases()


class TimeTravel:
    """Moves the stack's clock (for services that read TEST_CLOCK_FILE) forward or back."""

    def __init__(self, path: Path):
        self.path = path

    def to(self, moment: datetime) -> None:
        self.path.write_text(str((moment - datetime.now(UTC)).total_seconds()))

    def reset(self) -> None:
        self.path.write_text("0")


@pytest.fixture
def time_travel(stack: Stack) -> Iterator[TimeTravel]:
    travel = TimeTravel(stack.data_dir / "clock-offset")
    yield travel
    travel.reset()


@pytest.fixture(scope="session")
def gateway(stack: Stack) -> Iterator[httpx.Client]:
    """An HTTP client pointed at nginx."""
    with httpx.Client(base_url=stack.url, timeout=10) as client:
        yield client


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    """On a failure, show the service errors logged meanwhile: a 500 is explained right in the report."""
    outcome = yield
    report = outcome.get_result()
    running: Stack | None = getattr(item.session, "kinoclub_stack", None)
    if report.when != "call" or not report.failed or running is None:
        return
    lines = []
    for name, service in running.services.items():
        if service.log_path.exists():
            for line in service.log_path.read_text(errors="replace").splitlines()[-400:]:
                if '"level":"ERROR"' in line:
                    record = json.loads(line)
                    lines.append(f"{name}: {record['message']}\n{record.get('exc', '')[-1500:]}")
    if lines:
        report.sections.append(("service errors", "\n".join(lines[-20:])))
