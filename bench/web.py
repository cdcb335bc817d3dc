"""Benchmark of the web front's server render time: p50/p95 per page through nginx at one client.

    .venv/bin/python bench/web.py [--requests 200] [--url http://127.0.0.1:8000] [--root .]

It starts the whole stack with demo data (free ports, a temporary data dir; the machine's
PostgreSQL/Redis when they answer, embedded ones otherwise) from the code in `--root` (default: this
checkout; point it at an export of another commit to compare), signs in as a demo guest and a demo
host, and asks each page `--requests` times one after another (keep-alive, one client), after a
warm-up. It prints, per page: the status, p50, p95 and max of the full response time (request sent to
last byte), and the web service's CPU per request (its process's user+system time over the run).
`/signin` is asked at the web service itself (nginx allows only a few sign-in requests per second
per address). It checks nothing.
"""

import argparse
import os
import platform
import statistics
import sys
import time
from contextlib import ExitStack
from pathlib import Path

import httpx
import psutil

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("--requests", type=int, default=200)
parser.add_argument("--warmup", type=int, default=20)
parser.add_argument("--url", help="a running stack with demo data (then CPU is not measured)")
parser.add_argument("--root", default=str(Path(__file__).resolve().parent.parent))
ARGS = parser.parse_args()
ROOT = Path(ARGS.root).resolve()
sys.path.insert(0, str(ROOT))

from common.demo import DEMO_GUESTS, DEMO_HOSTS, DEMO_PASSWORD  # noqa: E402
from tests.support import demo_stack  # noqa: E402


def _signed_in(url: str, email: str) -> httpx.Client:
    client = httpx.Client(base_url=url, timeout=30, headers={"Accept-Language": "ru"})
    tokens = client.post("/auth/v1/login", json={"email": email, "password": DEMO_PASSWORD}).json()
    host = httpx.URL(url).host
    client.cookies.set("kc_access", tokens["access_token"], domain=host)
    client.cookies.set("kc_refresh", tokens["refresh_token"], domain=host)
    return client


def _pages(url: str) -> list[tuple[str, str, str]]:
    """(name, who, path): who is `visitor`, `guest` or `host`."""
    with httpx.Client(base_url=url, timeout=30) as api:
        anna = DEMO_HOSTS[0]
        event = api.get(f"/booking/v1/hosts/{anna.id}/events").json()["items"][0]
    return [
        ("home", "visitor", "/"),
        ("home, this weekend", "visitor", "/?when=weekend"),
        ("hosts", "visitor", "/hosts"),
        ("film", "visitor", f"/films/{event['movie']['id']}"),
        ("host", "visitor", f"/hosts/{anna.id}"),
        ("evening", "visitor", f"/events/{event['id']}"),
        ("evening (signed in)", "guest", f"/events/{event['id']}"),
        # nginx limits /signin to the sign-in budget (429 after a few): measured at the web service.
        ("sign-in (direct)", "direct", "/signin"),
        ("my bookings", "guest", "/bookings"),
        ("inbox", "guest", "/inbox"),
        ("ratings", "guest", "/ratings"),
        ("profile", "visitor", f"/users/{anna.id}/ratings"),
        ("hosting", "host", "/hosting"),
        ("new evening", "host", "/hosting/events/new"),
        ("not found", "visitor", "/events/nothing-here"),
    ]


def _cpu(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        try:
            times = psutil.Process(pid).cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def _web_pids(stack: object) -> list[int]:
    run = stack.services["web"]  # type: ignore[attr-defined]
    parent = psutil.Process(run.proc.pid)
    return [parent.pid, *(child.pid for child in parent.children(recursive=True))]


def main() -> None:
    with ExitStack() as cleanup:
        url, pids, direct = ARGS.url, [], ARGS.url
        if not url:
            stack = demo_stack(cleanup, prefix="kinoclub-bench-web-")
            url, pids, direct = stack.url, _web_pids(stack), stack.service_url("web")
        clients = {
            "visitor": httpx.Client(base_url=url, timeout=30, headers={"Accept-Language": "ru"}),
            "guest": _signed_in(url, DEMO_GUESTS[0].email),
            "host": _signed_in(url, DEMO_HOSTS[0].email),
            "direct": httpx.Client(base_url=direct, timeout=30, headers={"Accept-Language": "ru"}),
        }
        for client in clients.values():
            cleanup.callback(client.close)
        print(f"web render bench: {ARGS.requests} requests per page, one client, through nginx")
        print(f"code from {ROOT}")
        print(f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}")
        print(f"{'page':24} {'status':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'CPU ms/req':>11}")
        for name, who, path in _pages(url):
            client = clients[who]
            for _ in range(ARGS.warmup):
                client.get(path)
            times: list[float] = []
            before = _cpu(pids)
            status = 0
            for _ in range(ARGS.requests):
                start = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - start) * 1000)
                status = response.status_code
            cpu = (_cpu(pids) - before) / ARGS.requests * 1000 if pids else float("nan")
            times.sort()
            p95 = times[max(0, int(len(times) * 0.95) - 1)]
            p50 = statistics.median(times)
            print(f"{name:24} {status:>6} {p50:>8.1f} {p95:>8.1f} {times[-1]:>8.1f} {cpu:>11.2f}")


if __name__ == "__main__":
    main()
