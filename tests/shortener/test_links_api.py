"""Creating links through nginx: who may, what they get back, and the same URL shortened twice."""

from datetime import UTC, datetime, timedelta, timezone

import httpx
import pytest

from devstack.stack import Stack
from tests.factories import TestUser, new_user, service_headers
from tests.shortener.helpers import LINKS, created, shorten, stats
from url_shortener.config import DEFAULT_CODE_ALPHABET


def test_a_signed_in_user_gets_a_random_seven_character_code_and_the_public_short_url(
    gateway: httpx.Client, stack: Stack, alice: TestUser, target: str
) -> None:
    expires = (datetime.now(UTC) + timedelta(days=3)).replace(microsecond=0)
    response = shorten(gateway, alice.headers, target, expires_at=expires.isoformat())

    assert response.status_code == 201, response.text
    body = response.json()
    assert set(body) == {"code", "short_url", "url", "expires_at"}
    assert len(body["code"]) == 7
    assert set(body["code"]) <= set(DEFAULT_CODE_ALPHABET)
    assert body["short_url"] == f"http://localhost:{stack.port}/s/{body['code']}"
    assert body["url"] == target
    assert datetime.fromisoformat(body["expires_at"]) == expires


def test_the_same_owner_shortening_the_same_url_again_gets_the_existing_link_with_200(
    gateway: httpx.Client, alice: TestUser, target: str
) -> None:
    first = created(gateway, alice.headers, target)

    again = shorten(gateway, alice.headers, target)
    assert again.status_code == 200, again.text
    assert again.json() == first

    listed = gateway.get(LINKS, headers=alice.headers, params={"size": 100}).json()
    assert [item["code"] for item in listed["items"]].count(first["code"]) == 1


def test_another_owner_shortening_the_same_url_gets_a_link_of_their_own(
    gateway: httpx.Client, alice: TestUser, bob: TestUser, target: str
) -> None:
    mine = created(gateway, alice.headers, target)
    theirs = created(gateway, bob.headers, target)
    assert theirs["code"] != mine["code"]
    assert theirs["url"] == mine["url"] == target


def test_a_service_credential_can_create_a_link_and_read_its_stats(
    gateway: httpx.Client, stack: Stack, alice: TestUser, target: str
) -> None:
    booking = service_headers(stack, "booking_api")
    link = created(gateway, booking, target)
    assert shorten(gateway, booking, target).json()["code"] == link["code"]

    assert stats(gateway, booking, link["code"])["clicks"] == 0
    assert gateway.get(f"{LINKS}/{link['code']}", headers=alice.headers).status_code == 404
    # A user's link for the same URL is another link: owners are told apart by kind and id.
    assert created(gateway, alice.headers, target)["code"] != link["code"]


def test_creating_a_link_needs_a_token(gateway: httpx.Client, target: str) -> None:
    response = gateway.post(LINKS, json={"url": target})
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"

    forged = gateway.post(LINKS, json={"url": target}, headers={"Authorization": "Bearer not-a-jwt"})
    assert forged.status_code == 401
    assert forged.json()["code"] == "invalid_token"


def test_an_expiry_in_the_past_is_422_expires_at_in_past(
    gateway: httpx.Client, alice: TestUser, target: str
) -> None:
    past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    response = shorten(gateway, alice.headers, target, expires_at=past)
    assert response.status_code == 422
    assert response.json()["code"] == "expires_at_in_past"


def test_an_expiry_beyond_ten_years_is_422_expires_at_too_far(
    gateway: httpx.Client, alice: TestUser, target: str
) -> None:
    just_over = (datetime.now(UTC) + timedelta(days=3651)).isoformat()
    for when in (just_over, "9999-12-31T23:59:59-14:00"):
        response = shorten(gateway, alice.headers, target, expires_at=when)
        assert response.status_code == 422
        assert response.json()["code"] == "expires_at_too_far"
        assert response.json()["max_days"] == 3650


def test_expires_at_is_answered_in_utc(gateway: httpx.Client, alice: TestUser, target: str) -> None:
    local = (
        (datetime.now(UTC) + timedelta(days=1))
        .replace(microsecond=0)
        .astimezone(timezone(timedelta(hours=3)))
    )
    answered = datetime.fromisoformat(
        created(gateway, alice.headers, target, expires_at=local.isoformat())["expires_at"]
    )
    assert answered == local
    assert answered.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"url": 42},
        {"url": "http://localhost/x", "expires_at": "2099-01-01T00:00:00"},
        {"url": "http://localhost/x", "expires_at": "soon"},
        {"url": "http://localhost/x", "alias": ["a"]},
    ],
    ids=["no-url", "url-not-a-string", "expiry-without-offset", "expiry-not-a-time", "alias-not-a-string"],
)
def test_malformed_bodies_are_422_validation_error(
    gateway: httpx.Client, alice: TestUser, body: dict[str, object]
) -> None:
    response = gateway.post(LINKS, json=body, headers=alice.headers)
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "validation_error"


def test_invalid_json_is_400_malformed_json(gateway: httpx.Client, alice: TestUser) -> None:
    response = gateway.post(
        LINKS, content=b"{not json", headers={**alice.headers, "Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_json"


def test_the_owner_lists_their_links_newest_first_in_pages(
    gateway: httpx.Client, stack: Stack, target: str
) -> None:
    carol = new_user(stack)
    codes = [created(gateway, carol.headers, f"{target}?n={n}")["code"] for n in range(3)]

    page = gateway.get(LINKS, headers=carol.headers, params={"size": 2}).json()
    assert page["total"] == 3 and page["page"] == 1 and page["size"] == 2
    assert [item["code"] for item in page["items"]] == codes[::-1][:2]
    assert page["items"][0]["clicks"] == 0
    assert page["items"][0]["expired"] is False
    second = gateway.get(LINKS, headers=carol.headers, params={"size": 2, "page": 2}).json()
    assert [item["code"] for item in second["items"]] == [codes[0]]
