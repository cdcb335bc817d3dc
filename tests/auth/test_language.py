"""The language preference on the account: "ru", "en" or not chosen (null); only the person sets it."""

import httpx
import pytest

from devstack.stack import Stack
from tests.factories import new_user, service_headers


def test_a_person_chooses_their_language_and_sees_it_in_me_and_services_see_it_in_profiles(
    stack: Stack, gateway: httpx.Client
) -> None:
    person, other = new_user(stack), new_user(stack)
    assert gateway.get("/auth/v1/me", headers=person.headers).json()["language"] is None

    changed = gateway.patch("/auth/v1/me", json={"language": "en"}, headers=person.headers)
    assert changed.status_code == 200, changed.text
    assert changed.json()["language"] == "en"
    assert gateway.get("/auth/v1/me", headers=person.headers).json()["language"] == "en"

    profiles = gateway.get(
        "/auth/v1/users",
        params=[("id", str(person.id)), ("id", str(other.id))],
        headers=service_headers(stack, "notification"),
    ).json()
    assert {p["id"]: p["language"] for p in profiles} == {str(person.id): "en", str(other.id): None}
    public = gateway.get(f"/auth/v1/user_info/{person.id}", headers=other.headers).json()
    assert "language" not in public, "like the email, another person does not see it"

    cleared = gateway.patch("/auth/v1/me", json={"language": None}, headers=person.headers)
    assert cleared.json()["language"] is None
    assert gateway.patch("/auth/v1/me", json={}, headers=person.headers).json()["language"] is None


@pytest.mark.parametrize(
    "body",
    [
        {"language": "fr"},
        {"language": "RU"},
        {"language": 1},
        {"language": ["ru"]},
        {"language": "ru", "name": "X"},
    ],
)
def test_an_unknown_language_or_field_is_refused_and_changes_nothing(
    stack: Stack, gateway: httpx.Client, body: dict
) -> None:
    person = new_user(stack)
    gateway.patch("/auth/v1/me", json={"language": "ru"}, headers=person.headers)
    refused = gateway.patch("/auth/v1/me", json=body, headers=person.headers)
    assert refused.status_code == 422
    assert refused.json()["code"] == "validation_error"
    assert gateway.get("/auth/v1/me", headers=person.headers).json()["language"] == "ru"


def test_only_the_signed_in_person_sets_their_language(stack: Stack, gateway: httpx.Client) -> None:
    assert gateway.patch("/auth/v1/me", json={"language": "en"}).status_code == 401
    as_service = gateway.patch(
        "/auth/v1/me", json={"language": "en"}, headers=service_headers(stack, "notification")
    )
    assert as_service.status_code == 403
