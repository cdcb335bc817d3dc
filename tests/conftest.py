"""Session fixtures: one stack (launcher, free ports, temporary data dir) that the suite talks to."""

import os
from collections.abc import Iterator

import httpx
import pytest

from devstack.stack import Stack
from tests.support import GelfListener, machine_servers_answer, make_stack


def _main_mode() -> str:
    wanted = os.environ.get("KINOCLUB_TEST_MODE", "auto")
    if wanted == "auto":
        return "machine" if machine_servers_answer() else "embedded"
    return wanted


@pytest.fixture(scope="session")
def gelf() -> Iterator[GelfListener]:
    listener = GelfListener()
    yield listener
    listener.close()


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory, gelf: GelfListener) -> Iterator[Stack]:
    """The whole platform, started by the same launcher as `make run`."""
    running = make_stack(
        _main_mode(),
        tmp_path_factory.mktemp("stack"),
        env={"GRAYLOG_HOST": "127.0.0.1", "GRAYLOG_PORT": str(gelf.port)},
        demo=True,
    )
    try:
        running.start()
    except BaseException:
        running.drop_databases()
        raise
    yield running
    running.stop()
    running.drop_databases()


@pytest.fixture(scope="session")
def gateway(stack: Stack) -> Iterator[httpx.Client]:
    """An HTTP client pointed at nginx."""
    with httpx.Client(base_url=stack.url, timeout=10) as client:
        yield client
