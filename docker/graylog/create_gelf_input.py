"""One-shot `graylog-init` container: make sure Graylog has the GELF UDP input the services log to.

Waits for Graylog's REST API, then creates a global GELF UDP input on GELF_PORT (12201) unless an input
with the same title already exists, so running it again changes nothing. Standard library only: it runs
in the plain python image.

Environment: GRAYLOG_URL (http://graylog:9000), GRAYLOG_USER (admin), GRAYLOG_PASSWORD (admin, the dev
password whose SHA-256 is GRAYLOG_ROOT_PASSWORD_SHA2 in docker-compose.yml), GELF_PORT (12201),
GELF_INPUT_TITLE (kinoclub-gelf-udp), GRAYLOG_WAIT_SECONDS (300).
"""

import base64
import json
import os
import sys
import time
import urllib.error
import urllib.request

BASE_URL = os.environ.get("GRAYLOG_URL", "http://graylog:9000").rstrip("/")
USER = os.environ.get("GRAYLOG_USER", "admin")
PASSWORD = os.environ.get("GRAYLOG_PASSWORD", "admin")
PORT = int(os.environ.get("GELF_PORT", "12201"))
TITLE = os.environ.get("GELF_INPUT_TITLE", "kinoclub-gelf-udp")
WAIT_SECONDS = float(os.environ.get("GRAYLOG_WAIT_SECONDS", "300"))
GELF_UDP = "org.graylog2.inputs.gelf.udp.GELFUDPInput"


def call(method: str, path: str, body: dict | None = None) -> dict:
    token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    request = urllib.request.Request(  # noqa: S310 - a fixed http URL inside the compose network
        f"{BASE_URL}{path}",
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={
            "Authorization": f"Basic {token}",
            "Accept": "application/json",
            "Content-Type": "application/json",
            # Graylog rejects state-changing API calls without this header (CSRF protection).
            "X-Requested-By": "kinoclub-graylog-init",
        },
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        raw = response.read()
    return json.loads(raw) if raw else {}


def existing_inputs() -> list[dict]:
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        try:
            return call("GET", "/api/system/inputs").get("inputs", [])
        except (urllib.error.URLError, OSError, ValueError) as exc:
            if time.monotonic() >= deadline:
                raise SystemExit(f"graylog-init: Graylog API at {BASE_URL} did not answer: {exc}") from exc
            print(f"graylog-init: waiting for Graylog ({exc})", flush=True)
            time.sleep(5)


def main() -> int:
    inputs = existing_inputs()
    for item in inputs:
        if item.get("title") == TITLE:
            print(f"graylog-init: input {TITLE!r} exists (id {item.get('id')}); nothing to do", flush=True)
            return 0
    created = call(
        "POST",
        "/api/system/inputs",
        {
            "title": TITLE,
            "type": GELF_UDP,
            "global": True,
            "configuration": {
                "bind_address": "0.0.0.0",  # inside the Graylog container
                "port": PORT,
                "recv_buffer_size": 262144,
                "number_worker_threads": 2,
                "decompress_size_limit": 8388608,
                "override_source": None,
            },
        },
    )
    print(
        f"graylog-init: created GELF UDP input {TITLE!r} on port {PORT} (id {created.get('id')})", flush=True
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
