"""Test support: a GELF UDP listener, stack modes, and log readers."""

import json
import os
import secrets
import socket
import tempfile
import threading
import time
import uuid
import zlib
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx

from devstack.stack import Stack, StackConfig

MACHINE_DATABASE_URL = os.environ.get(
    "KINOCLUB_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
MACHINE_REDIS_URL = os.environ.get("KINOCLUB_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


class GelfListener:
    """A UDP server that collects GELF messages (zlib/gzip or plain, chunked or not)."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.messages: list[dict[str, Any]] = []
        self._chunks: dict[bytes, dict[int, bytes]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                data, _ = self.sock.recvfrom(65535)
            except TimeoutError:
                continue
            except OSError:
                return
            if data[:2] == b"\x1e\x0f":
                message_id, seq, count = data[2:10], data[10], data[11]
                parts = self._chunks.setdefault(message_id, {})
                parts[seq] = data[12:]
                if len(parts) < count:
                    continue
                data = b"".join(parts[i] for i in range(count))
                del self._chunks[message_id]
            self.messages.append(json.loads(self._decode(data)))

    @staticmethod
    def _decode(data: bytes) -> bytes:
        if data[:1] == b"\x78":
            return zlib.decompress(data)
        if data[:2] == b"\x1f\x8b":
            return zlib.decompress(data, 16 + zlib.MAX_WBITS)
        return data

    def wait_for(self, predicate: Any, timeout: float = 5.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [m for m in list(self.messages) if predicate(m)]
            if found:
                return found
            time.sleep(0.05)
        return []

    def close(self) -> None:
        self._stop.set()
        self.sock.close()


def machine_servers_answer() -> bool:
    for port in (5432, 6379):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                pass
        except OSError:
            return False
    return True


def main_mode() -> str:
    """`machine` (the machine's PostgreSQL and Redis) when they answer, else `embedded`, unless
    KINOCLUB_TEST_MODE says which."""
    wanted = os.environ.get("KINOCLUB_TEST_MODE", "auto")
    if wanted == "auto":
        return "machine" if machine_servers_answer() else "embedded"
    return wanted


def make_stack(
    mode: str,
    data_dir: Path,
    *,
    env: dict[str, str] | None = None,
    demo: bool = False,
    read_timeout: str = "20s",
    replicas: int = 1,
    nginx: dict[str, str] | None = None,
) -> Stack:
    """A stack on free ports in `data_dir`: embedded servers, or throwaway databases on the machine's."""
    namespace = f"kct_{secrets.token_hex(4)}"
    config = StackConfig(
        data_dir=data_dir,
        free_ports=True,
        namespace=namespace,
        demo=demo,
        quiet=True,
        env={"LOG_LEVEL": "INFO", **(env or {})},
        nginx={"PROXY_READ_TIMEOUT": read_timeout, **(nginx or {})},
        replicas=replicas,
    )
    if mode == "machine":
        config.database_url = f"{MACHINE_DATABASE_URL.rsplit('/', 1)[0]}/{namespace}"
        config.redis_url = MACHINE_REDIS_URL
    return Stack(config)


def loopback_address() -> str:
    """A loopback address of its own (127.x.y.z, x >= 2): a client connecting from it is a client of its
    own to nginx, which counts requests per address."""
    value = uuid.uuid4().int
    return f"127.{value % 250 + 2}.{(value >> 8) % 256}.{(value >> 16) % 254 + 1}"


def client_from(stack: Stack, address: str | None = None) -> httpx.Client:
    """An HTTP client of nginx connecting from `address` (a fresh loopback address by default)."""
    transport = httpx.HTTPTransport(local_address=address or loopback_address())
    return httpx.Client(base_url=stack.url, timeout=10, transport=transport)


def read_json_log(path: Path) -> list[dict[str, Any]]:
    records = []
    for line in path.read_text(errors="replace").splitlines():
        if line.startswith("{"):
            try:
                records.append(json.loads(line))
            except ValueError:
                continue
    return records


def demo_stack(cleanup: ExitStack, *, prefix: str) -> Stack:
    """A started stack with demo data in a temporary folder, stopped and dropped by `cleanup` (scripts)."""
    data = Path(cleanup.enter_context(tempfile.TemporaryDirectory(prefix=prefix)))
    stack = make_stack("machine" if machine_servers_answer() else "embedded", data, demo=True)
    cleanup.callback(stack.drop_databases)
    cleanup.callback(stack.stop)
    stack.start()
    return stack
