"""A ban holds: within seconds every write of the banned person is refused with 403 `banned` in every
service, their sessions end, and reading still works (issue 15)."""

import time
import uuid
from typing import Any

import httpx
import pytest

from devstack.stack import Stack
from tests.factories import TestUser, admin, login, new_user, spare_film


@pytest.fixture(scope="module")
def movie(gateway: httpx.Client) -> dict[str, Any]:
    return gateway.get(f"/movie_api/v1/movie/{spare_film(2)}").json()


def _ban(stack: Stack, gateway: httpx.Client, user: TestUser) -> None:
    answer = gateway.put(f"/auth/v1/groups/banned/members/{user.id}", headers=admin(stack).headers)
    assert answer.status_code == 204, answer.text


def _writes(
    gateway: httpx.Client, user: TestUser, movie: dict[str, Any], review_id: str
) -> dict[str, httpx.Response]:
    return {
        "review": gateway.post(
            f"/ugc/v1/movies/{movie['id']}/reviews", json={"score": 7, "text": "Fine"}, headers=user.headers
        ),
        "vote": gateway.put(
            f"/ugc/v1/reviews/{review_id}/vote", json={"value": "like"}, headers=user.headers
        ),
        "friend request": gateway.put(f"/ugc/v1/me/friends/{uuid.uuid4()}", headers=user.headers),
        "subscription": gateway.put(f"/ugc/v1/movies/{movie['id']}/subscription", headers=user.headers),
        "place": gateway.post(
            "/booking/v1/places",
            json={"name": "Den", "address": "Lenina 1", "city": "Tver", "capacity": 5},
            headers=user.headers,
        ),
        "settings": gateway.put(
            "/notification/v1/settings", json={"language": "en", "muted_kinds": []}, headers=user.headers
        ),
        "language": gateway.patch("/auth/v1/me", json={"language": "en"}, headers=user.headers),
    }


def test_a_banned_persons_writes_are_refused_everywhere_within_five_seconds(
    stack: Stack, gateway: httpx.Client, movie: dict[str, Any]
) -> None:
    author, person = new_user(stack), new_user(stack)
    review = gateway.post(
        f"/ugc/v1/movies/{movie['id']}/reviews", json={"score": 8, "text": "Worth it"}, headers=author.headers
    ).json()
    _ban(stack, gateway, person)
    time.sleep(1)
    for what, answer in _writes(gateway, person, movie, review["id"]).items():
        assert answer.status_code == 403, f"{what}: {answer.status_code} {answer.text}"
        assert answer.json()["code"] == "banned", what
    # Reading still works; the sessions have ended, so no new token comes from the old refresh token.
    assert gateway.get("/ugc/v1/me/subscriptions", headers=person.headers).status_code == 200
    assert gateway.get("/auth/v1/me", headers=person.headers).json()["groups"] == ["banned", "users"]
    assert gateway.post("/auth/v1/refresh", json={"refresh_token": person.refresh_token}).status_code == 401


def test_a_banned_person_signing_in_again_still_cannot_write(
    stack: Stack, gateway: httpx.Client, movie: dict[str, Any]
) -> None:
    person = new_user(stack)
    _ban(stack, gateway, person)
    again = login(stack, person.email, person.password)
    answer = gateway.post(
        f"/ugc/v1/movies/{movie['id']}/reviews", json={"score": 5, "text": "Meh"}, headers=again.headers
    )
    assert (answer.status_code, answer.json()["code"]) == (403, "banned")
    # What a banned person may still do with their own account: see their sessions, sign out.
    assert gateway.get("/auth/v1/me/sessions", headers=again.headers).status_code == 200
    assert gateway.post("/auth/v1/logout", json={"refresh_token": again.refresh_token}).status_code == 204


def test_an_unbanned_person_signs_in_again_and_writes(
    stack: Stack, gateway: httpx.Client, movie: dict[str, Any]
) -> None:
    person = new_user(stack)
    _ban(stack, gateway, person)
    while_banned = login(stack, person.email, person.password)
    unbanned = gateway.delete(f"/auth/v1/groups/banned/members/{person.id}", headers=admin(stack).headers)
    assert unbanned.status_code == 204
    time.sleep(1)
    # A token that says `banned` ends with the ban; signing in again gives one that does not.
    assert gateway.get("/auth/v1/me", headers=while_banned.headers).status_code == 401
    again = login(stack, person.email, person.password)
    answer = gateway.put(f"/ugc/v1/movies/{movie['id']}/subscription", headers=again.headers)
    assert answer.status_code == 200, answer.text
