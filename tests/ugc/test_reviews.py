"""Reviews through nginx: one per user per film, edits and deletes by the author, and the brief's
`review_info/{movie_id}/{user_id}/{review_id}`."""

import uuid
from datetime import datetime
from typing import Any

import httpx
import pytest

from devstack.stack import Stack
from tests.factories import TestUser, new_user
from tests.ugc.helpers import MALFORMED_IDS, UNKNOWN_ID, error, ids, ok


def write(
    gateway: httpx.Client, user: TestUser, film: uuid.UUID, score: int = 8, text: str = "Loved it."
) -> dict[str, Any]:
    body = {"score": score, "text": text}
    return ok(gateway.post(f"/ugc/v1/movies/{film}/reviews", headers=user.headers, json=body), 201)


def info_path(film: uuid.UUID | str, user: uuid.UUID | str, review: uuid.UUID | str) -> str:
    return f"/ugc/v1/review_info/{film}/{user}/{review}"


def test_a_review_is_created_and_read_back_by_id_and_under_its_film(
    gateway: httpx.Client, alice: TestUser, film: uuid.UUID
) -> None:
    review = write(gateway, alice, film, score=9, text="  A quiet masterpiece.  ")

    assert review["movie_id"] == str(film)
    assert review["user_id"] == str(alice.id)
    assert (review["score"], review["text"]) == (9, "A quiet masterpiece.")
    assert (review["likes"], review["dislikes"]) == (0, 0)
    assert review["created_at"] == review["updated_at"]
    uuid.UUID(review["id"])
    assert ok(gateway.get(f"/ugc/v1/reviews/{review['id']}")) == review
    assert ok(gateway.get(f"/ugc/v1/movies/{film}/reviews"))["items"] == [review]


def test_a_second_review_of_the_same_film_is_409_and_names_the_first(
    gateway: httpx.Client, alice: TestUser, film: uuid.UUID, other_film: uuid.UUID
) -> None:
    first = write(gateway, alice, film)

    response = gateway.post(
        f"/ugc/v1/movies/{film}/reviews", headers=alice.headers, json={"score": 3, "text": "Changed my mind."}
    )

    assert error(response, 409, "review_exists")["review_id"] == first["id"]
    assert ok(gateway.get(f"/ugc/v1/movies/{film}/reviews"))["total"] == 1
    write(gateway, alice, other_film)


def test_reviews_of_a_film_are_paginated_newest_first(
    stack: Stack, gateway: httpx.Client, film: uuid.UUID
) -> None:
    reviews = [write(gateway, new_user(stack), film, score=s) for s in (5, 6, 7)]

    first = ok(gateway.get(f"/ugc/v1/movies/{film}/reviews", params={"size": 2}))
    second = ok(gateway.get(f"/ugc/v1/movies/{film}/reviews", params={"size": 2, "page": 2}))

    assert (first["total"], first["page"], first["size"]) == (3, 1, 2)
    assert ids(first, "id") + ids(second, "id") == [r["id"] for r in reversed(reviews)]


@pytest.mark.parametrize("score", [1, 10])
def test_scores_at_the_bounds_are_accepted(
    gateway: httpx.Client, alice: TestUser, film: uuid.UUID, score: int
) -> None:
    assert write(gateway, alice, film, score=score)["score"] == score


def test_a_text_of_the_maximum_length_is_accepted(
    gateway: httpx.Client, alice: TestUser, film: uuid.UUID
) -> None:
    assert len(write(gateway, alice, film, text="x" * 5000)["text"]) == 5000


@pytest.mark.parametrize(
    "body",
    [
        {"score": 0, "text": "Too low."},
        {"score": 11, "text": "Too high."},
        {"score": "7", "text": "A string score."},
        {"score": 7.5, "text": "Half a point."},
        {"score": True, "text": "A boolean score."},
        {"score": None, "text": "No score."},
        {"text": "Score missing."},
        {"score": 7},
        {"score": 7, "text": "   "},
        {"score": 7, "text": "x" * 5001},
        {"score": 7, "text": 42},
    ],
)
def test_invalid_scores_and_texts_are_422_and_store_nothing(
    gateway: httpx.Client, alice: TestUser, film: uuid.UUID, body: dict[str, Any]
) -> None:
    response = gateway.post(f"/ugc/v1/movies/{film}/reviews", headers=alice.headers, json=body)
    error(response, 422, "validation_error")
    assert ok(gateway.get(f"/ugc/v1/movies/{film}/reviews"))["total"] == 0


def test_a_body_that_is_not_json_is_400(gateway: httpx.Client, alice: TestUser, film: uuid.UUID) -> None:
    response = gateway.post(
        f"/ugc/v1/movies/{film}/reviews",
        headers={**alice.headers, "Content-Type": "application/json"},
        content=b"{score: 7",
    )
    error(response, 400, "malformed_json")


def test_a_film_missing_from_the_catalog_cannot_be_reviewed(gateway: httpx.Client, alice: TestUser) -> None:
    response = gateway.post(
        f"/ugc/v1/movies/{UNKNOWN_ID}/reviews", headers=alice.headers, json={"score": 5, "text": "Hm."}
    )
    assert error(response, 422, "movie_not_found")["movie_id"] == UNKNOWN_ID


def test_writing_a_review_needs_a_signed_in_user(
    gateway: httpx.Client, film: uuid.UUID, notification: dict[str, str]
) -> None:
    body = {"score": 5, "text": "Anonymous."}
    error(gateway.post(f"/ugc/v1/movies/{film}/reviews", json=body), 401, "not_authenticated")
    response = gateway.post(f"/ugc/v1/movies/{film}/reviews", headers=notification, json=body)
    error(response, 403, "user_token_required")


def test_the_author_edits_score_text_or_both(gateway: httpx.Client, alice: TestUser, film: uuid.UUID) -> None:
    review = write(gateway, alice, film, score=4, text="Meh.")
    path = f"/ugc/v1/reviews/{review['id']}"

    scored = ok(gateway.patch(path, headers=alice.headers, json={"score": 6}))
    texted = ok(gateway.patch(path, headers=alice.headers, json={"text": "Better the second time."}))

    assert (scored["score"], scored["text"]) == (6, "Meh.")
    assert (texted["score"], texted["text"]) == (6, "Better the second time.")
    assert texted["created_at"] == review["created_at"]
    assert datetime.fromisoformat(texted["updated_at"]) > datetime.fromisoformat(review["updated_at"])
    assert ok(gateway.get(path)) == texted


@pytest.mark.parametrize("body", [{}, {"score": None, "text": None}, {"score": 12}, {"text": ""}])
def test_an_edit_with_nothing_valid_to_change_is_422(
    gateway: httpx.Client, alice: TestUser, film: uuid.UUID, body: dict[str, Any]
) -> None:
    review = write(gateway, alice, film)
    error(
        gateway.patch(f"/ugc/v1/reviews/{review['id']}", headers=alice.headers, json=body),
        422,
        "validation_error",
    )
    assert ok(gateway.get(f"/ugc/v1/reviews/{review['id']}")) == review


def test_someone_elses_review_can_be_neither_edited_nor_deleted(
    gateway: httpx.Client, alice: TestUser, bob: TestUser, film: uuid.UUID
) -> None:
    review = write(gateway, alice, film)
    path = f"/ugc/v1/reviews/{review['id']}"

    error(gateway.patch(path, headers=bob.headers, json={"score": 1}), 403, "not_review_author")
    error(gateway.delete(path, headers=bob.headers), 403, "not_review_author")

    assert ok(gateway.get(path)) == review


def test_the_author_deletes_a_review_and_may_then_review_the_film_again(
    gateway: httpx.Client, alice: TestUser, film: uuid.UUID
) -> None:
    review = write(gateway, alice, film)
    path = f"/ugc/v1/reviews/{review['id']}"

    ok(gateway.delete(path, headers=alice.headers), 204)

    error(gateway.get(path), 404, "review_not_found")
    error(gateway.get(info_path(film, alice.id, review["id"])), 404, "review_not_found")
    error(gateway.delete(path, headers=alice.headers), 404, "review_not_found")
    error(gateway.patch(path, headers=alice.headers, json={"score": 2}), 404, "review_not_found")
    assert write(gateway, alice, film)["id"] != review["id"]


def test_a_moderator_may_delete_anyones_review_but_not_edit_it(
    stack: Stack, gateway: httpx.Client, alice: TestUser, film: uuid.UUID
) -> None:
    moderator = new_user(stack, groups=["moderator"])
    review = write(gateway, alice, film)
    path = f"/ugc/v1/reviews/{review['id']}"

    error(gateway.patch(path, headers=moderator.headers, json={"text": "Edited."}), 403, "not_review_author")
    ok(gateway.delete(path, headers=moderator.headers), 204)

    error(gateway.get(path), 404, "review_not_found")


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_review_info_answers_on_the_briefs_post_path_and_its_get_twin(
    gateway: httpx.Client, alice: TestUser, film: uuid.UUID, method: str
) -> None:
    review = write(gateway, alice, film)
    assert ok(gateway.request(method, info_path(film, alice.id, review["id"]))) == review


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_review_info_is_404_unless_film_user_and_review_all_match(
    gateway: httpx.Client, alice: TestUser, bob: TestUser, film: uuid.UUID, other_film: uuid.UUID, method: str
) -> None:
    review = write(gateway, alice, film)
    bobs = write(gateway, bob, film)
    for path in [
        info_path(other_film, alice.id, review["id"]),
        info_path(film, bob.id, review["id"]),
        info_path(film, alice.id, bobs["id"]),
        info_path(film, alice.id, UNKNOWN_ID),
    ]:
        body = error(gateway.request(method, path), 404, "review_not_found")
        assert body["review_id"] == path.rsplit("/", 1)[1]


@pytest.mark.parametrize("method", ["POST", "GET"])
@pytest.mark.parametrize("position", [0, 1, 2])
@pytest.mark.parametrize("bad", MALFORMED_IDS)
def test_review_info_with_a_malformed_id_is_422(
    gateway: httpx.Client, method: str, position: int, bad: str
) -> None:
    parts = [UNKNOWN_ID] * 3
    parts[position] = bad
    error(gateway.request(method, info_path(*parts)), 422, "validation_error")


@pytest.mark.parametrize("bad", MALFORMED_IDS)
def test_malformed_review_and_film_ids_are_422(gateway: httpx.Client, alice: TestUser, bad: str) -> None:
    for method, path, body in [
        ("GET", f"/ugc/v1/reviews/{bad}", None),
        ("PATCH", f"/ugc/v1/reviews/{bad}", {"score": 5}),
        ("DELETE", f"/ugc/v1/reviews/{bad}", None),
        ("GET", f"/ugc/v1/movies/{bad}/reviews", None),
        ("POST", f"/ugc/v1/movies/{bad}/reviews", {"score": 5, "text": "x"}),
    ]:
        response = gateway.request(method, path, headers=alice.headers, json=body)
        error(response, 422, "validation_error")


def test_an_unknown_review_is_404(gateway: httpx.Client) -> None:
    error(gateway.get(f"/ugc/v1/reviews/{UNKNOWN_ID}"), 404, "review_not_found")


@pytest.mark.parametrize("escape", ["\\u0000", "\\ud800"])
def test_text_postgresql_cannot_store_is_422_not_a_server_error(
    gateway: httpx.Client, alice: TestUser, film: uuid.UUID, escape: str
) -> None:
    raw = '{"score": 5, "text": "before ' + escape + ' after"}'
    response = gateway.post(
        f"/ugc/v1/movies/{film}/reviews",
        headers={**alice.headers, "Content-Type": "application/json"},
        content=raw.encode(),
    )
    error(response, 422, "validation_error")
