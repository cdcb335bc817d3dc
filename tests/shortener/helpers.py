"""Helpers of the URL shortener tests."""

import time
from typing import Any

import httpx

LINKS = "/url/v1/links"


def shorten(gateway: httpx.Client, headers: dict[str, str], url: str, **fields: Any) -> httpx.Response:
    return gateway.post(LINKS, json={"url": url, **fields}, headers=headers)


def created(gateway: httpx.Client, headers: dict[str, str], url: str, **fields: Any) -> dict[str, Any]:
    response = shorten(gateway, headers, url, **fields)
    assert response.status_code == 201, response.text
    return response.json()


def stats(gateway: httpx.Client, headers: dict[str, str], code: str) -> dict[str, Any]:
    response = gateway.get(f"{LINKS}/{code}", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def wait_for_clicks(
    gateway: httpx.Client, headers: dict[str, str], code: str, at_least: int, timeout: float = 15
) -> int:
    """Poll the stats until the flushed count reaches `at_least` (flushes run about every second)."""
    deadline = time.monotonic() + timeout
    clicks = stats(gateway, headers, code)["clicks"]
    while clicks < at_least and time.monotonic() < deadline:
        time.sleep(0.2)
        clicks = stats(gateway, headers, code)["clicks"]
    return clicks
