"""The launcher in both modes: embedded PostgreSQL/Redis, and the machine's servers at 127.0.0.1."""

from pathlib import Path

import httpx
import pytest

from devstack.services import SERVICES
from tests.support import machine_servers_answer, make_stack


@pytest.mark.parametrize("mode", ["embedded", "machine"])
def test_stack_starts_and_every_service_is_ready_through_nginx(mode: str, tmp_path: Path) -> None:
    if mode == "machine" and not machine_servers_answer():
        pytest.skip("no PostgreSQL/Redis at 127.0.0.1 on this machine")
    stack = make_stack(mode, tmp_path)
    try:
        stack.start()
        with httpx.Client(base_url=stack.url, timeout=10) as client:
            for spec in SERVICES:
                ready = client.get(f"{spec.prefix}/ready")
                assert ready.status_code == 200, (spec.name, ready.text)
                assert ready.json()["checks"]["database"] == "ok"
        if mode == "embedded":
            assert (tmp_path / "pgdata" / "PG_VERSION").exists()
            assert stack.redis_url.startswith("redis://127.0.0.1:")
        else:
            assert ":5432/" in stack.database_urls["booking_api"]
    finally:
        stack.stop()
        stack.drop_databases()
    assert stack.dead_services() == list(stack.services), "every service stopped with the stack"
