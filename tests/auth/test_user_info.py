"""The brief's `user_info/{uuid}` (POST, and its GET twin), the batch form, and email privacy."""

import uuid

import httpx
import pytest

from common.demo import DEMO_USERS
from devstack.stack import Stack
from tests.factories import admin, new_user, service_headers

ADMIN_DEMO = DEMO_USERS[6]


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_user_info_gives_id_name_groups_and_joined_date(
    stack: Stack, gateway: httpx.Client, method: str
) -> None:
    user = new_user(stack, name="Info Person")
    response = gateway.request(method, f"/auth/v1/user_info/{user.id}")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["id"] == str(user.id)
    assert body["name"] == "Info Person"
    assert body["groups"] == ["users"]
    assert body["joined_at"].endswith(("Z", "+00:00"))
    assert body["email"] is None


def test_demo_users_exist_with_their_fixed_ids_and_groups(gateway: httpx.Client) -> None:
    for demo in DEMO_USERS:
        body = gateway.post(f"/auth/v1/user_info/{demo.id}").json()
        assert body["name"] == demo.name
        assert set(body["groups"]) == {"users", *demo.groups}


def test_user_sees_their_own_email(stack: Stack, gateway: httpx.Client) -> None:
    user = new_user(stack)
    body = gateway.post(f"/auth/v1/user_info/{user.id}", headers=user.headers).json()
    assert body["email"] == user.email


def test_another_user_does_not_see_the_email(stack: Stack, gateway: httpx.Client) -> None:
    user, other = new_user(stack), new_user(stack)
    body = gateway.post(f"/auth/v1/user_info/{user.id}", headers=other.headers).json()
    assert body["email"] is None


def test_admin_sees_the_email(stack: Stack, gateway: httpx.Client) -> None:
    user = new_user(stack)
    body = gateway.post(f"/auth/v1/user_info/{user.id}", headers=admin(stack).headers).json()
    assert body["email"] == user.email


def test_a_service_sees_the_email(stack: Stack, gateway: httpx.Client) -> None:
    user = new_user(stack)
    body = gateway.post(
        f"/auth/v1/user_info/{user.id}", headers=service_headers(stack, "notification")
    ).json()
    assert body["email"] == user.email


@pytest.mark.parametrize("method", ["POST", "GET"])
@pytest.mark.parametrize("bad_id", ["not-a-uuid", "123", "00000000-0000-4000-8000-00000000000Z"])
def test_malformed_uuid_is_a_validation_error(gateway: httpx.Client, method: str, bad_id: str) -> None:
    response = gateway.request(method, f"/auth/v1/user_info/{bad_id}")
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_unknown_user_is_a_404(gateway: httpx.Client, method: str) -> None:
    response = gateway.request(method, f"/auth/v1/user_info/{uuid.uuid4()}")
    assert response.status_code == 404
    assert response.json()["code"] == "user_not_found"


def test_a_bad_token_on_user_info_is_a_401_not_an_anonymous_answer(gateway: httpx.Client) -> None:
    response = gateway.post(f"/auth/v1/user_info/{ADMIN_DEMO.id}", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401


def test_users_batch_returns_known_profiles_in_the_order_asked(stack: Stack, gateway: httpx.Client) -> None:
    first, second = new_user(stack), new_user(stack)
    response = gateway.get(
        "/auth/v1/users",
        params=[("id", str(second.id)), ("id", str(uuid.uuid4())), ("id", str(first.id))],
        headers=service_headers(stack, "booking_api"),
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert [u["id"] for u in body] == [str(second.id), str(first.id)]
    assert [u["email"] for u in body] == [second.email, first.email]


def test_users_batch_needs_at_least_one_valid_id(gateway: httpx.Client) -> None:
    assert gateway.get("/auth/v1/users").status_code == 422
    assert gateway.get("/auth/v1/users", params={"id": "nope"}).status_code == 422
    too_many = [("id", str(uuid.uuid4())) for _ in range(101)]
    assert gateway.get("/auth/v1/users", params=too_many).status_code == 422
