"""The launcher in both modes: embedded PostgreSQL/Redis, and the machine's servers at 127.0.0.1."""

import os
import signal
from pathlib import Path

import httpx
import pytest

from devstack.services import SERVICES
from devstack.stack import Stack
from tests.support import machine_servers_answer, make_stack


@pytest.mark.parametrize("mode", ["embedded", "machine"])
def test_stack_starts_and_every_service_is_ready_through_nginx(mode: str, tmp_path: Path) -> None:
    if mode == "machine" and not machine_servers_answer():
        pytest.skip("no PostgreSQL/Redis at 127.0.0.1 on this machine")
    stack = make_stack(mode, tmp_path, read_timeout="2s")
    try:
        stack.start()
        with httpx.Client(base_url=stack.url, timeout=10) as client:
            for spec in SERVICES:
                ready = client.get(f"{spec.prefix}/ready")
                assert ready.status_code == 200, (spec.name, ready.text)
                if spec.has_database:
                    assert ready.json()["checks"]["database"] == "ok"
            _a_hanging_service_answers_json_504(stack, client)
        if mode == "embedded":
            assert (tmp_path / "pgdata" / "PG_VERSION").exists()
            assert stack.redis_url.startswith("redis://127.0.0.1:")
        else:
            assert ":5432/" in stack.database_urls["booking_api"]
    finally:
        stack.stop()
        stack.drop_databases()
    assert stack.dead_services() == list(stack.services), "every service stopped with the stack"


def _a_hanging_service_answers_json_504(stack: Stack, client: httpx.Client) -> None:
    """A service that accepts connections but never answers (stopped with SIGSTOP) gets nginx's JSON 504."""
    proc = stack.services["notification"].proc
    assert proc is not None
    os.killpg(proc.pid, signal.SIGSTOP)
    try:
        response = client.get("/notification/health")
    finally:
        os.killpg(proc.pid, signal.SIGCONT)
    assert response.status_code == 504
    assert response.json()["code"] == "gateway_timeout"
    assert client.get("/notification/health").status_code == 200
