"""My data: one export of everything every service holds about me, and deleting my account everywhere,
by domain events, until no personal field of mine is left in any database (issue 15).

The booking service's parts (its export endpoint and its handling of `account.deleted`) are specified in
docs/auth.md and built by its owner; until they are, those checks are skipped with the reason."""

import asyncio
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import httpx
import pytest

from devstack.stack import Stack
from tests.factories import TestUser, new_user, service_headers, spare_film

BOOKING_PENDING = (
    "booking_api has no GET /booking/v1/internal/users/{user_id}/export and no "
    "POST /booking/v1/internal/events (account.deleted) yet: the lead builds them (docs/auth.md)"
)
# The databases of the services that handle account.deleted in this code base.
READY = ("auth_api", "ugc_api", "notification", "url_shortener")


@dataclass
class Footprint:
    """A person who used every service, and what that left behind."""

    person: TestUser
    friend: TestUser
    review_id: str
    friends_review_id: str
    link_code: str
    event_id: str


def _ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, f"{response.request.url}: {response.status_code} {response.text}"
    return response.json() if response.content else None


def _leave_a_footprint(stack: Stack, gateway: httpx.Client) -> Footprint:
    person = new_user(stack, name=f"Deletable {uuid.uuid4().hex[:10]}")
    friend = new_user(stack)
    movie = _ok(gateway.get(f"/movie_api/v1/movie/{spare_film(3)}"))
    review = _ok(
        gateway.post(
            f"/ugc/v1/movies/{movie['id']}/reviews", json={"score": 9, "text": "Mine"}, headers=person.headers
        ),
        201,
    )
    friends_review = _ok(
        gateway.post(
            f"/ugc/v1/movies/{movie['id']}/reviews",
            json={"score": 6, "text": "Theirs"},
            headers=friend.headers,
        ),
        201,
    )
    _ok(
        gateway.put(
            f"/ugc/v1/reviews/{friends_review['id']}/vote", json={"value": "like"}, headers=person.headers
        )
    )
    _ok(gateway.put(f"/ugc/v1/me/friends/{friend.id}", headers=person.headers))
    _ok(gateway.put(f"/ugc/v1/me/friends/{person.id}", headers=friend.headers))
    _ok(gateway.put(f"/ugc/v1/movies/{movie['id']}/subscription", headers=person.headers))
    link = _ok(
        gateway.post(
            "/url/v1/links",
            json={"url": f"http://localhost:{stack.port}/booking/v1/events/{uuid.uuid4()}"},
            headers=person.headers,
        ),
        201,
    )
    _ok(
        gateway.put(
            "/notification/v1/settings", json={"language": "en", "muted_kinds": []}, headers=person.headers
        )
    )
    # The person booked their friend's evening: booking's message to notification, as its relay sends it.
    starts = datetime.now(UTC) + timedelta(days=3)
    event_id = str(uuid.uuid4())
    data = {
        "event_id": event_id,
        "host_id": str(friend.id),
        "host_name": friend.name,
        "movie_id": movie["id"],
        "movie_title": movie["title"],
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=2)).isoformat(),
        "place": {"id": str(uuid.uuid4()), "name": "Loft", "city": "Moscow", "address": "Pokrovka 1"},
        "capacity": 6,
        "seats_left": 4,
        "booking_id": str(uuid.uuid4()),
        "guest_id": str(person.id),
        "guest_name": person.name,
        "seats": 2,
    }
    envelope = {
        "id": str(uuid.uuid4()),
        "type": "booking.created",
        "occurred_at": datetime.now(UTC).isoformat(),
        "request_id": uuid.uuid4().hex,
        "data": data,
    }
    with httpx.Client(base_url=stack.service_url("notification"), timeout=10) as notification:
        _ok(
            notification.post(
                "/notification/v1/events", json=envelope, headers=service_headers(stack, "booking_api")
            ),
            202,
        )
    return Footprint(person, friend, review["id"], friends_review["id"], link["code"], event_id)


def test_my_export_gathers_what_every_service_holds_about_me(stack: Stack, gateway: httpx.Client) -> None:
    trace = _leave_a_footprint(stack, gateway)
    person = trace.person
    answer = gateway.get("/auth/v1/me/export", headers=person.headers)
    assert answer.status_code == 200, answer.text
    export = answer.json()
    assert export["account"]["email"] == person.email
    assert export["account"]["name"] == person.name
    assert len(export["account"]["sessions"]) == 1
    assert [r["id"] for r in export["reviews"]] == [trace.review_id]
    assert [v["review_id"] for v in export["review_votes"]] == [trace.friends_review_id]
    assert [f["user_id"] for f in export["friends"]] == [str(trace.friend.id)]
    assert len(export["subscriptions"]) == 1
    assert [link["code"] for link in export["short_links"]] == [trace.link_code]
    assert export["notification_settings"]["language"] == "en"
    assert {n["kind"] for n in export["notifications"]} == {"booking_confirmed"}
    for service in ("auth_api", *READY):
        assert export["sources"][service] == "included", export["sources"]
    assert export["complete"] is (export["sources"]["booking_api"] == "included")


def test_my_export_includes_my_bookings_evenings_and_ratings(stack: Stack, gateway: httpx.Client) -> None:
    person = new_user(stack)
    export = gateway.get("/auth/v1/me/export", headers=person.headers).json()
    if export["sources"]["booking_api"] != "included":
        pytest.skip(BOOKING_PENDING)
    for section in ("bookings", "hosted_evenings", "ratings_given", "ratings_received"):
        assert section in export, section


def test_exports_are_for_auth_only_and_not_reachable_through_nginx(
    stack: Stack, gateway: httpx.Client
) -> None:
    person = new_user(stack)
    path = f"/ugc/v1/internal/users/{person.id}/export"
    assert gateway.get(path, headers=service_headers(stack, "auth_api")).status_code == 404, "not routed"
    with httpx.Client(base_url=stack.service_url("ugc_api"), timeout=10) as ugc:
        as_person = ugc.get(path, headers=person.headers)
        assert (as_person.status_code, as_person.json()["code"]) == (403, "service_token_required")
        as_booking = ugc.get(path, headers=service_headers(stack, "booking_api"))
        assert (as_booking.status_code, as_booking.json()["code"]) == (403, "auth_service_required")
        assert ugc.get(path, headers=service_headers(stack, "auth_api")).status_code == 200


def _eventually(check: Any, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            check()
            return
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


async def _leftovers(url: str, needles: list[str], *, skip: set[str]) -> list[str]:
    """Every table.column of the database whose text holds one of `needles`."""
    connection = await asyncpg.connect(url)
    try:
        columns = await connection.fetch(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'"
            " AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'uuid', 'ARRAY')"
        )
        found = []
        for column in columns:
            table, name = column["table_name"], column["column_name"]
            if table in skip or table == "alembic_version":
                continue
            for needle in needles:
                hits = await connection.fetchval(
                    f'SELECT count(*) FROM "{table}" WHERE "{name}"::text ILIKE $1', f"%{needle}%"
                )
                if hits:
                    found.append(f"{table}.{name} holds {needle!r}")
        return found
    finally:
        await connection.close()


def test_deleting_my_account_removes_my_personal_data_from_every_service(
    stack: Stack, gateway: httpx.Client
) -> None:
    trace = _leave_a_footprint(stack, gateway)
    person, friend = trace.person, trace.friend
    wrong = gateway.request(
        "DELETE", "/auth/v1/me", json={"password": "not-my-password"}, headers=person.headers
    )
    assert (wrong.status_code, wrong.json()["code"]) == (403, "wrong_password")
    deleted = gateway.request(
        "DELETE", "/auth/v1/me", json={"password": person.password}, headers=person.headers
    )
    assert deleted.status_code == 204, deleted.text

    time.sleep(1)
    assert gateway.get("/ugc/v1/me/subscriptions", headers=person.headers).status_code == 401
    with httpx.Client(base_url=stack.service_url("auth_api"), timeout=10) as auth:
        signed_in = auth.post("/auth/v1/login", json={"email": person.email, "password": person.password})
        assert signed_in.status_code == 401
    assert gateway.get(f"/auth/v1/user_info/{person.id}").status_code == 404

    def forgotten() -> None:
        review = _ok(gateway.get(f"/ugc/v1/reviews/{trace.review_id}"))
        assert (review["user_id"], review["text"]) == (None, "Mine"), "kept, by a deleted user"
        assert _ok(gateway.get(f"/ugc/v1/reviews/{trace.friends_review_id}"))["likes"] == 0
        assert _ok(gateway.get(f"/ugc/v1/friends/{friend.id}", headers=friend.headers))["total"] == 0
        assert gateway.get(f"/s/{trace.link_code}", follow_redirects=False).status_code == 404
        inbox = _ok(gateway.get("/notification/v1/inbox", headers=friend.headers))
        assert all(person.name not in item["body"] for item in inbox["items"])

    _eventually(forgotten)
    needles = [person.email, person.name, str(person.id)]
    for service in READY:
        # Auth's outbox keeps the deleted id (no name, no email) until every service acknowledged it.
        skip = {"outbox"} if service == "auth_api" else set()
        assert asyncio.run(_leftovers(stack.database_urls[service], needles, skip=skip)) == [], service
    booking = asyncio.run(_leftovers(stack.database_urls["booking_api"], needles, skip=set()))
    if booking:
        pytest.skip(f"{BOOKING_PENDING}; left in booking: {booking}")
