"""The brief's `user_group/{group}` (POST, and its GET twin; admins and services only) and admins
managing members."""

import uuid

import httpx
import pytest

from common.demo import DEMO_USERS
from devstack.stack import Stack
from tests.factories import admin, new_user, service_headers

ADMIN_DEMO = DEMO_USERS[6]
MODERATOR_DEMO = DEMO_USERS[5]


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_user_group_lists_the_groups_member_ids_paginated(
    stack: Stack, gateway: httpx.Client, method: str
) -> None:
    response = gateway.request(method, "/auth/v1/user_group/moderator", headers=admin(stack).headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["group"] == "moderator"
    assert body["description"]
    assert {"items", "total", "page", "size"} <= set(body)
    assert body["page"] == 1 and body["size"] == 20
    assert str(MODERATOR_DEMO.id) in {item["user_id"] for item in body["items"]}


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_an_ordinary_user_may_not_list_a_group(stack: Stack, gateway: httpx.Client, method: str) -> None:
    response = gateway.request(method, "/auth/v1/user_group/banned", headers=new_user(stack).headers)
    assert (response.status_code, response.json()["code"]) == (403, "admin_required")


def test_user_group_pages_through_every_member_once(stack: Stack, gateway: httpx.Client) -> None:
    caller = new_user(stack)
    headers = admin(stack).headers
    total = gateway.get("/auth/v1/user_group/users", headers=headers).json()["total"]
    seen: list[str] = []
    page = 1
    while True:
        body = gateway.post(
            "/auth/v1/user_group/users", params={"page": page, "size": 100}, headers=headers
        ).json()
        seen += [item["user_id"] for item in body["items"]]
        if not body["items"]:
            break
        page += 1
    assert len(seen) >= total
    assert len(set(seen)) == len(seen)
    assert str(caller.id) in seen


def test_every_known_group_exists(gateway: httpx.Client) -> None:
    names = {group["name"] for group in gateway.get("/auth/v1/groups").json()}
    assert names == {"users", "admin", "moderator", "banned"}


def test_user_group_needs_a_signed_in_caller(gateway: httpx.Client) -> None:
    response = gateway.post("/auth/v1/user_group/admin")
    assert response.status_code == 401


def test_a_service_may_read_a_group(stack: Stack, gateway: httpx.Client) -> None:
    response = gateway.post("/auth/v1/user_group/admin", headers=service_headers(stack, "booking_api"))
    assert response.status_code == 200
    assert str(ADMIN_DEMO.id) in {item["user_id"] for item in response.json()["items"]}


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_unknown_group_is_a_404(stack: Stack, gateway: httpx.Client, method: str) -> None:
    response = gateway.request(method, "/auth/v1/user_group/wizards🎬", headers=admin(stack).headers)
    assert response.status_code == 404
    assert response.json()["code"] == "group_not_found"


def test_group_name_with_control_characters_is_a_validation_error(stack: Stack, auth: httpx.Client) -> None:
    # Straight at the service: nginx already refuses an encoded NUL in a path with its own 400.
    response = auth.get("/auth/v1/user_group/bad%00name", headers=admin(stack).headers)
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


@pytest.mark.parametrize("params", [{"page": 0}, {"size": 101}, {"size": 0}, {"page": "x"}])
def test_bad_pagination_is_a_validation_error(stack: Stack, gateway: httpx.Client, params: dict) -> None:
    response = gateway.get("/auth/v1/user_group/users", params=params, headers=admin(stack).headers)
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


def test_admin_adds_a_member_and_the_group_shows_everywhere(stack: Stack, gateway: httpx.Client) -> None:
    user = new_user(stack)
    headers = admin(stack).headers
    assert gateway.put(f"/auth/v1/groups/banned/members/{user.id}", headers=headers).status_code == 204
    # Adding again changes nothing and is not an error.
    assert gateway.put(f"/auth/v1/groups/banned/members/{user.id}", headers=headers).status_code == 204

    info = gateway.post(f"/auth/v1/user_info/{user.id}", headers=headers).json()
    assert info["groups"] == ["banned", "users"]
    members = gateway.get("/auth/v1/user_group/banned", params={"size": 100}, headers=headers).json()
    assert str(user.id) in {item["user_id"] for item in members["items"]} or members["total"] > 100


def test_admin_removes_a_member(stack: Stack, gateway: httpx.Client) -> None:
    user = new_user(stack, groups=["moderator"])
    headers = admin(stack).headers
    response = gateway.delete(f"/auth/v1/groups/moderator/members/{user.id}", headers=headers)
    assert response.status_code == 204
    assert gateway.post(f"/auth/v1/user_info/{user.id}", headers=headers).json()["groups"] == ["users"]

    again = gateway.delete(f"/auth/v1/groups/moderator/members/{user.id}", headers=headers)
    assert again.status_code == 404
    assert again.json()["code"] == "membership_not_found"


def test_nobody_leaves_the_users_group(stack: Stack, gateway: httpx.Client) -> None:
    user = new_user(stack)
    response = gateway.delete(f"/auth/v1/groups/users/members/{user.id}", headers=admin(stack).headers)
    assert response.status_code == 409
    assert response.json()["code"] == "users_group_required"


def test_a_non_admin_cannot_change_memberships(stack: Stack, gateway: httpx.Client) -> None:
    user, target = new_user(stack, groups=["moderator"]), new_user(stack)
    added = gateway.put(f"/auth/v1/groups/admin/members/{user.id}", headers=user.headers)
    removed = gateway.delete(f"/auth/v1/groups/moderator/members/{user.id}", headers=user.headers)
    other = gateway.put(f"/auth/v1/groups/moderator/members/{target.id}", headers=user.headers)
    for response in (added, removed, other):
        assert response.status_code == 403
        assert response.json()["code"] == "admin_required"


def test_an_admin_token_of_someone_no_longer_admin_is_refused(stack: Stack, gateway: httpx.Client) -> None:
    former = new_user(stack, groups=["admin"])
    target = new_user(stack)
    removed = gateway.delete(f"/auth/v1/groups/admin/members/{former.id}", headers=admin(stack).headers)
    assert removed.status_code == 204
    # Losing a group ends the person's sessions; even a token that lived on would meet the database.
    response = gateway.put(f"/auth/v1/groups/moderator/members/{target.id}", headers=former.headers)
    assert response.status_code in (401, 403)


def test_a_service_may_only_ban_and_only_when_named_a_ban_client(stack: Stack, gateway: httpx.Client) -> None:
    user = new_user(stack)
    booking = service_headers(stack, "booking_api")
    response = gateway.put(f"/auth/v1/groups/admin/members/{user.id}", headers=booking)
    assert (response.status_code, response.json()["code"]) == (403, "admin_required")
    other = gateway.put(
        f"/auth/v1/groups/banned/members/{user.id}", headers=service_headers(stack, "notification")
    )
    assert (other.status_code, other.json()["code"]) == (403, "admin_required")
    assert gateway.put(f"/auth/v1/groups/banned/members/{user.id}", headers=booking).status_code == 204
    info = gateway.get(f"/auth/v1/user_info/{user.id}", headers=booking).json()
    assert "banned" in info["groups"]
    assert gateway.delete(f"/auth/v1/groups/banned/members/{user.id}", headers=booking).status_code == 204


def test_membership_changes_need_a_token(stack: Stack, gateway: httpx.Client) -> None:
    user = new_user(stack)
    assert gateway.put(f"/auth/v1/groups/admin/members/{user.id}").status_code == 401
    assert gateway.delete(f"/auth/v1/groups/users/members/{user.id}").status_code == 401


def test_membership_of_unknown_group_or_user_is_a_404(stack: Stack, gateway: httpx.Client) -> None:
    user = new_user(stack)
    headers = admin(stack).headers
    no_group = gateway.put(f"/auth/v1/groups/wizards/members/{user.id}", headers=headers)
    assert no_group.status_code == 404 and no_group.json()["code"] == "group_not_found"
    no_user = gateway.put(f"/auth/v1/groups/moderator/members/{uuid.uuid4()}", headers=headers)
    assert no_user.status_code == 404 and no_user.json()["code"] == "user_not_found"
    gone = gateway.delete(f"/auth/v1/groups/moderator/members/{uuid.uuid4()}", headers=headers)
    assert gone.status_code == 404


def test_membership_with_a_malformed_user_id_is_a_validation_error(
    stack: Stack, gateway: httpx.Client
) -> None:
    headers = admin(stack).headers
    for method in ("PUT", "DELETE"):
        response = gateway.request(method, "/auth/v1/groups/moderator/members/not-a-uuid", headers=headers)
        assert response.status_code == 422
        assert response.json()["code"] == "validation_error"
