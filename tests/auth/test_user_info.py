"""The brief's `user_info/{uuid}` (POST, and its GET twin), the batch forms, and privacy: anyone sees
a public profile (name, verified flag, member since); the whole account (email, groups, language) only
the person, admins and services (issue 15)."""

import uuid

import httpx
import pytest

from common.demo import DEMO_USERS
from devstack.stack import Stack
from tests.factories import admin, new_user, service_headers

ADMIN_DEMO = DEMO_USERS[6]


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_user_info_of_someone_else_is_the_public_profile_only(
    stack: Stack, gateway: httpx.Client, method: str
) -> None:
    user, other = new_user(stack, name="Info Person"), new_user(stack)
    for headers in (None, other.headers):
        response = gateway.request(method, f"/auth/v1/user_info/{user.id}", headers=headers)
        assert response.status_code == 200, response.text
        body = response.json()
        assert set(body) == {"id", "name", "email_verified", "joined_at"}
        assert body["id"] == str(user.id)
        assert body["name"] == "Info Person"
        assert body["email_verified"] is False
        assert body["joined_at"].endswith(("Z", "+00:00"))


def test_demo_users_exist_with_their_fixed_ids_and_groups_and_verified_emails(
    stack: Stack, gateway: httpx.Client
) -> None:
    headers = service_headers(stack, "booking_api")
    for demo in DEMO_USERS:
        body = gateway.post(f"/auth/v1/user_info/{demo.id}", headers=headers).json()
        assert body["name"] == demo.name
        assert set(body["groups"]) == {"users", *demo.groups}
        assert body["email_verified"] is True


def test_user_sees_their_own_email(stack: Stack, gateway: httpx.Client) -> None:
    user = new_user(stack)
    body = gateway.post(f"/auth/v1/user_info/{user.id}", headers=user.headers).json()
    assert body["email"] == user.email


def test_another_user_does_not_see_the_email_nor_the_groups(stack: Stack, gateway: httpx.Client) -> None:
    user, other = new_user(stack), new_user(stack, groups=["banned"])
    body = gateway.post(f"/auth/v1/user_info/{other.id}", headers=user.headers).json()
    assert "email" not in body and "groups" not in body


def test_a_demoted_admin_no_longer_sees_emails_with_their_old_token(
    stack: Stack, gateway: httpx.Client
) -> None:
    user, former = new_user(stack), new_user(stack, groups=["admin"])
    assert gateway.get(f"/auth/v1/user_info/{user.id}", headers=former.headers).json()["email"] == user.email
    removed = gateway.delete(f"/auth/v1/groups/admin/members/{former.id}", headers=admin(stack).headers)
    assert removed.status_code == 204
    # Their sessions ended with the change; had the token lived, the database would still say no.
    stale = gateway.get(f"/auth/v1/user_info/{user.id}", headers=former.headers)
    assert stale.status_code == 401 or "email" not in stale.json()


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


def test_users_batch_needs_at_least_one_valid_id(stack: Stack, gateway: httpx.Client) -> None:
    headers = service_headers(stack, "booking_api")
    assert gateway.get("/auth/v1/users", headers=headers).status_code == 422
    assert gateway.get("/auth/v1/users", params={"id": "nope"}, headers=headers).status_code == 422
    too_many = [("id", str(uuid.uuid4())) for _ in range(101)]
    assert gateway.get("/auth/v1/users", params=too_many, headers=headers).status_code == 422


def test_an_ordinary_user_cannot_list_accounts_but_an_admin_can(stack: Stack, gateway: httpx.Client) -> None:
    user, other = new_user(stack), new_user(stack)
    params = {"id": str(other.id)}
    refused = gateway.get("/auth/v1/users", params=params, headers=user.headers)
    assert (refused.status_code, refused.json()["code"]) == (403, "admin_required")
    assert gateway.get("/auth/v1/users", params=params).status_code == 401
    listed = gateway.get("/auth/v1/users", params=params, headers=admin(stack).headers)
    assert [u["email"] for u in listed.json()] == [other.email]


def test_public_profiles_in_one_call_show_names_only(stack: Stack, gateway: httpx.Client) -> None:
    first, second = new_user(stack, name="First"), new_user(stack, name="Second")
    response = gateway.get(
        "/auth/v1/profiles", params=[("id", str(second.id)), ("id", str(uuid.uuid4())), ("id", str(first.id))]
    )
    assert response.status_code == 200, response.text
    assert [(p["id"], p["name"]) for p in response.json()] == [
        (str(second.id), "Second"),
        (str(first.id), "First"),
    ]
    assert all(set(p) == {"id", "name", "email_verified", "joined_at"} for p in response.json())


def test_a_moderators_public_profile_shows_the_role_and_nothing_else(
    stack: Stack, gateway: httpx.Client
) -> None:
    moderator, banned = new_user(stack, groups=["moderator"]), new_user(stack, groups=["banned"])
    body = gateway.get(f"/auth/v1/user_info/{moderator.id}").json()
    assert body["groups"] == ["moderator"] and "email" not in body
    assert "groups" not in gateway.get(f"/auth/v1/user_info/{banned.id}").json(), "a ban is not a badge"
