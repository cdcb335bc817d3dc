"""nginx for the local stack: find (or install) the binary, render the shared template, run it."""

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from devstack.procs import spawn, terminate

TEMPLATE = Path(__file__).resolve().parent.parent / "nginx" / "kinoclub.conf.template"
# Service-to-service traffic when services run in replicas (devstack only; Kubernetes has Services).
INTERNAL_TEMPLATE = TEMPLATE.with_name("internal.conf.template")
_VARIABLE = re.compile(r"\$\{([A-Z][A-Z0-9_]*)\}")


def template_variables(text: str) -> set[str]:
    return set(_VARIABLE.findall(text))


def render(text: str, values: Mapping[str, str | list[str]]) -> str:
    """Fill `${NAME}` the way envsubst does for defined names; a missing one is an error here.

    A value may be a list (the addresses of a service's replicas): the line that holds it is repeated
    once per item, so `server ${BOOKING_API_ADDR};` becomes one `server` line per replica, while
    envsubst (docker compose) fills the same line with its one address."""
    missing = template_variables(text) - values.keys()
    if missing:
        raise KeyError(f"nginx template needs {sorted(missing)}")
    lines = []
    for line in text.splitlines(keepends=True):
        lists = [name for name in template_variables(line) if isinstance(values[name], list)]
        if len(lists) > 1:
            raise ValueError(f"one line of an nginx template may repeat for one list only: {line!r}")
        items = values[lists[0]] if lists else [""]
        for item in items:
            filled = {**values, lists[0]: item} if lists else dict(values)
            lines.append(_fill(line, filled))
    return "".join(lines)


def _fill(line: str, values: Mapping[str, str | list[str]]) -> str:
    return _VARIABLE.sub(lambda match: str(values[match.group(1)]), line)


def find_nginx() -> str | None:
    for candidate in (
        shutil.which("nginx"),
        "/usr/sbin/nginx",
        "/usr/local/sbin/nginx",
        "/opt/homebrew/bin/nginx",
    ):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def ensure_nginx() -> str:
    """Return the nginx binary, installing it with apt-get when we are root on Debian/Ubuntu."""
    found = find_nginx()
    if found:
        return found
    if shutil.which("apt-get") and os.geteuid() == 0:
        print("nginx is missing: installing it with apt-get ...", file=sys.stderr)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        install = ["apt-get", "install", "-y", "--no-install-recommends", "nginx"]
        if subprocess.run(install, env=env, check=False).returncode != 0:
            subprocess.run(["apt-get", "update"], env=env, check=False)
            subprocess.run(install, env=env, check=False)
        found = find_nginx()
        if found:
            return found
    raise SystemExit(
        "nginx is required and was not found.\n"
        "  Debian/Ubuntu: sudo apt-get install -y nginx\n"
        "  Fedora:        sudo dnf install -y nginx\n"
        "  macOS:         brew install nginx\n"
        "then run `make run` again (or set NGINX_BIN to its path)."
    )


class Nginx:
    def __init__(
        self,
        run_dir: Path,
        log_dir: Path,
        values: Mapping[str, str | list[str]],
        *,
        templates: Sequence[Path] = (TEMPLATE,),
    ):
        self.run_dir = run_dir
        self.log_dir = log_dir
        self.values = values
        self.templates = list(templates)
        self.proc: subprocess.Popen[bytes] | None = None
        self.binary = os.environ.get("NGINX_BIN") or ensure_nginx()

    @property
    def conf_path(self) -> Path:
        return self.run_dir / "nginx.conf"

    def write_config(self) -> Path:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        sites = []
        for template in self.templates:
            site = self.run_dir / template.name.removesuffix(".template")
            site.write_text(render(template.read_text(), self.values))
            sites.append(site)
        temp = self.run_dir / "nginx-temp"
        temp.mkdir(exist_ok=True)
        mime = Path("/etc/nginx/mime.types")
        user = "user root;\n" if os.geteuid() == 0 else ""
        self.conf_path.write_text(
            f"{user}worker_processes 2;\n"
            f"pid {self.run_dir / 'nginx.pid'};\n"
            f"error_log {self.log_dir / 'nginx-error.log'} warn;\n"
            "events { worker_connections 4096; }\n"
            "http {\n"
            + (f"    include {mime};\n" if mime.exists() else "")
            + "    default_type application/octet-stream;\n"
            "    sendfile on;\n    tcp_nodelay on;\n    keepalive_timeout 65;\n"
            + "".join(
                f"    {kind}_temp_path {temp / kind};\n"
                for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
            )
            + "".join(f"    include {site};\n" for site in sites)
            + "}\n"
        )
        return self.conf_path

    def test_config(self) -> None:
        conf = self.write_config()
        result = subprocess.run(
            [self.binary, "-t", "-q", "-p", str(self.run_dir), "-c", str(conf), "-g", "daemon off;"],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"nginx rejected its config:\n{result.stderr}")

    def start(self) -> None:
        self.test_config()
        self.proc = spawn(
            [self.binary, "-p", str(self.run_dir), "-c", str(self.conf_path), "-g", "daemon off;"],
            log_path=self.log_dir / "nginx.out",
        )

    def stop(self) -> None:
        # SIGQUIT: graceful shutdown, finishing requests in flight.
        import signal

        terminate(self.proc, sig=signal.SIGQUIT, timeout=10)
