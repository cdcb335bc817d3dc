"""Refresh-token rotation, reuse detection and logout."""

from concurrent.futures import ThreadPoolExecutor

import httpx
import jwt

from devstack.stack import Stack
from tests.factories import admin, new_user


def _refresh(client: httpx.Client, token: str) -> httpx.Response:
    return client.post("/auth/v1/refresh", json={"refresh_token": token})


def test_refresh_returns_a_new_pair_and_the_new_access_token_works(
    stack: Stack, gateway: httpx.Client
) -> None:
    user = new_user(stack)
    response = _refresh(gateway, user.refresh_token)
    assert response.status_code == 200, response.text
    pair = response.json()
    assert pair["refresh_token"] != user.refresh_token
    assert pair["access_token"] != user.access_token
    me = gateway.get("/auth/v1/me", headers={"Authorization": f"Bearer {pair['access_token']}"})
    assert me.status_code == 200
    assert me.json()["id"] == str(user.id)


def test_refresh_token_used_twice_is_rejected_and_revokes_its_family(
    stack: Stack, gateway: httpx.Client
) -> None:
    user = new_user(stack)
    second = _refresh(gateway, user.refresh_token).json()["refresh_token"]

    reused = _refresh(gateway, user.refresh_token)
    assert reused.status_code == 401
    assert reused.json()["code"] == "refresh_token_reused"

    # The thief or the owner holding the newer token is signed out too.
    after = _refresh(gateway, second)
    assert after.status_code == 401
    assert after.json()["code"] == "invalid_refresh_token"


def test_reuse_in_one_session_leaves_the_users_other_sessions_alone(
    stack: Stack, gateway: httpx.Client
) -> None:
    user = new_user(stack)
    other_session = gateway.post(
        "/auth/v1/login", json={"email": user.email, "password": user.password}
    ).json()["refresh_token"]
    _refresh(gateway, user.refresh_token)
    assert _refresh(gateway, user.refresh_token).status_code == 401

    assert _refresh(gateway, other_session).status_code == 200


def test_concurrent_refreshes_of_one_token_let_exactly_one_through(stack: Stack) -> None:
    user = new_user(stack)
    with (
        httpx.Client(base_url=stack.service_url("auth_api"), timeout=10) as client,
        ThreadPoolExecutor(max_workers=6) as pool,
    ):
        statuses = sorted(pool.map(lambda _: _refresh(client, user.refresh_token).status_code, range(6)))
    assert statuses == [200, 401, 401, 401, 401, 401]


def test_unknown_refresh_token_is_a_401(gateway: httpx.Client) -> None:
    response = _refresh(gateway, "not-a-token-auth-ever-issued")
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_refresh_token"


def test_an_access_token_is_not_a_refresh_token(stack: Stack, gateway: httpx.Client) -> None:
    user = new_user(stack)
    response = _refresh(gateway, user.access_token)
    assert response.status_code in (401, 422)


def test_refreshed_access_token_carries_groups_granted_since_sign_in(
    stack: Stack, gateway: httpx.Client
) -> None:
    user = new_user(stack)
    granted = gateway.put(f"/auth/v1/groups/moderator/members/{user.id}", headers=admin(stack).headers)
    assert granted.status_code == 204
    pair = _refresh(gateway, user.refresh_token).json()
    assert jwt.decode(pair["access_token"], options={"verify_signature": False})["groups"] == [
        "moderator",
        "users",
    ]


def test_logout_revokes_the_refresh_token(stack: Stack, gateway: httpx.Client) -> None:
    user = new_user(stack)
    response = gateway.post("/auth/v1/logout", json={"refresh_token": user.refresh_token})
    assert response.status_code == 204
    after = _refresh(gateway, user.refresh_token)
    assert after.status_code == 401
    assert after.json()["code"] == "invalid_refresh_token"


def test_logout_with_an_unknown_or_already_revoked_token_is_still_204(
    stack: Stack, gateway: httpx.Client
) -> None:
    user = new_user(stack)
    assert gateway.post("/auth/v1/logout", json={"refresh_token": "never-issued"}).status_code == 204
    assert gateway.post("/auth/v1/logout", json={"refresh_token": user.refresh_token}).status_code == 204
    assert gateway.post("/auth/v1/logout", json={"refresh_token": user.refresh_token}).status_code == 204


def test_refresh_without_a_token_is_a_validation_error(gateway: httpx.Client) -> None:
    response = gateway.post("/auth/v1/refresh", json={})
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


def test_logout_with_nothing_to_end_is_204_and_an_unknown_field_is_422(gateway: httpx.Client) -> None:
    assert gateway.post("/auth/v1/logout", json={}).status_code == 204
    assert gateway.post("/auth/v1/logout").status_code == 204
    refused = gateway.post("/auth/v1/logout", json={"refresh_token": "x", "all": True})
    assert (refused.status_code, refused.json()["code"]) == (422, "validation_error")
