"""Booking benchmark: bookings per second and p50/p99 latency through nginx, against ceilings.

    .venv/bin/python bench/booking.py [--duration 4] [--clients 1,16,64] [--users 2500] [--profile]

It starts the whole stack with the launcher (free ports, a temporary data dir, embedded PostgreSQL and
Redis unless --mode machine), registers guests, and at each client count measures:

  (a) hot    - bookings of one seat on ONE event with a huge capacity (every booking takes the same row lock);
  (b) spread - bookings spread over 1,000 events;
  (c) read   - cached event-detail reads;

each through nginx with the full service (auth, logging, cache, outbox), and in the same run:

  raw  - the same SQL straight from asyncpg (BEGIN; the event read; the one-statement reservation; COMMIT);
  bare - a bare FastAPI endpoint (bench/bare_app.py) running the same repository calls behind its own
         nginx, without auth, logging, cache or idempotency.

Guests exist in auth for real (one active booking per guest per event forces distinct guests on the hot
event); their profiles are looked up once before measuring, as browsing would. Bookings are made
without Idempotency-Key. The outbox relay and the notification worker are paused while measuring (on
two cores they would compete with what is measured); the outbox they find afterwards is drained and
timed at the end. Each row also gives the CPU milliseconds per booking of the app processes and of
PostgreSQL, which vary less than throughput on a shared machine. With --profile, py-spy samples the
booking workers during the hot run at the highest client count and prints where time goes. It prints
numbers and checks nothing.
"""

import argparse
import asyncio
import itertools
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.loadgen import Measurement, Request, run  # noqa: E402
from booking_api.bookings.repository import _BOOK  # noqa: E402
from devstack.nginx import find_nginx  # noqa: E402
from devstack.procs import free_port, spawn, terminate, wait_until  # noqa: E402
from devstack.stack import Stack, StackConfig  # noqa: E402

SPREAD_EVENTS = 1000
PASSWORD = "bench-password-1"


def start_stack(data_dir: Path, mode: str) -> Stack:
    namespace = f"bench_{secrets.token_hex(3)}"
    config = StackConfig(
        data_dir=data_dir,
        free_ports=True,
        namespace=namespace,
        demo=False,
        quiet=True,
        env={"MAX_PLACE_CAPACITY": "10000", "USER_CACHE_SECONDS": "3600", "LOG_LEVEL": "INFO"},
        # The per-caller write limit stays in the path, set high enough never to refuse the load.
        nginx={"BOOKING_WRITE_RATE": "100000r/s", "BOOKING_WRITE_BURST": "100000"},
    )
    if mode == "machine":
        config.database_url = f"postgresql://postgres@127.0.0.1:5432/{namespace}"
        config.redis_url = "redis://127.0.0.1:6379/0"
    stack = Stack(config)
    stack.start()
    return stack


def make_users(stack: Stack, count: int) -> list[tuple[str, str]]:
    """(user id, access token) of `count` fresh guests, registered and signed in at auth directly."""

    def one(i: int) -> tuple[str, str]:
        email = f"bench-{uuid.uuid4().hex[:12]}@kinoclub.example"
        with httpx.Client(base_url=stack.service_url("auth_api"), timeout=30) as auth:
            user = auth.post(
                "/auth/v1/register/", json={"email": email, "password": PASSWORD, "name": f"Guest {i}"}
            )
            user.raise_for_status()
            tokens = auth.post("/auth/v1/login", json={"email": email, "password": PASSWORD})
            tokens.raise_for_status()
        return user.json()["id"], tokens.json()["access_token"]

    with ThreadPoolExecutor(max_workers=6) as pool:
        return list(pool.map(one, range(count)))


class Host:
    def __init__(self, stack: Stack, movie: dict[str, Any]):
        self.client = httpx.Client(base_url=stack.service_url("booking_api"), timeout=60)
        self.movie = movie
        (self.id, token) = make_users(stack, 1)[0]
        self.headers = {"Authorization": f"Bearer {token}"}
        self._day = itertools.count(2)

    def place(self, capacity: int) -> str:
        body = {"name": "Bench hall", "address": "Somewhere 1", "city": "Benchgrad", "capacity": capacity}
        response = self.client.post("/booking/v1/places", json=body, headers=self.headers)
        response.raise_for_status()
        return response.json()["id"]

    def hot_event(self) -> str:
        start = datetime.now(UTC) + timedelta(days=next(self._day))
        body = {
            "movie_id": self.movie["id"],
            "place_id": self.place(10000),
            "starts_at": start.isoformat(),
            "capacity": 10000,
        }
        response = self.client.post("/booking/v1/events", json=body, headers=self.headers)
        response.raise_for_status()
        return response.json()["id"]

    def spread_events(self, count: int, per_place: int = 50) -> list[str]:
        ids: list[str] = []
        first = datetime.now(UTC) + timedelta(days=1)
        for block in range(0, count, per_place):
            starts = [
                (first + timedelta(hours=4 * (block + i))).isoformat()
                for i in range(min(per_place, count - block))
            ]
            body = {
                "movie_id": self.movie["id"],
                "place_id": self.place(1000),
                "capacity": 1000,
                "starts": starts,
            }
            response = self.client.post("/booking/v1/schedules", json=body, headers=self.headers)
            response.raise_for_status()
            ids += [e["id"] for e in response.json()["events"]]
        return ids


def booking_request(path: str, token: str | None = None, guest: str | None = None) -> Request:
    headers = {"Authorization": f"Bearer {token}"} if token else {"X-Guest": guest or ""}
    return Request("POST", path, headers, b'{"seats": 1}')


def each_guest_once(path_for: Any, users: list[tuple[str, str]]) -> Any:
    """A request source: every guest books once (`path_for()` gives the path), then it is exhausted."""
    remaining = iter(users)

    def source() -> Request | None:
        user = next(remaining, None)
        return None if user is None else booking_request(path_for(), user[1])

    return source


def constant(value: str) -> Any:
    return lambda: value


def cycling_reads(event_ids: list[str]) -> Any:
    paths = itertools.cycle([f"/booking/v1/events/{event_id}" for event_id in event_ids])
    return lambda: Request("GET", next(paths))


def anonymous_guests(path_for: Any) -> Any:
    return lambda: booking_request(path_for(), guest=str(uuid.uuid4()))


def spread_pairs(pair: Any, users: list[tuple[str, str]], events: list[str]) -> Any:
    """Booking k goes to event k % E by guest k // E: consecutive bookings hit different events, and
    no (guest, event) pair repeats across the whole run."""

    def source() -> Request:
        k = next(pair)
        event = events[k % len(events)]
        return booking_request(
            f"/booking/v1/events/{event}/bookings", users[(k // len(events)) % len(users)][1]
        )

    return source


def random_bare_path(events: list[str]) -> Any:
    return lambda: f"/bare/events/{events[secrets.randbelow(len(events))]}/bookings"


def measure(port: int, clients: int, duration: float, source: Any, label: str) -> Measurement:
    return asyncio.run(
        run(host="127.0.0.1", port=port, clients=clients, next_request=source, duration=duration, label=label)
    )


def asyncpg_sql(statement: str) -> tuple[str, list[str]]:
    """SQLAlchemy's :name parameters as asyncpg's $n, with the order of names."""
    names: list[str] = []

    def number(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in names:
            names.append(name)
        return f"${names.index(name) + 1}"

    return re.sub(r"(?<![:\w]):(\w+)", number, statement), names


async def raw_run(dsn: str, clients: int, duration: float, events: list[str], label: str) -> Measurement:
    """The booking SQL from asyncpg, exactly the statement the service runs for a booking without
    Idempotency-Key (one statement, committing on its own)."""
    sql, names = asyncpg_sql(str(_BOOK))
    pool = await asyncpg.create_pool(dsn, min_size=clients, max_size=clients)
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    counter = itertools.count()
    deadline = time.perf_counter() + duration

    async def client() -> None:
        async with pool.acquire() as conn:
            statement = await conn.prepare(sql)
            while time.perf_counter() < deadline:
                event_id = uuid.UUID(events[next(counter) % len(events)])
                booking_id, guest_id = uuid.uuid4(), uuid.uuid4()
                params = {
                    "seats": 1,
                    "now": datetime.now(UTC),
                    "event_id": event_id,
                    "booking_id": booking_id,
                    "guest_id": guest_id,
                    "requirements_checked": False,
                    "created_id": uuid.uuid4(),
                    "full_id": uuid.uuid4(),
                    "request_id": None,
                    "booking_fields": json.dumps(
                        {
                            "booking_id": str(booking_id),
                            "guest_id": str(guest_id),
                            "guest_name": "",
                            "seats": 1,
                        }
                    ),
                }
                started = time.perf_counter()
                row = await statement.fetchrow(*(params[n] for n in names))
                latencies.append((time.perf_counter() - started) * 1000)
                statuses[201 if row else 409] += 1

    began = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    elapsed = time.perf_counter() - began
    await pool.close()
    return Measurement(label, clients, elapsed, latencies, dict(statuses))


class BareService:
    """bench/bare_app.py under uvicorn (as many workers as booking) behind its own minimal nginx."""

    def __init__(self, stack: Stack, run_dir: Path):
        self.app_port, self.port = free_port(), free_port()
        env = {**os.environ, "DATABASE_URL": stack.database_urls["booking_api"], "PYTHONPATH": str(ROOT)}
        self.app = spawn(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "bench.bare_app:app",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.app_port),
                "--workers",
                "2",
                "--no-access-log",
                "--log-level",
                "warning",
            ],
            log_path=run_dir / "bare.log",
            env=env,
            cwd=ROOT,
        )
        conf = run_dir / "bare-nginx.conf"
        user = "user root;\n" if os.geteuid() == 0 else ""
        conf.write_text(
            f"{user}worker_processes 2;\npid {run_dir}/bare-nginx.pid;\n"
            f"error_log {run_dir}/bare-nginx.err warn;\n"
            "events { worker_connections 4096; }\nhttp {\n  access_log off;\n"
            f"  client_body_temp_path {run_dir}/bare-body;\n  proxy_temp_path {run_dir}/bare-proxy;\n"
            f"  upstream bare {{ server 127.0.0.1:{self.app_port}; keepalive 64; }}\n"
            f"  server {{ listen 127.0.0.1:{self.port}; location / {{ proxy_pass http://bare; "
            'proxy_http_version 1.1; proxy_set_header Connection ""; } }\n}\n'
        )
        nginx = find_nginx()
        assert nginx, "nginx is needed"
        self.nginx = spawn(
            [nginx, "-p", str(run_dir), "-c", str(conf), "-g", "daemon off;"],
            log_path=run_dir / "bare-nginx.out",
        )

        def answers() -> bool:
            try:
                return (
                    httpx.post(
                        f"http://127.0.0.1:{self.port}/bare/events/{uuid.uuid4()}/bookings",
                        json={"seats": 1},
                        headers={"X-Guest": str(uuid.uuid4())},
                    ).status_code
                    == 409
                )
            except httpx.HTTPError:
                return False

        wait_until(answers, timeout=30, what="bare app", proc=self.app, log_path=run_dir / "bare.log")

    def stop(self) -> None:
        terminate(self.nginx)
        terminate(self.app)


def worker_pids(stack: Stack) -> list[int]:
    parent = stack.services["booking_api"].proc
    assert parent is not None
    out = subprocess.run(["pgrep", "-P", str(parent.pid)], capture_output=True, text=True).stdout.split()
    return [int(pid) for pid in out] or [parent.pid]


def start_profiler(
    pids: list[int], seconds: float, out_dir: Path
) -> list[tuple[subprocess.Popen[bytes], Path]]:
    spy = Path(sys.executable).parent / "py-spy"
    runs = []
    for pid in pids:
        out = out_dir / f"pyspy-{pid}.txt"
        proc = subprocess.Popen(
            [
                str(spy),
                "record",
                "--pid",
                str(pid),
                "--rate",
                "250",
                "--duration",
                str(int(seconds) + 1),
                "--format",
                "raw",
                "--nonblocking",
                "-o",
                str(out),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        runs.append((proc, out))
    return runs


BUCKETS = [
    ("sqlalchemy (ORM, Core, pool)", "sqlalchemy/"),
    ("asyncpg (driver)", "asyncpg/"),
    ("pydantic (validation, serialisation)", "pydantic"),
    ("fastapi / starlette (routing, DI)", ("fastapi/", "starlette/")),
    ("uvicorn / httptools (HTTP)", ("uvicorn/", "httptools")),
    ("jwt / cryptography (token check)", ("jwt/", "cryptography/")),
    ("redis client", "redis/"),
    ("logging (JSON access log)", ("logging/", "common/logging", "orjson")),
    ("booking_api + common", ("booking_api/", "common/")),
    ("asyncio event loop", ("asyncio/", "uvloop")),
]


def summarize_profile(runs: list[tuple[subprocess.Popen[bytes], Path]]) -> str:
    inclusive: Counter[str] = Counter()
    leaves: Counter[str] = Counter()
    total = 0
    for proc, out in runs:
        proc.wait(timeout=60)
        if not out.exists():
            continue
        for line in out.read_text().splitlines():
            stack_text, _, count_text = line.rpartition(" ")
            if not count_text.isdigit():
                continue
            count = int(count_text)
            total += count
            frames = stack_text.split(";")
            leaves[frames[-1][:110]] += count
            for label, needle in BUCKETS:
                needles = needle if isinstance(needle, tuple) else (needle,)
                if any(n in frame for frame in frames for n in needles):
                    inclusive[label] += count
    if not total:
        return "py-spy recorded nothing (is ptrace allowed here?)"
    lines = [
        f"py-spy: {total} samples of the booking workers during the hot run",
        "",
        "inclusive share by layer:",
    ]
    lines += [f"  {share * 100 / total:5.1f}%  {label}" for label, share in inclusive.most_common()]
    lines += ["", "top leaf frames:"]
    lines += [f"  {count * 100 / total:5.1f}%  {frame}" for frame, count in leaves.most_common(12)]
    return "\n".join(lines)


def process_tree(pid: int) -> list[int]:
    children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [pid, *(p for child in children for p in process_tree(int(child)))]


def cpu_seconds(pids: list[int], *, with_reaped_children: bool = False) -> float:
    """User + system CPU time of the processes (0 for those gone); with_reaped_children adds what
    their exited children used (PostgreSQL backends come and go with connections)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])
        if with_reaped_children:
            total += int(fields[13]) + int(fields[14])
    return total / os.sysconf("SC_CLK_TCK")


class ProcessGroup:
    """A process and its children now (re-read at every measurement)."""

    def __init__(self, root: int, *, with_reaped_children: bool = False):
        self.root = root
        self.with_reaped_children = with_reaped_children

    def cpu(self) -> float:
        live = process_tree(self.root)
        own = cpu_seconds(live[1:])
        return own + cpu_seconds([self.root], with_reaped_children=self.with_reaped_children)


class CpuMeter:
    """CPU milliseconds per successful request, per group of processes, over one measurement."""

    def __init__(self, groups: dict[str, ProcessGroup]):
        self.groups = groups
        self.before: dict[str, float] = {}

    def start(self) -> None:
        self.before = {name: group.cpu() for name, group in self.groups.items()}

    def per_request(self, ok: int) -> dict[str, float]:
        return {
            name: (group.cpu() - self.before[name]) * 1000 / max(ok, 1) for name, group in self.groups.items()
        }


Row = tuple[str, Measurement, dict[str, float], str]


def table(rows: list[Row]) -> str:
    header = f"{'scenario':<42} {'clients':>7} {'ok/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'non-2xx':>7}"
    out = [f"{header} {'app CPU':>8} {'PG CPU':>7}  ratio"]
    for label, m, cpu, ratio in rows:
        errors = sum(n for status, n in m.statuses.items() if not 200 <= status < 300)
        numbers = f"{m.clients:>7} {m.per_second:>7.0f} {m.p50:>7.1f} {m.p99:>7.1f} {errors:>7}"
        app = f"{cpu.get('app', float('nan')):>8.2f} {cpu.get('postgres', float('nan')):>7.2f}"
        out.append(f"{label:<42} {numbers} {app}  {ratio}")
    out.append(
        "app CPU, PG CPU: milliseconds of CPU per successful booking (app: the booking or bare workers)"
    )
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=float, default=4.0, help="seconds per measurement")
    parser.add_argument("--clients", default="1,16,64")
    parser.add_argument(
        "--users", type=int, default=1500, help="guests to register (hot runs stop when used up)"
    )
    parser.add_argument(
        "--mode",
        choices=("embedded", "machine"),
        default="embedded",
        help="embedded PostgreSQL/Redis (default) or the machine's at 127.0.0.1",
    )
    parser.add_argument(
        "--profile", action="store_true", help="py-spy the booking workers during the hot run"
    )
    args = parser.parse_args()
    levels = [int(c) for c in args.clients.split(",")]
    data_dir = Path(tempfile.mkdtemp(prefix="kinoclub-bench-"))
    began = time.monotonic()
    stack = start_stack(data_dir, args.mode)
    bare: BareService | None = None
    try:
        print(
            f"stack up in {stack.timings['total']:.1f}s ({args.mode} PostgreSQL/Redis); "
            f"registering {args.users} guests ...",
            flush=True,
        )
        movie = httpx.get(f"{stack.url}/movie_api/v1/movies", params={"watch_party": "true"}).json()["items"][
            0
        ]
        users = make_users(stack, args.users)
        host = Host(stack, movie)
        spread = host.spread_events(SPREAD_EVENTS)
        bare = BareService(stack, stack.run_dir)
        port = stack.port
        # Notifications are delivered after the fact (outbox); on these two cores the relay and the
        # notification worker would compete with what is measured, so they wait until the end.
        for name in ("booking_relay", "notification_worker"):
            stack.stop_service(name)
        # Look every guest up once (a booking of an unknown event answers 404 after the lookup), as a
        # guest browsing before booking would have; then only the booking itself is measured.
        measure(
            port,
            32,
            600,
            each_guest_once(lambda: f"/booking/v1/events/{uuid.uuid4()}/bookings", users),
            "warm-up",
        )
        dsn = stack.database_urls["booking_api"].replace("postgresql+asyncpg://", "postgresql://")
        assert stack.postgres is not None or args.mode == "machine"
        groups: dict[str, ProcessGroup] = {}
        if stack.postgres is not None and stack.postgres.proc is not None:
            groups["postgres"] = ProcessGroup(stack.postgres.proc.pid, with_reaped_children=True)
        booking_proc = stack.services["booking_api"].proc
        assert booking_proc is not None
        api_meter = CpuMeter({"app": ProcessGroup(booking_proc.pid), **groups})
        bare_meter = CpuMeter({"app": ProcessGroup(bare.app.pid), **groups})
        raw_meter = CpuMeter(groups)
        print(
            f"setup done in {time.monotonic() - began:.0f}s; measuring {args.duration:.0f}s per row",
            flush=True,
        )

        def timed(meter: CpuMeter, run_it: Any, *arguments: Any) -> tuple[Measurement, dict[str, float]]:
            meter.start()
            result = run_it(*arguments)
            return result, meter.per_request(result.ok)

        rows: list[Row] = []
        pair = itertools.count()
        profile_text = ""
        for clients in levels:
            hot_api, hot_bare, hot_raw = host.hot_event(), host.hot_event(), host.hot_event()
            api_path = f"/booking/v1/events/{hot_api}/bookings"
            runs = (
                start_profiler(worker_pids(stack), args.duration, stack.run_dir)
                if (args.profile and clients == max(levels))
                else []
            )
            m_api, c_api = timed(
                api_meter,
                measure,
                port,
                clients,
                args.duration,
                each_guest_once(constant(api_path), users),
                "hot",
            )
            if runs:
                profile_text = summarize_profile(runs)
            bare_path = f"/bare/events/{hot_bare}/bookings"
            m_bare, c_bare = timed(
                bare_meter,
                measure,
                bare.port,
                clients,
                args.duration,
                anonymous_guests(constant(bare_path)),
                "hot bare",
            )
            m_raw, c_raw = timed(raw_meter, run_raw, dsn, clients, args.duration, [hot_raw], "hot raw")
            rows += [
                (
                    "(a) hot event: API through nginx",
                    m_api,
                    c_api,
                    f"API/raw {m_api.per_second / m_raw.per_second:.2f}",
                ),
                ("(a) hot event: bare FastAPI, same SQL", m_bare, c_bare, ""),
                ("(a) hot event: raw asyncpg, same SQL", m_raw, c_raw, ""),
            ]
            m_spread, c_spread = timed(
                api_meter,
                measure,
                port,
                clients,
                args.duration,
                spread_pairs(pair, users, spread),
                "spread",
            )
            m_sbare, c_sbare = timed(
                bare_meter,
                measure,
                bare.port,
                clients,
                args.duration,
                anonymous_guests(random_bare_path(spread)),
                "spread bare",
            )
            m_sraw, c_sraw = timed(raw_meter, run_raw, dsn, clients, args.duration, spread, "spread raw")
            rows += [
                (
                    "(b) 1,000 events: API through nginx",
                    m_spread,
                    c_spread,
                    f"API/bare {m_spread.per_second / m_sbare.per_second:.2f}",
                ),
                ("(b) 1,000 events: bare FastAPI, same SQL", m_sbare, c_sbare, ""),
                ("(b) 1,000 events: raw asyncpg, same SQL", m_sraw, c_sraw, ""),
            ]
            readable = spread[:10]
            for event_id in readable:
                httpx.get(f"{stack.url}/booking/v1/events/{event_id}")
            m_read, c_read = timed(
                api_meter, measure, port, clients, args.duration, cycling_reads(readable), "read"
            )
            rows.append(("(c) cached event detail: API through nginx", m_read, c_read, ""))
            print(table(rows[-7:]), flush=True)

        print("\n" + table(rows))
        if profile_text:
            print("\n" + profile_text)
        drain_began = time.monotonic()
        backlog = pending_outbox(dsn)
        for name in ("booking_relay", "notification_worker"):
            stack.start_service(name)
        while pending_outbox(dsn) and time.monotonic() - drain_began < 120:
            time.sleep(1)
        drained = time.monotonic() - drain_began
        delivered = backlog - pending_outbox(dsn)
        print(
            f"\noutbox: {backlog} messages waited while measuring; the relay handed {delivered} of them to "
            f"the notification service in {drained:.0f}s ({delivered / max(drained, 0.001):.0f}/s)"
        )
    finally:
        if bare:
            bare.stop()
        stack.stop()
        stack.drop_databases()


def run_raw(dsn: str, clients: int, duration: float, events: list[str], label: str) -> Measurement:
    return asyncio.run(raw_run(dsn, clients, duration, events, label))


def pending_outbox(dsn: str) -> int:
    async def count() -> int:
        conn = await asyncpg.connect(dsn)
        try:
            return int(await conn.fetchval("SELECT count(*) FROM outbox WHERE sent_at IS NULL"))
        finally:
            await conn.close()

    return asyncio.run(count())


if __name__ == "__main__":
    main()
