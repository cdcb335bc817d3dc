"""Signing out means signed out: a session that ends takes its access tokens with it, in every service
within a second; sessions can be listed and ended one by one or all at once (issue 15)."""

import time

import httpx
import pytest

from devstack.stack import Stack
from tests.factories import TestUser, login, new_user

# A route of each service that needs a signed-in person and changes nothing.
SIGNED_IN_READS = ("/booking/v1/bookings", "/ugc/v1/me/subscriptions", "/notification/v1/inbox")


def _statuses(gateway: httpx.Client, user: TestUser) -> list[int]:
    return [gateway.get(path, headers=user.headers).status_code for path in (*SIGNED_IN_READS, "/auth/v1/me")]


def _refused_everywhere(gateway: httpx.Client, user: TestUser) -> None:
    for path in (*SIGNED_IN_READS, "/auth/v1/me"):
        response = gateway.get(path, headers=user.headers)
        assert response.status_code == 401, f"{path}: {response.status_code} {response.text}"
        assert response.json()["code"] == "invalid_token"


def test_an_access_token_used_one_second_after_logout_is_refused_by_every_service(
    stack: Stack, gateway: httpx.Client
) -> None:
    user = new_user(stack)
    assert _statuses(gateway, user) == [200, 200, 200, 200]
    assert gateway.post("/auth/v1/logout", json={"refresh_token": user.refresh_token}).status_code == 204
    time.sleep(1)
    _refused_everywhere(gateway, user)
    refreshed = gateway.post("/auth/v1/refresh", json={"refresh_token": user.refresh_token})
    assert refreshed.status_code == 401


def test_logout_with_the_access_token_alone_ends_its_session(stack: Stack, gateway: httpx.Client) -> None:
    user = new_user(stack)
    assert gateway.post("/auth/v1/logout", headers=user.headers).status_code == 204
    time.sleep(1)
    _refused_everywhere(gateway, user)
    assert gateway.post("/auth/v1/refresh", json={"refresh_token": user.refresh_token}).status_code == 401
    # Signing out again with the dead token is not an error.
    assert gateway.post("/auth/v1/logout", headers=user.headers).status_code == 204


def test_logout_ends_only_its_own_session(stack: Stack, gateway: httpx.Client) -> None:
    laptop = new_user(stack)
    phone = login(stack, laptop.email, laptop.password)
    gateway.post("/auth/v1/logout", json={"refresh_token": laptop.refresh_token})
    time.sleep(1)
    assert gateway.get("/auth/v1/me", headers=laptop.headers).status_code == 401
    assert _statuses(gateway, phone) == [200, 200, 200, 200]


def test_my_sessions_list_device_times_and_which_is_current(stack: Stack, gateway: httpx.Client) -> None:
    user = new_user(stack)
    with httpx.Client(base_url=stack.service_url("auth_api"), timeout=10) as auth:
        auth.post(
            "/auth/v1/login",
            json={"email": user.email, "password": user.password},
            headers={"User-Agent": "Firefox on the kitchen tablet", "X-Forwarded-For": "198.18.7.7"},
        )
    listed = gateway.get("/auth/v1/me/sessions", headers=user.headers)
    assert listed.status_code == 200, listed.text
    body = listed.json()
    assert body["total"] == 2 and {"items", "page", "size"} <= set(body)
    assert sum(item["current"] for item in body["items"]) == 1
    tablet = next(item for item in body["items"] if not item["current"])
    assert tablet["device"] == "Firefox on the kitchen tablet"
    assert tablet["ip_address"] == "198.18.7.7"
    assert {"created_at", "last_used_at", "expires_at", "id"} <= set(tablet)


def test_ending_one_session_from_the_list(stack: Stack, gateway: httpx.Client) -> None:
    user = new_user(stack)
    other = login(stack, user.email, user.password)
    sessions = gateway.get("/auth/v1/me/sessions", headers=user.headers).json()["items"]
    target = next(item["id"] for item in sessions if not item["current"])
    assert gateway.delete(f"/auth/v1/me/sessions/{target}", headers=user.headers).status_code == 204
    time.sleep(1)
    _refused_everywhere(gateway, other)
    assert gateway.post("/auth/v1/refresh", json={"refresh_token": other.refresh_token}).status_code == 401
    assert gateway.get("/auth/v1/me", headers=user.headers).status_code == 200
    assert [s["id"] for s in gateway.get("/auth/v1/me/sessions", headers=user.headers).json()["items"]] != [
        target
    ]


def test_nobody_ends_someone_elses_session(stack: Stack, gateway: httpx.Client) -> None:
    owner, stranger = new_user(stack), new_user(stack)
    session = gateway.get("/auth/v1/me/sessions", headers=owner.headers).json()["items"][0]["id"]
    refused = gateway.delete(f"/auth/v1/me/sessions/{session}", headers=stranger.headers)
    assert (refused.status_code, refused.json()["code"]) == (404, "session_not_found")
    assert gateway.get("/auth/v1/me", headers=owner.headers).status_code == 200


@pytest.mark.parametrize("how", ["delete", "logout"])
def test_sign_out_everywhere(stack: Stack, gateway: httpx.Client, how: str) -> None:
    user = new_user(stack)
    other = login(stack, user.email, user.password)
    if how == "delete":
        assert gateway.delete("/auth/v1/me/sessions", headers=user.headers).status_code == 204
    else:
        ended = gateway.post("/auth/v1/logout", json={"everywhere": True}, headers=user.headers)
        assert ended.status_code == 204
    time.sleep(1)
    _refused_everywhere(gateway, user)
    _refused_everywhere(gateway, other)
    assert gateway.post("/auth/v1/refresh", json={"refresh_token": other.refresh_token}).status_code == 401
    fresh = login(stack, user.email, user.password)
    assert gateway.get("/auth/v1/me/sessions", headers=fresh.headers).json()["total"] == 1


def test_a_reused_refresh_token_ends_the_session_and_its_access_tokens(
    stack: Stack, gateway: httpx.Client
) -> None:
    user = new_user(stack)
    rotated = gateway.post("/auth/v1/refresh", json={"refresh_token": user.refresh_token}).json()
    reused = gateway.post("/auth/v1/refresh", json={"refresh_token": user.refresh_token})
    assert reused.json()["code"] == "refresh_token_reused"
    time.sleep(1)
    thief = {"Authorization": f"Bearer {rotated['access_token']}"}
    assert gateway.get("/ugc/v1/me/subscriptions", headers=thief).status_code == 401
