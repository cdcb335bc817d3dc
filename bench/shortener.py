"""Benchmark of the URL shortener's redirect: requests per second and p50/p99 latency.

    .venv/bin/python bench/shortener.py [--duration 5] [--concurrency 1,16,64] [--mode auto]

It starts the whole stack with the launcher (free ports, a temporary data dir, the machine's
PostgreSQL/Redis when they answer at 127.0.0.1, embedded ones otherwise), creates a short link, and at
each concurrency level measures, one after another:

- the ceiling: a second nginx answering a fixed 302 by itself (same binary, same worker count);
- `GET /s/{code}` through the stack's nginx (the real path: nginx -> uvicorn -> Redis);
- `GET /s/{code}` straight at uvicorn, to show what the nginx hop costs.

The load comes from a small asyncio HTTP/1.1 client (keep-alive, one request in flight per
connection, `concurrency` connections) rather than httpx, whose own per-request cost would cap the
ceiling well below what nginx does. It prints numbers and checks nothing.
"""

import argparse
import asyncio
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from devstack.nginx import find_nginx  # noqa: E402
from devstack.procs import free_port, spawn, terminate, wait_until  # noqa: E402
from devstack.stack import Stack  # noqa: E402
from tests.factories import new_user  # noqa: E402
from tests.support import machine_servers_answer, make_stack  # noqa: E402

try:
    import uvloop
except ImportError:  # pragma: no cover - uvloop is pinned, but the bench runs without it too
    uvloop = None


@dataclass
class Result:
    target: str
    concurrency: int
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]
    warmup_redirects: int = 0
    server_cpu_seconds: float = 0.0

    @property
    def cpu_us_per_request(self) -> float:
        return self.server_cpu_seconds / max(self.requests, 1) * 1e6

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def percentile(self, q: float) -> float:
        if len(self.latencies_ms) < 2:
            return self.latencies_ms[0] if self.latencies_ms else float("nan")
        return statistics.quantiles(self.latencies_ms, n=1000, method="inclusive")[int(q * 1000) - 1]


# -- load generator ------------------------------------------------------------------------------


async def _one_connection(
    host: str, port: int, request: bytes, until: float, latencies: list[float], counts: dict[str, int]
) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while time.perf_counter() < until:
            started = time.perf_counter()
            writer.write(request)
            head = (await reader.readuntil(b"\r\n\r\n")).lower()
            status = int(head[9:12])
            length = 0
            marker = head.find(b"content-length:")
            if marker >= 0:
                length = int(head[marker + 15 : head.find(b"\r\n", marker)])
            if length:
                await reader.readexactly(length)
            latencies.append((time.perf_counter() - started) * 1000)
            counts["requests"] += 1
            if status != 302:
                counts["errors"] += 1
            if b"connection: close" in head:
                # nginx closes a keep-alive connection after keepalive_requests (1000) answers.
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
    finally:
        writer.close()


async def _load(url: str, concurrency: int, seconds: float) -> tuple[list[float], dict[str, int], float]:
    parts = httpx.URL(url)
    request = (
        f"GET {parts.raw_path.decode()} HTTP/1.1\r\n"
        f"Host: {parts.host}:{parts.port}\r\nUser-Agent: bench\r\n\r\n"
    ).encode()
    latencies: list[float] = []
    counts = {"requests": 0, "errors": 0}
    began = time.perf_counter()
    until = began + seconds
    await asyncio.gather(
        *(
            _one_connection(parts.host, parts.port or 80, request, until, latencies, counts)
            for _ in range(concurrency)
        )
    )
    return latencies, counts, time.perf_counter() - began


def _cpu_seconds(roots: list[psutil.Process]) -> float:
    """CPU time (user + system) of the server processes and their children, e.g. nginx workers."""
    total = 0.0
    for root in roots:
        for proc in (root, *root.children(recursive=True)):
            try:
                times = proc.cpu_times()
            except psutil.NoSuchProcess:
                continue
            total += times.user + times.system
    return total


def measure(
    name: str, url: str, concurrency: int, seconds: float, warmup: float, servers: list[psutil.Process]
) -> Result:
    runner = asyncio.run if uvloop is None else uvloop.run
    _, warm, _ = runner(_load(url, concurrency, warmup))
    cpu_before = _cpu_seconds(servers)
    latencies, counts, elapsed = runner(_load(url, concurrency, seconds))
    cpu = _cpu_seconds(servers) - cpu_before
    return Result(
        name,
        concurrency,
        counts["requests"],
        counts["errors"],
        elapsed,
        latencies,
        warm["requests"] - warm["errors"],
        cpu,
    )


# -- the ceiling: nginx answering a fixed 302 by itself -------------------------------------------


class FixedRedirectNginx:
    def __init__(self, workdir: Path, location: str) -> None:
        binary = os.environ.get("NGINX_BIN") or find_nginx()
        if not binary:
            raise SystemExit("nginx is required (see `make run`).")
        self.binary = binary
        self.workdir = workdir
        self.port = free_port()
        self.location = location
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        temp = self.workdir / "temp"
        temp.mkdir(exist_ok=True)
        user = "user root;\n" if os.geteuid() == 0 else ""
        # Same worker count and an access log like the gateway's, so only the proxying differs.
        conf = self.workdir / "nginx.conf"
        conf.write_text(
            f"{user}worker_processes 2;\n"
            f"pid {self.workdir / 'nginx.pid'};\n"
            f"error_log {self.workdir / 'error.log'} warn;\n"
            "events { worker_connections 4096; }\n"
            "http {\n"
            '    log_format bench escape=json \'{"ts":"$time_iso8601","path":"$uri","status":$status,\'\n'
            '        \'"latency_ms":"$request_time"}\';\n'
            f"    access_log {self.workdir / 'access.log'} bench;\n"
            + "".join(
                f"    {kind}_temp_path {temp / kind};\n"
                for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
            )
            + f"    server {{\n        listen 127.0.0.1:{self.port};\n"
            f"        location / {{ return 302 {self.location}; }}\n    }}\n"
            "}\n"
        )
        self.proc = spawn(
            [self.binary, "-p", str(self.workdir), "-c", str(conf), "-g", "daemon off;"],
            log_path=self.workdir / "nginx.out",
        )

        def answers() -> bool:
            try:
                return httpx.get(f"{self.url}/s/x", timeout=1).status_code == 302
            except httpx.HTTPError:
                return False

        wait_until(
            answers, timeout=15, what="ceiling nginx", proc=self.proc, log_path=self.workdir / "error.log"
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        import signal

        terminate(self.proc, sig=signal.SIGQUIT, timeout=10)


# -- the run -------------------------------------------------------------------------------------


def _short_link(stack: Stack) -> tuple[str, str, dict[str, str]]:
    user = new_user(stack, name="Bench User")
    target = f"http://localhost:{stack.port}/booking/v1/events/bench"
    response = httpx.post(f"{stack.url}/url/v1/links", json={"url": target}, headers=user.headers, timeout=10)
    response.raise_for_status()
    code = response.json()["code"]
    check = httpx.get(f"{stack.url}/s/{code}", follow_redirects=False, timeout=10)
    if check.status_code != 302 or check.headers["location"] != target:
        raise SystemExit(f"the short link does not redirect: {check.status_code} {check.text}")
    return code, target, user.headers


def _clicks_counted(stack: Stack, code: str, headers: dict[str, str]) -> int:
    time.sleep(2.5)  # two flush intervals, so every click of the run has been written
    response = httpx.get(f"{stack.url}/url/v1/links/{code}", headers=headers, timeout=10)
    response.raise_for_status()
    return int(response.json()["clicks"])


def _table(results: list[Result]) -> str:
    lines = [
        "| target | concurrency | requests/s | p50 ms | p99 ms | server CPU µs/req | requests | non-302 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.target} | {r.concurrency} | {r.rps:,.0f} | {r.percentile(0.50):.2f} | "
            f"{r.percentile(0.99):.2f} | {r.cpu_us_per_request:,.0f} | {r.requests:,} | {r.errors} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=5.0, help="seconds measured per row")
    parser.add_argument(
        "--warmup", type=float, default=1.0, help="seconds of unmeasured load before each row"
    )
    parser.add_argument("--concurrency", default="1,16,64", help="comma-separated connection counts")
    parser.add_argument("--mode", choices=["auto", "machine", "embedded"], default="auto")
    parser.add_argument(
        "--log-level", default="INFO", help="the services' LOG_LEVEL (INFO logs every request)"
    )
    parser.add_argument("--no-direct", action="store_true", help="skip the rows straight at uvicorn")
    args = parser.parse_args()
    levels = [int(c) for c in args.concurrency.split(",")]
    mode = args.mode if args.mode != "auto" else ("machine" if machine_servers_answer() else "embedded")

    with tempfile.TemporaryDirectory(prefix="kinoclub-bench-") as workdir:
        print(f"starting the stack ({mode} PostgreSQL/Redis) ...", flush=True)
        stack = make_stack(mode, Path(workdir) / "stack", env={"LOG_LEVEL": args.log_level})
        ceiling: FixedRedirectNginx | None = None
        try:
            stack.start()
            code, target, headers = _short_link(stack)
            ceiling = FixedRedirectNginx(Path(workdir) / "ceiling", target)
            ceiling.start()
            shortener = psutil.Process(stack.services["url_shortener"].proc.pid)
            gateway = psutil.Process(stack.nginx.proc.pid)
            # The server CPU column counts what answered: nginx alone, nginx + uvicorn, or uvicorn.
            targets = [
                (
                    "nginx alone, fixed 302 (ceiling)",
                    f"{ceiling.url}/s/{code}",
                    [psutil.Process(ceiling.proc.pid)],
                ),
                ("shortener through nginx", f"{stack.url}/s/{code}", [gateway, shortener]),
            ]
            if not args.no_direct:
                targets.append(
                    (
                        "shortener direct (uvicorn)",
                        f"{stack.service_url('url_shortener')}/s/{code}",
                        [shortener],
                    )
                )
            load_before = os.getloadavg()[0]
            results = []
            for concurrency in levels:
                for name, url, servers in targets:
                    result = measure(name, url, concurrency, args.duration, args.warmup, servers)
                    results.append(result)
                    print(
                        f"  {name:<34} c={concurrency:<3} {result.rps:>9,.0f} req/s  "
                        f"p50 {result.percentile(0.5):6.2f} ms  p99 {result.percentile(0.99):6.2f} ms  "
                        f"server CPU {result.cpu_us_per_request:5.0f} µs/req",
                        flush=True,
                    )

            # Every answered redirect counts, warm-up included, plus the check in _short_link.
            sent = 1 + sum(
                r.requests - r.errors + r.warmup_redirects
                for r in results
                if r.target.startswith("shortener")
            )
            counted = _clicks_counted(stack, code, headers)
            print()
            print(
                f"Python {platform.python_version()}, {os.cpu_count()} CPUs, {mode} PostgreSQL/Redis, "
                f"LOG_LEVEL={args.log_level}, {args.duration:g} s per row after {args.warmup:g} s warm-up, "
                f"{'uvloop' if uvloop else 'asyncio'} client; url_shortener runs 1 uvicorn worker, nginx 2; "
                f"load average before/after: {load_before:.1f}/{os.getloadavg()[0]:.1f}."
            )
            print()
            print(_table(results))
            print()
            print(f"clicks counted for the link: {counted:,} of {sent:,} redirects answered")
        finally:
            if ceiling is not None:
                ceiling.stop()
            stack.stop()
            stack.drop_databases()


if __name__ == "__main__":
    main()
