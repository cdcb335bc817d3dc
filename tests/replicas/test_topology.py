"""`make run REPLICAS=3`: every service three times behind nginx, two relays, two workers, and services
that reach each other through nginx rather than one fixed process."""

import re
import subprocess
import time

import httpx

from devstack.services import PROCESSES, SERVICES, SMTP_SINK, URL_SETTINGS
from devstack.stack import Stack
from tests.replicas.conftest import REPLICAS, now, upstreams_since

ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]


def test_make_run_replicas_passes_the_count_to_the_launcher_and_make_test_to_the_suite() -> None:
    run = subprocess.run(["make", "-n", "run", "REPLICAS=3"], cwd=ROOT, capture_output=True, text=True)
    assert re.search(r"-m devstack run --replicas 3\b", run.stdout), run.stdout
    test = subprocess.run(["make", "-n", "test", "REPLICAS=3"], cwd=ROOT, capture_output=True, text=True)
    assert "KINOCLUB_TEST_REPLICAS=3" in test.stdout, test.stdout
    plain = subprocess.run(["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True)
    assert "--replicas" not in plain.stdout


def test_every_service_runs_three_processes_each_ready_on_its_own_port(replicated: Stack) -> None:
    for spec in SERVICES:
        replicas = replicated.replicas(spec.name)
        assert [r.replica for r in replicas] == list(range(1, REPLICAS + 1)), spec.name
        ports = {r.port for r in replicas}
        assert len(ports) == REPLICAS, f"{spec.name} replicas share a port: {ports}"
        for running in replicas:
            assert running.proc is not None and running.proc.poll() is None, f"{running.name} is not running"
            ready = httpx.get(f"{replicated.service_url(running.name)}{spec.prefix}/ready", timeout=5)
            assert ready.status_code == 200, (running.name, ready.text)


def test_nginx_has_one_upstream_server_per_replica(replicated: Stack) -> None:
    conf = (replicated.run_dir / "kinoclub.conf").read_text()
    for spec in SERVICES:
        block = re.search(rf"upstream {spec.name} \{{(.*?)\}}", conf, flags=re.S)
        assert block, f"no upstream {spec.name}"
        servers = re.findall(r"server 127\.0\.0\.1:(\d+)[ ;]", block.group(1))
        assert sorted(int(p) for p in servers) == sorted(r.port for r in replicated.replicas(spec.name))


def test_two_outbox_relays_and_two_notification_workers_run_and_one_mail_sink(replicated: Stack) -> None:
    for spec in PROCESSES:
        instances = replicated.replicas(spec.name)
        assert len(instances) == (1 if spec.name == SMTP_SINK else 2), (spec.name, len(instances))
        for running in instances:
            assert running.proc is not None and running.proc.poll() is None, f"{running.name} exited"
            if running.ready_file is not None and spec.name != SMTP_SINK:
                # Each touches its heartbeat every round: both are working, not just started.
                before = running.ready_file.stat().st_mtime
                deadline = time.monotonic() + 10
                while running.ready_file.stat().st_mtime == before and time.monotonic() < deadline:
                    time.sleep(0.1)
                assert running.ready_file.stat().st_mtime > before, f"{running.name} does no rounds"


def test_services_call_each_other_through_nginx_not_one_fixed_process(replicated: Stack) -> None:
    internal = f"http://127.0.0.1:{replicated.internal_port}"
    for running in replicated.services.values():
        if running.spec.name == SMTP_SINK:
            continue
        for setting in URL_SETTINGS.values():
            assert running.env[setting] == internal, (running.name, setting, running.env[setting])
    jwks = httpx.get(f"{internal}/auth/v1/jwks", timeout=5)
    assert jwks.status_code == 200 and jwks.json()["keys"]


def test_requests_are_spread_over_every_replica(replicated: Stack, front: httpx.Client) -> None:
    since = now()
    for _ in range(6 * REPLICAS):
        assert front.get("/movie_api/v1/movies", params={"size": 1}).status_code == 200
    time.sleep(0.3)  # nginx writes its access log line after the answer
    used = set(upstreams_since(replicated, since, "/movie_api/"))
    expected = {f"127.0.0.1:{r.port}" for r in replicated.replicas("movie_api")}
    assert used == expected, f"nginx used {used}, the replicas are {expected}"
