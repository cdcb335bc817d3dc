"""Likes and dislikes of reviews: one vote per user per review, switching, and the brief's
`likes_count/{review_id}`."""

import uuid
from typing import Any

import httpx
import pytest

from devstack.stack import Stack
from tests.factories import TestUser, new_user
from tests.ugc.helpers import MALFORMED_IDS, UNKNOWN_ID, error, ok


@pytest.fixture
def review(gateway: httpx.Client, alice: TestUser, film: uuid.UUID) -> dict[str, Any]:
    """Alice's review of a film of its own."""
    response = gateway.post(
        f"/ugc/v1/movies/{film}/reviews", headers=alice.headers, json={"score": 7, "text": "Good."}
    )
    return ok(response, 201)


def vote(gateway: httpx.Client, user: TestUser, review: dict[str, Any], value: str) -> dict[str, Any]:
    return ok(
        gateway.put(f"/ugc/v1/reviews/{review['id']}/vote", headers=user.headers, json={"value": value})
    )


def counts(gateway: httpx.Client, review: dict[str, Any], method: str = "GET") -> tuple[int, int, int]:
    body = ok(gateway.request(method, f"/ugc/v1/likes_count/{review['id']}"))
    assert body["review_id"] == review["id"]
    return body["likes"], body["dislikes"], body["total"]


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_likes_count_answers_on_the_briefs_post_path_and_its_get_twin(
    gateway: httpx.Client, bob: TestUser, review: dict[str, Any], method: str
) -> None:
    assert counts(gateway, review, method) == (0, 0, 0)
    vote(gateway, bob, review, "like")
    assert counts(gateway, review, method) == (1, 0, 1)


def test_a_vote_answers_with_the_new_counts(
    gateway: httpx.Client, bob: TestUser, review: dict[str, Any]
) -> None:
    assert vote(gateway, bob, review, "dislike") == {
        "review_id": review["id"],
        "value": "dislike",
        "likes": 0,
        "dislikes": 1,
        "total": 1,
    }


def test_voting_again_switches_the_vote_and_never_counts_twice(
    gateway: httpx.Client, bob: TestUser, review: dict[str, Any]
) -> None:
    vote(gateway, bob, review, "like")
    vote(gateway, bob, review, "like")
    assert counts(gateway, review) == (1, 0, 1)

    vote(gateway, bob, review, "dislike")
    assert counts(gateway, review) == (0, 1, 1)

    vote(gateway, bob, review, "like")
    assert counts(gateway, review) == (1, 0, 1)


def test_votes_of_several_people_add_up_and_show_on_the_review(
    stack: Stack, gateway: httpx.Client, review: dict[str, Any], film: uuid.UUID
) -> None:
    for value in ("like", "like", "dislike"):
        vote(gateway, new_user(stack), review, value)

    assert counts(gateway, review) == (2, 1, 3)
    shown = ok(gateway.get(f"/ugc/v1/reviews/{review['id']}"))
    listed = ok(gateway.get(f"/ugc/v1/movies/{film}/reviews"))["items"][0]
    assert (shown["likes"], shown["dislikes"]) == (listed["likes"], listed["dislikes"]) == (2, 1)


def test_taking_a_vote_back_lowers_the_counts_and_repeating_it_is_harmless(
    gateway: httpx.Client, bob: TestUser, carol: TestUser, review: dict[str, Any]
) -> None:
    vote(gateway, bob, review, "like")
    vote(gateway, carol, review, "dislike")

    ok(gateway.delete(f"/ugc/v1/reviews/{review['id']}/vote", headers=bob.headers), 204)
    ok(gateway.delete(f"/ugc/v1/reviews/{review['id']}/vote", headers=bob.headers), 204)

    assert counts(gateway, review) == (0, 1, 1)


def test_nobody_votes_on_their_own_review(
    gateway: httpx.Client, alice: TestUser, review: dict[str, Any]
) -> None:
    response = gateway.put(
        f"/ugc/v1/reviews/{review['id']}/vote", headers=alice.headers, json={"value": "like"}
    )
    error(response, 403, "own_review_vote")
    assert counts(gateway, review) == (0, 0, 0)


def test_deleting_a_review_takes_its_votes_with_it(
    gateway: httpx.Client, alice: TestUser, bob: TestUser, review: dict[str, Any]
) -> None:
    vote(gateway, bob, review, "like")
    ok(gateway.delete(f"/ugc/v1/reviews/{review['id']}", headers=alice.headers), 204)
    for method in ("POST", "GET"):
        error(gateway.request(method, f"/ugc/v1/likes_count/{review['id']}"), 404, "review_not_found")


@pytest.mark.parametrize("body", [{"value": "love"}, {"value": 1}, {"value": None}, {}])
def test_a_vote_that_is_neither_like_nor_dislike_is_422(
    gateway: httpx.Client, bob: TestUser, review: dict[str, Any], body: dict[str, Any]
) -> None:
    response = gateway.put(f"/ugc/v1/reviews/{review['id']}/vote", headers=bob.headers, json=body)
    error(response, 422, "validation_error")
    assert counts(gateway, review) == (0, 0, 0)


def test_voting_needs_a_signed_in_user(
    gateway: httpx.Client, review: dict[str, Any], notification: dict[str, str]
) -> None:
    path = f"/ugc/v1/reviews/{review['id']}/vote"
    error(gateway.put(path, json={"value": "like"}), 401, "not_authenticated")
    error(gateway.put(path, headers=notification, json={"value": "like"}), 403, "user_token_required")


def test_an_unknown_review_is_404_for_votes_and_counts(gateway: httpx.Client, bob: TestUser) -> None:
    path = f"/ugc/v1/reviews/{UNKNOWN_ID}/vote"
    error(gateway.put(path, headers=bob.headers, json={"value": "like"}), 404, "review_not_found")
    error(gateway.delete(path, headers=bob.headers), 404, "review_not_found")
    for method in ("POST", "GET"):
        body = error(gateway.request(method, f"/ugc/v1/likes_count/{UNKNOWN_ID}"), 404, "review_not_found")
        assert body["review_id"] == UNKNOWN_ID


@pytest.mark.parametrize("bad", MALFORMED_IDS)
def test_malformed_review_ids_are_422_for_votes_and_counts(
    gateway: httpx.Client, bob: TestUser, bad: str
) -> None:
    for method, path, body in [
        ("PUT", f"/ugc/v1/reviews/{bad}/vote", {"value": "like"}),
        ("DELETE", f"/ugc/v1/reviews/{bad}/vote", None),
        ("POST", f"/ugc/v1/likes_count/{bad}", None),
        ("GET", f"/ugc/v1/likes_count/{bad}", None),
    ]:
        error(gateway.request(method, path, headers=bob.headers, json=body), 422, "validation_error")


@pytest.mark.parametrize("raw", ['{"value": "\\ud800"}', '{"\\udfff": "like"}'])
def test_a_vote_body_with_an_unpaired_surrogate_is_422_not_a_dropped_connection(
    gateway: httpx.Client, bob: TestUser, review: dict[str, Any], raw: str
) -> None:
    response = gateway.put(
        f"/ugc/v1/reviews/{review['id']}/vote",
        headers={**bob.headers, "Content-Type": "application/json"},
        content=raw.encode(),
    )
    error(response, 422, "validation_error")
