"""nginx's own errors under the API prefixes are JSON in the services' shape (issue 15), and the
internal service-to-service routes are not reachable through it."""

import httpx
import pytest

from devstack.stack import Stack
from tests.support import client_from


def _error(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text[:300]
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code and body["detail"]
    assert response.headers.get("x-request-id")


def test_a_uri_too_long_is_a_json_414(stack: Stack) -> None:
    with client_from(stack) as client:
        _error(client.get("/auth/v1/" + "a" * 20_000), 414, "uri_too_long")


def test_headers_too_large_are_a_json_400(stack: Stack) -> None:
    with client_from(stack) as client:
        _error(client.get("/ugc/v1/reviews", headers={"X-Big": "b" * 20_000}), 400, "header_too_large")


@pytest.mark.parametrize("prefix", ["/auth/v1/me", "/booking/v1/events", "/notification/v1/inbox"])
def test_a_method_nginx_refuses_is_a_json_405(stack: Stack, prefix: str) -> None:
    with client_from(stack) as client:
        _error(client.request("TRACE", prefix), 405, "method_not_allowed")


@pytest.mark.parametrize(
    "path",
    [
        "/ugc/v1/internal/events",
        "/notification/v1/internal/users/00000000-0000-4000-8000-000000000001/export",
        "/booking/v1/internal/events",
        "/url/v1/internal/users/x/export",
    ],
)
def test_internal_routes_are_not_routed(stack: Stack, path: str) -> None:
    with client_from(stack) as client:
        _error(client.post(path, json={}), 404, "not_found")
