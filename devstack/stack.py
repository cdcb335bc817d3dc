"""The stack: embedded (or configured) PostgreSQL and Redis, migrations, demo data, nginx, services, the
extra processes (outbox relay, notification worker, local SMTP sink).

With `replicas` > 1 (`make run REPLICAS=3`) every service runs as that many uvicorn processes on their own
ports behind nginx's upstreams, the outbox relay and the notification worker run twice, and services
reach each other through nginx's internal listener (what a Kubernetes Service is to a Deployment), so
that one replica going away is invisible to its callers. See docs/deploy.md."""

import asyncio
import importlib
import json
import os
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from devstack.nginx import INTERNAL_TEMPLATE, TEMPLATE, Nginx
from devstack.postgres import EmbeddedPostgres, drop_databases, ensure_databases
from devstack.procs import free_port, port_is_free, spawn, tail, terminate_all, wait_until
from devstack.redis_server import EmbeddedRedis
from devstack.services import BY_NAME, PROCESSES, SERVICES, SMTP_SINK, URL_SETTINGS, ProcessSpec, ServiceSpec

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class StackConfig:
    data_dir: Path = ROOT / ".data"
    port: int = 8000
    free_ports: bool = False
    database_url: str | None = None  # an existing server; None starts the embedded one
    redis_url: str | None = None
    service_database_urls: dict[str, str] = field(default_factory=dict)
    service_redis_urls: dict[str, str] = field(default_factory=dict)
    namespace: str = "kinoclub"
    demo: bool = True
    env: dict[str, str] = field(default_factory=dict)  # extra environment for every service
    nginx: dict[str, str] = field(default_factory=dict)  # overrides of nginx template values
    embedded_pg_port: int = 54329
    embedded_redis_port: int = 63799
    quiet: bool = False
    # An SMTP server to send through; None starts the local sink, which writes messages to <data_dir>/mail.
    smtp_host: str | None = None
    smtp_port: int = 25
    # Processes per service (each one uvicorn worker when > 1); the relay and the worker run twice then.
    replicas: int = 1

    @property
    def process_replicas(self) -> int:
        """How many outbox relays and notification workers run."""
        return 1 if self.replicas <= 1 else 2

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: object) -> "StackConfig":
        """Read DATABASE_URL, REDIS_URL, KINOCLUB_PORT, GRAYLOG_HOST and `<SERVICE>_DATABASE_URL`."""
        env = dict(os.environ if environ is None else environ)
        config = cls(**overrides)  # type: ignore[arg-type]
        config.database_url = env.get("DATABASE_URL") or config.database_url
        config.redis_url = env.get("REDIS_URL") or config.redis_url
        if env.get("KINOCLUB_PORT"):
            config.port = int(env["KINOCLUB_PORT"])
        if env.get("KINOCLUB_DATA_DIR"):
            config.data_dir = Path(env["KINOCLUB_DATA_DIR"]).resolve()
        for spec in SERVICES:
            key = spec.name.upper()
            if env.get(f"{key}_DATABASE_URL"):
                config.service_database_urls[spec.name] = env[f"{key}_DATABASE_URL"]
            if env.get(f"{key}_REDIS_URL"):
                config.service_redis_urls[spec.name] = env[f"{key}_REDIS_URL"]
        if env.get("SMTP_HOST"):
            config.smtp_host = env["SMTP_HOST"]
            config.smtp_port = int(env.get("SMTP_PORT") or 25)
        for name in ("GRAYLOG_HOST", "GRAYLOG_PORT", "LOG_LEVEL"):
            if env.get(name):
                config.env[name] = env[name]
        if env.get("KINOCLUB_REPLICAS"):
            config.replicas = max(1, int(env["KINOCLUB_REPLICAS"]))
        return config


def _with_database(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{database}", parts.query, parts.fragment))


def _database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/") or "kinoclub"


def instance_name(name: str, replica: int) -> str:
    """`booking_api` for the first process of a service, `booking_api.2`, `booking_api.3` for the others."""
    return name if replica == 1 else f"{name}.{replica}"


@dataclass
class RunningService:
    """One process of the stack: a service replica (uvicorn app) or an extra process (ProcessSpec)."""

    spec: ServiceSpec | ProcessSpec
    port: int | None
    env: dict[str, str]
    log_path: Path
    proc: subprocess.Popen[bytes] | None = None
    # Extra processes write their pid here once they work; the stack waits for it.
    ready_file: Path | None = None
    replica: int = 1

    @property
    def name(self) -> str:
        return instance_name(self.spec.name, self.replica)


class Stack:
    """Everything `make run` starts, in order, and stops in reverse. Tests drive the same object."""

    def __init__(self, config: StackConfig):
        self.config = config
        self.data_dir = config.data_dir.resolve()
        self.log_dir = self.data_dir / "logs"
        self.run_dir = self.data_dir / "run"
        self.postgres: EmbeddedPostgres | None = None
        self.redis: EmbeddedRedis | None = None
        self.nginx: Nginx | None = None
        # Every process by instance name (`booking_api`, `booking_api.2`, ...): the services' replicas,
        # then the extra processes, in start order.
        self.services: dict[str, RunningService] = {}
        self.port = config.port
        self.internal_port: int | None = None
        self.smtp_host = config.smtp_host or "127.0.0.1"
        self.smtp_port = config.smtp_port
        self._service_urls: dict[str, str] = {}
        self._client_secrets: dict[str, str] = {}
        self.admin_database_url = ""
        self.redis_url = ""
        self.database_urls: dict[str, str] = {}
        self.created_databases: list[str] = []
        self.timings: dict[str, float] = {}

    # -- addresses -------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def replicated(self) -> bool:
        return self.config.replicas > 1

    def service_url(self, name: str) -> str:
        """One process directly: `booking_api` is the first replica, `booking_api.2` the second."""
        return f"http://127.0.0.1:{self.services[name].port}"

    def replicas(self, name: str) -> list[RunningService]:
        """Every process of a service (or of an extra process such as booking_relay), first to last."""
        return [running for running in self.services.values() if running.spec.name == name]

    @property
    def mail_dir(self) -> Path:
        """Where the local SMTP sink writes each message as an .eml file."""
        return self.data_dir / "mail"

    @property
    def processes(self) -> list[str]:
        """Instance names of the extra processes this stack runs."""
        return [name for name, r in self.services.items() if isinstance(r.spec, ProcessSpec)]

    def _port(self, preferred: int) -> int:
        if self.config.free_ports or not port_is_free(preferred):
            return free_port()
        return preferred

    def _say(self, message: str) -> None:
        if not self.config.quiet:
            print(message, flush=True)

    # -- lifecycle -------------------------------------------------------------------------------
    def start(self) -> None:
        started = time.monotonic()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.run_dir.mkdir(parents=True, exist_ok=True)
        if self.config.free_ports:
            self.port = free_port()
        elif not port_is_free(self.port):
            raise SystemExit(f"Port {self.port} is taken; set KINOCLUB_PORT to another port.")
        try:
            self._phase("databases", self.start_databases)
            self._phase("migrations", self.migrate)
            self._phase("bootstrap data", self.bootstrap)
            self._plan()
            # nginx first: with replicas, services reach each other through its internal listener.
            self._phase("nginx", self._start_nginx)
            self._phase("services", self._start_services)
            self._phase("processes", self._start_processes)
            self._phase("gateway", self._wait_gateway)
            if self.config.demo:
                self._phase("demo data", self._seed_demo)
        except BaseException:
            self.stop()
            raise
        self.timings["total"] = time.monotonic() - started
        self._write_state()

    def _phase(self, name: str, action: Callable[[], None]) -> None:
        began = time.monotonic()
        action()
        self.timings[name] = time.monotonic() - began
        self._say(f"  {name:<15} {self.timings[name]:6.1f}s")

    def stop(self) -> None:
        if self.nginx:
            self.nginx.stop()
        # Extra processes first (the relay and worker talk to the services), then the services.
        terminate_all([r.proc for r in self._of_kind(ProcessSpec)])
        terminate_all([r.proc for r in self._of_kind(ServiceSpec)])
        if self.redis:
            self.redis.stop()
        if self.postgres:
            self.postgres.stop()

    def drop_databases(self) -> None:
        """Remove the databases this stack created on a configured server (tests use throwaway names)."""
        if self.postgres is None and self.created_databases and self.admin_database_url:
            drop_databases(self.admin_database_url, self.created_databases)

    # -- infrastructure ----------------------------------------------------------------------------
    def start_databases(self) -> None:
        cfg = self.config
        if cfg.database_url:
            self.admin_database_url = _with_database(cfg.database_url, "postgres")
            base = _database_name(cfg.database_url)
            base_url = cfg.database_url
        else:
            self.postgres = EmbeddedPostgres(
                self.data_dir, self._port(cfg.embedded_pg_port), self.log_dir / "postgres.log"
            )
            self.postgres.start()
            self.admin_database_url = self.postgres.admin_url
            base, base_url = cfg.namespace, self.postgres.admin_url
        to_create = []
        for spec in SERVICES:
            if not spec.has_database:
                continue
            if spec.name in cfg.service_database_urls:
                self.database_urls[spec.name] = cfg.service_database_urls[spec.name]
                continue
            name = f"{base}_{spec.db_suffix}"
            to_create.append(name)
            self.database_urls[spec.name] = _with_database(base_url, name)
        ensure_databases(self.admin_database_url, to_create)
        self.created_databases = to_create
        if cfg.redis_url:
            self.redis_url = cfg.redis_url
        else:
            self.redis = EmbeddedRedis(
                self.data_dir, self._port(cfg.embedded_redis_port), self.log_dir / "redis.log"
            )
            self.redis.start()
            self.redis_url = self.redis.url

    def migrate(self) -> None:
        from common.migrations import upgrade

        for spec in SERVICES:
            if spec.has_database:
                upgrade(spec.name, self.database_urls[spec.name])

    def bootstrap(self) -> None:
        """Reference data (the film catalog) always; demo users, places and events unless disabled."""
        for spec in SERVICES:
            try:
                module = importlib.import_module(f"{spec.name}.bootstrap")
            except ModuleNotFoundError as exc:
                if exc.name != f"{spec.name}.bootstrap":
                    raise
                continue
            asyncio.run(
                module.run(self.database_urls[spec.name], demo=self.config.demo, data_dir=self.data_dir)
            )

    # -- services ----------------------------------------------------------------------------------
    def _secrets(self) -> dict[str, str]:
        path = self.data_dir / "secrets.json"
        known = json.loads(path.read_text()) if path.exists() else {}
        for spec in SERVICES:
            known.setdefault(spec.name, secrets.token_urlsafe(32))
        path.write_text(json.dumps(known, indent=2))
        path.chmod(0o600)
        return known

    def _process_specs(self) -> list[ProcessSpec]:
        # With an SMTP server configured, mail goes there and no sink is needed.
        return [spec for spec in PROCESSES if not (spec.name == SMTP_SINK and self.config.smtp_host)]

    def _plan(self) -> None:
        """Every process with its port (replica N prefers the first one's port + 100 * (N - 1)), and the
        address each service reaches the others at."""
        self._client_secrets = self._secrets()
        for spec in SERVICES:
            for replica in range(1, self.config.replicas + 1):
                running = RunningService(
                    spec=spec,
                    port=self._port(spec.port + 100 * (replica - 1)),
                    env={},
                    log_path=self.log_dir / f"{instance_name(spec.name, replica)}.log",
                    replica=replica,
                )
                self.services[running.name] = running
        for process in self._process_specs():
            count = 1 if process.port is not None else self.config.process_replicas
            for replica in range(1, count + 1):
                running = RunningService(
                    spec=process,
                    port=self._port(process.port) if process.port is not None else None,
                    env={},
                    log_path=self.log_dir / f"{instance_name(process.name, replica)}.log",
                    ready_file=self.run_dir / f"{instance_name(process.name, replica)}.ready",
                    replica=replica,
                )
                self.services[running.name] = running
        if not self.config.smtp_host:
            self.smtp_port = self.services[SMTP_SINK].port or self.smtp_port
        if self.replicated:
            self.internal_port = self._port(self.port + 90)
        for name in URL_SETTINGS:
            port = self.internal_port if self.replicated else self.services[name].port
            self._service_urls[name] = f"http://127.0.0.1:{port}"
        for running in self.services.values():
            if isinstance(running.spec, ServiceSpec):
                running.env = self._service_env(running.spec)
            elif running.spec.env_of is not None:
                running.env = {
                    **self._service_env(BY_NAME[running.spec.env_of]),
                    "READY_FILE": str(running.ready_file),
                }
            else:
                running.env = {
                    **os.environ,
                    "PYTHONUNBUFFERED": "1",
                    **self.config.env,
                    "READY_FILE": str(running.ready_file),
                }

    def _service_env(self, spec: ServiceSpec) -> dict[str, str]:
        cfg = self.config
        env = {
            **os.environ,
            "PYTHONUNBUFFERED": "1",
            "DATABASE_URL": self.database_urls.get(spec.name, ""),
            "REDIS_URL": cfg.service_redis_urls.get(spec.name, self.redis_url),
            "REDIS_PREFIX": f"{cfg.namespace}:{spec.name}:",
            # Ended sessions and bans: written by auth, read by every service (common/revocation.py).
            "REVOCATION_REDIS_PREFIX": f"{cfg.namespace}:revocations:",
            "PUBLIC_BASE_URL": f"http://localhost:{self.port}",
            "DATA_DIR": str(self.data_dir),
            "SERVICE_CLIENT_ID": spec.name,
            "SERVICE_CLIENT_SECRET": self._client_secrets[spec.name],
            "FORWARDED_ALLOW_IPS": "127.0.0.1",
            "SMTP_HOST": self.smtp_host,
            "SMTP_PORT": str(self.smtp_port),
        }
        for name, setting in URL_SETTINGS.items():
            env[setting] = self._service_urls[name]
        if spec.name == "auth_api":
            # Only auth, which checks them, knows every service's secret; each service knows its own.
            env["SERVICE_CLIENTS"] = json.dumps(self._client_secrets)
        env.update(cfg.env)
        return env

    def _of_kind(self, kind: type[ServiceSpec] | type[ProcessSpec]) -> list[RunningService]:
        return [running for running in self.services.values() if isinstance(running.spec, kind)]

    def _start_services(self) -> None:
        self._start_all(self._of_kind(ServiceSpec))

    def _start_processes(self) -> None:
        """The relays, the notification workers and the SMTP sink: after the services, with their env."""
        self._start_all(self._of_kind(ProcessSpec))

    def _start_all(self, instances: list[RunningService]) -> None:
        for running in instances:
            self._spawn(running)
        for running in instances:
            self._wait_ready(running)

    def _process_command(self, running: RunningService, spec: ProcessSpec) -> list[str]:
        command = [sys.executable, "-m", spec.module, *spec.args]
        if spec.name == SMTP_SINK:
            command += ["--host", "127.0.0.1", "--port", str(running.port), "--dir", str(self.mail_dir)]
        return command

    def _spawn(self, running: RunningService) -> None:
        spec = running.spec
        if isinstance(spec, ProcessSpec):
            if running.ready_file is not None:
                running.ready_file.unlink(missing_ok=True)
            running.proc = spawn(
                self._process_command(running, spec), log_path=running.log_path, env=running.env, cwd=ROOT
            )
            return
        running.proc = spawn(
            [
                sys.executable,
                "-m",
                "uvicorn",
                f"{spec.name}.main:create_app",
                "--factory",
                "--host",
                "127.0.0.1",
                "--port",
                str(running.port),
                "--workers",
                # Replicas are the unit of scale, one worker each (as a Kubernetes pod runs one).
                str(1 if self.replicated else spec.workers),
                "--no-access-log",
                "--proxy-headers",
                "--log-level",
                "warning",
                "--timeout-graceful-shutdown",
                "5",
            ],
            log_path=running.log_path,
            env=running.env,
            cwd=ROOT,
        )

    def _wait_ready(self, running: RunningService, timeout: float = 60) -> None:
        if isinstance(running.spec, ProcessSpec):
            self._wait_process(running, timeout)
            return
        url = f"http://127.0.0.1:{running.port}{running.spec.prefix}/ready"
        wait_until(
            lambda: _answers(url),
            timeout=timeout,
            what=running.name,
            proc=running.proc,
            log_path=running.log_path,
        )

    def _wait_process(self, running: RunningService, timeout: float) -> None:
        ready_file = running.ready_file

        def working() -> bool:
            if ready_file is None or running.proc is None:
                return True
            try:
                return ready_file.read_text().strip() == str(running.proc.pid)
            except OSError:
                return False

        wait_until(working, timeout=timeout, what=running.name, proc=running.proc, log_path=running.log_path)

    def _selected(self, name: str, replica: int | None) -> list[RunningService]:
        if replica is None and name in self.services and self.services[name].replica > 1:
            return [self.services[name]]
        chosen = [r for r in self.replicas(name) if replica is None or r.replica == replica]
        if not chosen:
            raise KeyError(f"no process {name}" + (f" replica {replica}" if replica else ""))
        return chosen

    def stop_service(self, name: str, replica: int | None = None) -> None:
        """Stop every process of a service (SIGTERM, as a rolling restart would), or only `replica`."""
        terminate_all([running.proc for running in self._selected(name, replica)])

    def start_service(self, name: str, replica: int | None = None) -> None:
        """Start again whatever of the service (or of `replica` alone) is not running, and wait for it."""
        stopped = [r for r in self._selected(name, replica) if r.proc is None or r.proc.poll() is not None]
        self._start_all(stopped)
        spec = stopped[0].spec if stopped else None
        if self.replicated and isinstance(spec, ServiceSpec) and self.nginx is not None:
            # nginx leaves replicas that refused it out for a moment (fail_timeout): wait until it routes
            # to the service again, as a caller right after this would expect.
            wait_until(
                lambda: _answers(f"{self.url}{spec.prefix}/health"),
                timeout=10,
                what=f"nginx routing to {name}",
                proc=self.nginx.proc,
                log_path=self.log_dir / "nginx-error.log",
            )
        self._write_state()

    def nginx_values(self) -> dict[str, str | list[str]]:
        values: dict[str, str | list[str]] = {
            spec.upstream_var: [f"127.0.0.1:{r.port}" for r in self.replicas(spec.name)] for spec in SERVICES
        }
        values.update(
            LISTEN_PORT=str(self.port),
            ACCESS_LOG=str(self.log_dir / "nginx-access.log"),
            CLIENT_MAX_BODY_SIZE="1m",
            LOGIN_RATE="5r/s",
            LOGIN_BURST="10",
            BOOKING_WRITE_RATE="10r/s",
            BOOKING_WRITE_BURST="20",
            INVITE_LOOKUP_RATE="2r/s",
            INVITE_LOOKUP_BURST="10",
            INVITE_LOOKUP_ADDRESS_RATE="20r/s",
            INVITE_LOOKUP_ADDRESS_BURST="100",
            PROXY_READ_TIMEOUT="30s",
        )
        if self.internal_port is not None:
            values["INTERNAL_LISTEN"] = f"127.0.0.1:{self.internal_port}"
        values.update(self.config.nginx)
        return values

    def _start_nginx(self) -> None:
        templates = [TEMPLATE, INTERNAL_TEMPLATE] if self.replicated else [TEMPLATE]
        self.nginx = Nginx(self.run_dir, self.log_dir, self.nginx_values(), templates=templates)
        self.nginx.start()

    def _wait_gateway(self) -> None:
        wait_until(
            lambda: _answers(f"{self.url}/booking/health"),
            timeout=30,
            what="nginx",
            proc=self.nginx.proc if self.nginx else None,
            log_path=self.log_dir / "nginx-error.log",
        )

    def _seed_demo(self) -> None:
        from devstack.demo import seed

        seed(
            auth_url=self.service_url("auth_api"),
            booking_url=self.service_url("booking_api"),
            movie_url=self.service_url("movie_api"),
            booking_database_url=self.database_urls.get("booking_api"),
        )

    def _write_state(self) -> None:
        state = {
            "url": self.url,
            "port": self.port,
            "replicas": self.config.replicas,
            "internal_url": f"http://127.0.0.1:{self.internal_port}" if self.internal_port else None,
            "services": {
                name: {"port": r.port, "pid": r.proc.pid if r.proc else None, "log": str(r.log_path)}
                for name, r in self.services.items()
            },
            "database_urls": self.database_urls,
            "redis_url": self.redis_url,
        }
        (self.run_dir / "stack.json").write_text(json.dumps(state, indent=2))

    def dead_services(self) -> list[str]:
        return [name for name, r in self.services.items() if r.proc is not None and r.proc.poll() is not None]

    def describe_failure(self, name: str) -> str:
        return tail(self.services[name].log_path)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - a local URL
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False
