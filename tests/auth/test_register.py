"""Registration at the brief's exact path `POST /auth/v1/register/`."""

import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from devstack.stack import Stack
from tests.auth.helpers import fresh_ip
from tests.support import client_from


def test_register_creates_a_user_in_the_users_group_without_exposing_the_hash(
    visitor: httpx.Client, email: str
) -> None:
    response = visitor.post(
        "/auth/v1/register/", json={"email": email, "password": "long-enough", "name": "  Anna  "}
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert set(body) == {"id", "email", "email_verified", "name", "groups", "joined_at", "language"}
    assert body["language"] is None, "no language until the person chooses one"
    assert body["email_verified"] is False, "verified only once the emailed link is opened"
    assert uuid.UUID(body["id"])
    assert body["email"] == email
    assert body["name"] == "Anna"
    assert body["groups"] == ["users"]
    joined = datetime.fromisoformat(body["joined_at"])
    assert joined.utcoffset() == timedelta(0)
    assert abs(datetime.now(UTC) - joined) < timedelta(minutes=1)


def test_registered_user_can_sign_in(visitor: httpx.Client, auth: httpx.Client, email: str) -> None:
    visitor.post("/auth/v1/register/", json={"email": email, "password": "long-enough", "name": "Boris"})
    response = auth.post("/auth/v1/login", json={"email": email, "password": "long-enough"})
    assert response.status_code == 200, response.text
    assert response.json()["access_token"]


def test_duplicate_email_in_any_letter_case_is_a_409(visitor: httpx.Client, email: str) -> None:
    first = visitor.post("/auth/v1/register/", json={"email": email, "password": "long-enough", "name": "A"})
    assert first.status_code == 201
    again = visitor.post(
        "/auth/v1/register/", json={"email": email.upper(), "password": "other-password", "name": "B"}
    )
    assert again.status_code == 409
    assert again.json()["code"] == "email_taken"


def test_demo_email_is_taken(visitor: httpx.Client) -> None:
    response = visitor.post(
        "/auth/v1/register/",
        json={"email": "Anna@Kinoclub.Example", "password": "long-enough", "name": "Impostor"},
    )
    assert response.status_code == 409
    assert response.json()["code"] == "email_taken"


@pytest.mark.parametrize("password", ["", "short", "1234567"])
def test_password_shorter_than_eight_characters_is_a_validation_error(
    visitor: httpx.Client, email: str, password: str
) -> None:
    response = visitor.post("/auth/v1/register/", json={"email": email, "password": password, "name": "A"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert any(err["loc"][-1] == "password" for err in body["detail"])


@pytest.mark.parametrize("bad_email", ["not-an-email", "a@", "@example.com", "a b@example.com", ""])
def test_malformed_email_is_a_validation_error(visitor: httpx.Client, bad_email: str) -> None:
    response = visitor.post(
        "/auth/v1/register/", json={"email": bad_email, "password": "long-enough", "name": "A"}
    )
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


@pytest.mark.parametrize(
    "body",
    [
        {"password": "long-enough", "name": "A"},
        {"email": "x@kinoclub.example", "name": "A"},
        {"email": "x@kinoclub.example", "password": "long-enough"},
        {"email": "x@kinoclub.example", "password": "long-enough", "name": "   "},
        {"email": "x@kinoclub.example", "password": "long-enough", "name": "n" * 101},
        {"email": "x@kinoclub.example", "password": "long-enough", "name": "nul\u0000in the name"},
        {"email": "x@kinoclub.example", "password": "long-enough", "name": "line\nbreak"},
        {"email": "x@kinoclub.example", "password": "p" * 257, "name": "A"},
        {"email": ["x@kinoclub.example"], "password": "long-enough", "name": "A"},
    ],
)
def test_missing_or_invalid_fields_are_validation_errors(visitor: httpx.Client, body: dict) -> None:
    response = visitor.post("/auth/v1/register/", json=body)
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


def test_malformed_json_is_a_400(visitor: httpx.Client) -> None:
    response = visitor.post(
        "/auth/v1/register/", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_json"


def test_register_answers_without_the_trailing_slash_too(visitor: httpx.Client, email: str) -> None:
    response = visitor.post(
        "/auth/v1/register", json={"email": email, "password": "long-enough", "name": "N"}
    )
    assert response.status_code == 201, response.text


def test_registrations_are_limited_per_address_at_auth(stack: Stack, auth: httpx.Client) -> None:
    ip = fresh_ip()
    answers = [
        auth.post(
            "/auth/v1/register/",
            json={
                "email": f"many-{uuid.uuid4().hex[:10]}@kinoclub.example",
                "password": "long-enough",
                "name": "M",
            },
            headers={"X-Forwarded-For": ip},
        )
        for _ in range(21)
    ]
    assert [a.status_code for a in answers[:20]] == [201] * 20
    assert (answers[20].status_code, answers[20].json()["code"]) == (429, "too_many_requests")
    assert 0 < int(answers[20].headers["retry-after"]) <= 600
    other = auth.post(
        "/auth/v1/register/",
        json={
            "email": f"other-{uuid.uuid4().hex[:10]}@kinoclub.example",
            "password": "long-enough",
            "name": "O",
        },
        headers={"X-Forwarded-For": fresh_ip()},
    )
    assert other.status_code == 201


def test_registration_floods_meet_nginxs_limit(stack: Stack) -> None:
    with client_from(stack) as client:
        answers = [client.post("/auth/v1/register/", json={"email": "not-an-email"}) for _ in range(30)]
    limited = [a for a in answers if a.status_code == 429]
    assert limited, [a.status_code for a in answers]
    assert limited[0].json()["code"] == "too_many_requests"
