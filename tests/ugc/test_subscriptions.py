"""Film subscriptions through nginx: idempotent subscribing, the brief's `subscribers/{movie_id}`, the
film check against the Movie API, and who may read the lists."""

import uuid

import httpx
import pytest

from devstack.stack import Stack
from tests.factories import TestUser, new_user
from tests.ugc.helpers import MALFORMED_IDS, UNKNOWN_ID, error, ids, ok


def subscription(film: uuid.UUID | str) -> str:
    return f"/ugc/v1/movies/{film}/subscription"


def subscribers(gateway: httpx.Client, film: uuid.UUID, headers: dict[str, str], **params: int) -> dict:
    return ok(gateway.get(f"/ugc/v1/subscribers/{film}", headers=headers, params=params))


def test_subscribing_twice_keeps_one_subscription_with_its_first_date(
    gateway: httpx.Client, alice: TestUser, film: uuid.UUID
) -> None:
    first = ok(gateway.put(subscription(film), headers=alice.headers))
    again = ok(gateway.put(subscription(film), headers=alice.headers))

    assert first == again
    assert (first["movie_id"], first["user_id"]) == (str(film), str(alice.id))
    page = subscribers(gateway, film, alice.headers)
    assert page["items"] == [{"user_id": str(alice.id), "subscribed_at": first["subscribed_at"]}]
    assert page["total"] == 1


def test_unsubscribing_twice_is_204_both_times_and_removes_the_subscriber(
    gateway: httpx.Client, alice: TestUser, bob: TestUser, film: uuid.UUID
) -> None:
    ok(gateway.put(subscription(film), headers=alice.headers))
    ok(gateway.put(subscription(film), headers=bob.headers))

    ok(gateway.delete(subscription(film), headers=alice.headers), 204)
    ok(gateway.delete(subscription(film), headers=alice.headers), 204)

    assert ids(subscribers(gateway, film, bob.headers)) == [str(bob.id)]


def test_unsubscribing_from_a_film_never_subscribed_is_204(
    gateway: httpx.Client, alice: TestUser, film: uuid.UUID
) -> None:
    ok(gateway.delete(subscription(film), headers=alice.headers), 204)
    ok(gateway.delete(subscription(UNKNOWN_ID), headers=alice.headers), 204)


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_subscribers_answer_on_the_briefs_post_path_and_its_get_twin_paginated(
    stack: Stack, gateway: httpx.Client, film: uuid.UUID, method: str
) -> None:
    fans = [new_user(stack) for _ in range(3)]
    for fan in fans:
        ok(gateway.put(subscription(film), headers=fan.headers))

    path = f"/ugc/v1/subscribers/{film}"
    first = ok(gateway.request(method, path, headers=fans[0].headers, params={"size": 2}))
    second = ok(gateway.request(method, path, headers=fans[0].headers, params={"size": 2, "page": 2}))

    assert set(first) == {"items", "total", "page", "size"}
    assert (first["total"], first["page"], first["size"]) == (3, 1, 2)
    assert (second["total"], second["page"], second["size"]) == (3, 2, 2)
    assert ids(first) + ids(second) == [str(f.id) for f in fans]


def test_the_post_form_and_the_get_twin_answer_the_same(
    gateway: httpx.Client, alice: TestUser, film: uuid.UUID
) -> None:
    ok(gateway.put(subscription(film), headers=alice.headers))
    path = f"/ugc/v1/subscribers/{film}"
    assert ok(gateway.post(path, headers=alice.headers)) == ok(gateway.get(path, headers=alice.headers))


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_the_notification_service_reads_a_films_subscribers(
    gateway: httpx.Client, alice: TestUser, film: uuid.UUID, notification: dict[str, str], method: str
) -> None:
    ok(gateway.put(subscription(film), headers=alice.headers))
    page = ok(gateway.request(method, f"/ugc/v1/subscribers/{film}", headers=notification))
    assert ids(page) == [str(alice.id)]


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_subscribers_need_a_token(gateway: httpx.Client, film: uuid.UUID, method: str) -> None:
    error(gateway.request(method, f"/ugc/v1/subscribers/{film}"), 401, "not_authenticated")


def test_only_a_signed_in_user_subscribes_not_a_service(
    gateway: httpx.Client, film: uuid.UUID, notification: dict[str, str]
) -> None:
    error(gateway.put(subscription(film)), 401, "not_authenticated")
    error(gateway.put(subscription(film), headers=notification), 403, "user_token_required")


def test_a_film_missing_from_the_catalog_cannot_be_subscribed_to(
    gateway: httpx.Client, alice: TestUser
) -> None:
    body = error(gateway.put(subscription(UNKNOWN_ID), headers=alice.headers), 422, "movie_not_found")
    assert body["movie_id"] == UNKNOWN_ID
    assert subscribers(gateway, uuid.UUID(UNKNOWN_ID), alice.headers)["total"] == 0


def test_a_film_without_subscribers_lists_none(
    gateway: httpx.Client, alice: TestUser, film: uuid.UUID
) -> None:
    assert subscribers(gateway, film, alice.headers) == {"items": [], "total": 0, "page": 1, "size": 20}


def test_my_subscriptions_list_my_films_latest_first(
    gateway: httpx.Client, alice: TestUser, film: uuid.UUID, other_film: uuid.UUID
) -> None:
    ok(gateway.put(subscription(film), headers=alice.headers))
    ok(gateway.put(subscription(other_film), headers=alice.headers))

    page = ok(gateway.get("/ugc/v1/me/subscriptions", headers=alice.headers))

    assert ids(page, "movie_id") == [str(other_film), str(film)]
    assert page["total"] == 2


@pytest.mark.parametrize("bad", MALFORMED_IDS)
def test_malformed_film_ids_are_422(gateway: httpx.Client, alice: TestUser, bad: str) -> None:
    for method, path in [
        ("PUT", subscription(bad)),
        ("DELETE", subscription(bad)),
        ("POST", f"/ugc/v1/subscribers/{bad}"),
        ("GET", f"/ugc/v1/subscribers/{bad}"),
    ]:
        error(gateway.request(method, path, headers=alice.headers), 422, "validation_error")


def test_with_the_movie_api_down_a_known_film_still_works_and_an_unchecked_one_is_503(
    stack: Stack, gateway: httpx.Client, alice: TestUser, film: uuid.UUID, other_film: uuid.UUID
) -> None:
    ok(gateway.put(subscription(film), headers=alice.headers))
    ok(gateway.delete(subscription(film), headers=alice.headers), 204)
    stack.stop_service("movie_api")
    try:
        # The film was confirmed a moment ago, and that answer is remembered.
        ok(gateway.put(subscription(film), headers=alice.headers))
        error(gateway.put(subscription(other_film), headers=alice.headers), 503, "movie_api_unavailable")
    finally:
        stack.start_service("movie_api")
    assert ids(ok(gateway.get("/ugc/v1/me/subscriptions", headers=alice.headers)), "movie_id") == [str(film)]
    ok(gateway.put(subscription(other_film), headers=alice.headers))
