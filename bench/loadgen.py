"""A small asyncio HTTP/1.1 load generator for the benchmarks.

Keep-alive connections, one request in flight per connection. httpx would cost more CPU per request
than the services under test, on the same two cores; this costs little, so the numbers are the server's.
"""

import asyncio
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    def encode(self, host: str) -> bytes:
        lines = [f"{self.method} {self.path} HTTP/1.1", f"Host: {host}", "Connection: keep-alive"]
        lines += [f"{k}: {v}" for k, v in self.headers.items()]
        if self.body or self.method in ("POST", "PUT", "PATCH"):
            lines += ["Content-Type: application/json", f"Content-Length: {len(self.body)}"]
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + self.body


@dataclass
class Measurement:
    label: str
    clients: int
    seconds: float
    latencies_ms: list[float]
    statuses: dict[int, int]

    @property
    def ok(self) -> int:
        return sum(n for status, n in self.statuses.items() if 200 <= status < 300)

    @property
    def per_second(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else float("nan")

    @property
    def p99(self) -> float:
        return self.percentile(99)


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
    """Status, body, and whether the server will close the connection after it."""
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    chunked = False
    closing = False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        key = name.strip().lower()
        if key == b"content-length":
            length = int(value.strip())
        elif key == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
        elif key == b"connection" and b"close" in value.lower():
            closing = True
    if chunked:
        body = b""
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip(), 16)
            chunk = await reader.readexactly(size + 2)
            if size == 0:
                break
            body += chunk[:-2]
        return status, body, closing
    return status, (await reader.readexactly(length) if length else b""), closing


async def run(
    *,
    host: str,
    port: int,
    clients: int,
    next_request: Callable[[], Request | None],
    duration: float,
    label: str,
) -> Measurement:
    """`clients` connections send requests from `next_request` (None: no more) for `duration` seconds."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    deadline = time.perf_counter() + duration
    host_header = f"{host}:{port}"

    async def client() -> None:
        reader, writer = await asyncio.open_connection(host, port)
        try:
            while time.perf_counter() < deadline:
                request = next_request()
                if request is None:
                    return
                started = time.perf_counter()
                try:
                    writer.write(request.encode(host_header))
                    status, _, closing = await _read_response(reader)
                except (asyncio.IncompleteReadError, ConnectionResetError):
                    # nginx ends a keep-alive connection after keepalive_requests; send again on a new one.
                    writer.close()
                    reader, writer = await asyncio.open_connection(host, port)
                    started = time.perf_counter()
                    writer.write(request.encode(host_header))
                    status, _, closing = await _read_response(reader)
                latencies.append((time.perf_counter() - started) * 1000)
                statuses[status] = statuses.get(status, 0) + 1
                if closing:
                    writer.close()
                    reader, writer = await asyncio.open_connection(host, port)
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return Measurement(label, clients, time.perf_counter() - started, latencies, statuses)
