"""Helpers of the UGC tests."""

from typing import Any

import httpx

UNKNOWN_ID = "00000000-0000-4000-8000-00000000beef"
MALFORMED_IDS = ("not-a-uuid", "12345", "00000000-0000-4000-8000-00000000beeg", "%ED%A0%80", "%ff%fe")


def ok(response: httpx.Response, status: int = 200) -> Any:
    """The JSON body of a response that must have `status`."""
    assert response.status_code == status, f"{response.status_code}: {response.text}"
    return response.json() if response.content else None


def error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """The body of an error answer that must have this status and code."""
    assert response.status_code == status, f"{response.status_code}: {response.text}"
    body = response.json()
    assert body["code"] == code, body
    assert body["detail"]
    return body


def ids(page: dict[str, Any], field: str = "user_id") -> list[str]:
    return [item[field] for item in page["items"]]
