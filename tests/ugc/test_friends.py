"""Friends through nginx: mutual once both add, requests, removal, visibility and pagination."""

import uuid

import httpx
import pytest

from devstack.stack import Stack
from tests.factories import TestUser, new_user
from tests.ugc.helpers import MALFORMED_IDS, UNKNOWN_ID, error, ids, ok


def add(gateway: httpx.Client, user: TestUser, friend: TestUser | str) -> dict:
    friend_id = friend if isinstance(friend, str) else str(friend.id)
    return ok(gateway.put(f"/ugc/v1/me/friends/{friend_id}", headers=user.headers))


def remove(gateway: httpx.Client, user: TestUser, friend: TestUser) -> None:
    ok(gateway.delete(f"/ugc/v1/me/friends/{friend.id}", headers=user.headers), 204)


def friends_of(gateway: httpx.Client, user: TestUser, viewer: dict[str, str], **params: int) -> dict:
    return ok(gateway.get(f"/ugc/v1/friends/{user.id}", headers=viewer, params=params))


def requests(gateway: httpx.Client, user: TestUser, direction: str = "incoming") -> list[str]:
    page = ok(
        gateway.get("/ugc/v1/me/friend_requests", headers=user.headers, params={"direction": direction})
    )
    return ids(page)


def test_adding_is_a_request_until_the_other_adds_back_then_both_are_friends(
    gateway: httpx.Client, alice: TestUser, bob: TestUser
) -> None:
    assert add(gateway, alice, bob) == {
        "user_id": str(alice.id),
        "friend_id": str(bob.id),
        "status": "requested",
    }
    assert friends_of(gateway, alice, alice.headers)["items"] == []
    assert requests(gateway, bob, "incoming") == [str(alice.id)]
    assert requests(gateway, alice, "outgoing") == [str(bob.id)]

    assert add(gateway, bob, alice)["status"] == "friends"

    assert ids(friends_of(gateway, alice, alice.headers)) == [str(bob.id)]
    assert ids(friends_of(gateway, bob, alice.headers)) == [str(alice.id)]
    assert requests(gateway, bob, "incoming") == []
    assert requests(gateway, alice, "outgoing") == []


def test_adding_twice_changes_nothing(gateway: httpx.Client, alice: TestUser, bob: TestUser) -> None:
    add(gateway, alice, bob)
    assert add(gateway, alice, bob)["status"] == "requested"
    assert requests(gateway, bob) == [str(alice.id)]
    add(gateway, bob, alice)
    assert add(gateway, bob, alice)["status"] == "friends"
    assert friends_of(gateway, alice, alice.headers)["total"] == 1


def test_unfriending_ends_it_for_both_and_reconnecting_needs_both_to_add_again(
    gateway: httpx.Client, alice: TestUser, bob: TestUser
) -> None:
    add(gateway, alice, bob)
    add(gateway, bob, alice)

    remove(gateway, bob, alice)

    assert friends_of(gateway, alice, alice.headers)["items"] == []
    assert friends_of(gateway, bob, bob.headers)["items"] == []
    assert requests(gateway, alice) == [] and requests(gateway, bob) == []
    assert add(gateway, alice, bob)["status"] == "requested"


def test_the_person_asked_can_decline_and_the_asker_can_cancel(
    gateway: httpx.Client, alice: TestUser, bob: TestUser, carol: TestUser
) -> None:
    add(gateway, alice, bob)
    add(gateway, carol, bob)

    remove(gateway, bob, alice)  # declined by the person asked
    remove(gateway, carol, bob)  # cancelled by the asker

    assert requests(gateway, bob) == []
    assert requests(gateway, alice, "outgoing") == []
    assert requests(gateway, carol, "outgoing") == []


def test_removing_someone_who_is_no_friend_is_a_harmless_204(
    gateway: httpx.Client, alice: TestUser, bob: TestUser
) -> None:
    remove(gateway, alice, bob)
    remove(gateway, alice, bob)
    assert friends_of(gateway, alice, alice.headers)["total"] == 0


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
def test_befriending_yourself_is_422(gateway: httpx.Client, alice: TestUser, method: str) -> None:
    response = gateway.request(method, f"/ugc/v1/me/friends/{alice.id}", headers=alice.headers)
    error(response, 422, "cannot_befriend_self")


def test_any_uuid_can_be_asked_but_stays_a_request(gateway: httpx.Client, alice: TestUser) -> None:
    stranger = str(uuid.uuid4())
    assert add(gateway, alice, stranger)["status"] == "requested"
    assert requests(gateway, alice, "outgoing") == [stranger]
    assert friends_of(gateway, alice, alice.headers)["total"] == 0


def test_requests_are_seen_only_by_the_two_people_concerned(
    gateway: httpx.Client, alice: TestUser, bob: TestUser, carol: TestUser
) -> None:
    add(gateway, alice, bob)
    assert requests(gateway, carol, "incoming") == []
    assert requests(gateway, carol, "outgoing") == []
    # The public list shows confirmed friends only, never the pending request.
    assert friends_of(gateway, bob, carol.headers)["items"] == []


def test_friends_list_is_paginated_oldest_friendship_first(stack: Stack, gateway: httpx.Client) -> None:
    host = new_user(stack)
    friends = [new_user(stack) for _ in range(3)]
    for friend in friends:
        add(gateway, host, friend)
        add(gateway, friend, host)

    first = friends_of(gateway, host, host.headers, page=1, size=2)
    second = friends_of(gateway, host, host.headers, page=2, size=2)

    assert set(first) == {"items", "total", "page", "size"}
    assert (first["total"], first["page"], first["size"]) == (3, 1, 2)
    assert (second["total"], second["page"], second["size"]) == (3, 2, 2)
    assert ids(first) + ids(second) == [str(f.id) for f in friends]
    assert all(item["since"].endswith(("Z", "+00:00")) for item in first["items"])


@pytest.mark.parametrize("params", [{"page": 0}, {"size": 0}, {"size": 101}, {"page": "x"}])
def test_bad_page_parameters_are_422(gateway: httpx.Client, alice: TestUser, params: dict) -> None:
    response = gateway.get(f"/ugc/v1/friends/{alice.id}", headers=alice.headers, params=params)
    error(response, 422, "validation_error")


def test_the_notification_service_reads_a_hosts_friends(
    gateway: httpx.Client, alice: TestUser, bob: TestUser, notification: dict[str, str]
) -> None:
    add(gateway, alice, bob)
    add(gateway, bob, alice)
    assert ids(friends_of(gateway, alice, notification)) == [str(bob.id)]


def test_the_friends_list_needs_a_token(gateway: httpx.Client, alice: TestUser) -> None:
    error(gateway.get(f"/ugc/v1/friends/{alice.id}"), 401, "not_authenticated")
    bad = {"Authorization": "Bearer not.a.token"}
    error(gateway.get(f"/ugc/v1/friends/{alice.id}", headers=bad), 401, "invalid_token")


def test_only_a_signed_in_user_adds_friends_not_a_service(
    gateway: httpx.Client, alice: TestUser, notification: dict[str, str]
) -> None:
    error(gateway.put(f"/ugc/v1/me/friends/{alice.id}"), 401, "not_authenticated")
    error(gateway.put(f"/ugc/v1/me/friends/{alice.id}", headers=notification), 403, "user_token_required")
    error(gateway.get("/ugc/v1/me/friend_requests", headers=notification), 403, "user_token_required")


def test_an_unknown_user_has_no_friends(gateway: httpx.Client, alice: TestUser) -> None:
    page = ok(gateway.get(f"/ugc/v1/friends/{UNKNOWN_ID}", headers=alice.headers))
    assert page == {"items": [], "total": 0, "page": 1, "size": 20}


@pytest.mark.parametrize("bad", MALFORMED_IDS)
def test_malformed_user_ids_are_422(gateway: httpx.Client, alice: TestUser, bad: str) -> None:
    for method, path in [
        ("GET", f"/ugc/v1/friends/{bad}"),
        ("PUT", f"/ugc/v1/me/friends/{bad}"),
        ("DELETE", f"/ugc/v1/me/friends/{bad}"),
    ]:
        error(gateway.request(method, path, headers=alice.headers), 422, "validation_error")


def test_an_unknown_request_direction_is_422(gateway: httpx.Client, alice: TestUser) -> None:
    response = gateway.get(
        "/ugc/v1/me/friend_requests", headers=alice.headers, params={"direction": "sideways"}
    )
    error(response, 422, "validation_error")
