"""Hostile input, as an attacker would send it, through nginx to every service issue 15 covers: error
bodies stay small, are strict JSON and never echo a secret; unknown fields and coerced types are 422;
names are text a person can read."""

import json
import uuid
from typing import Any

import httpx
import pytest

from devstack.stack import Stack
from tests.factories import TestUser, new_user, spare_film
from tests.support import client_from


@pytest.fixture(scope="module")
def person(stack: Stack) -> TestUser:
    return new_user(stack)


@pytest.fixture(scope="module")
def movie_id() -> str:
    return spare_film(1)


def _strict_json(response: httpx.Response) -> Any:
    def refuse(constant: str) -> None:
        raise AssertionError(f"bare {constant} in an error body: {response.text[:200]}")

    return json.loads(response.text, parse_constant=refuse)


def _writes(person: TestUser, movie_id: str) -> list[tuple[str, str, dict[str, Any], dict[str, str]]]:
    """A write of each service with a valid body: (method, path, body, headers)."""
    return [
        (
            "POST",
            "/auth/v1/register/",
            {
                "email": f"h-{uuid.uuid4().hex[:8]}@kinoclub.example",
                "password": "long-enough",
                "name": "Hostile",
            },
            {},
        ),
        ("POST", f"/ugc/v1/movies/{movie_id}/reviews", {"score": 5, "text": "x"}, person.headers),
        ("POST", "/url/v1/links", {"url": "http://localhost/booking/v1/events"}, person.headers),
        ("PUT", "/notification/v1/settings", {"language": "ru", "muted_kinds": []}, person.headers),
    ]


def test_sixty_thousand_extra_keys_get_a_small_422(stack: Stack, person: TestUser, movie_id: str) -> None:
    for method, path, body, headers in _writes(person, movie_id):
        flood = {**body, **{f"k{index}": index for index in range(60_000)}}
        with client_from(stack) as client:
            response = client.request(method, path, json=flood, headers=headers)
        assert response.status_code == 422, f"{path}: {response.status_code}"
        answer = _strict_json(response)
        assert answer["code"] == "validation_error"
        assert len(response.content) < 8_000, f"{path}: {len(response.content)} bytes"
        assert len(answer["detail"]) == 20 and answer["errors_omitted"] == 60_000 - 20


@pytest.mark.parametrize("field", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_non_finite_numbers_are_a_422_in_strict_json(
    stack: Stack, person: TestUser, movie_id: str, field: str
) -> None:
    raw = f'{{"score": {field}, "text": "x"}}'.encode()
    with client_from(stack) as client:
        review = client.post(
            f"/ugc/v1/movies/{movie_id}/reviews",
            content=raw,
            headers={**person.headers, "Content-Type": "application/json"},
        )
        logout = client.post(
            "/auth/v1/logout",
            content=f'{{"everywhere": {field}}}'.encode(),
            headers={"Content-Type": "application/json"},
        )
    for response in (review, logout):
        assert response.status_code == 422, response.text
        assert _strict_json(response)["code"] == "validation_error"


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/auth/v1/register/", {"email": "x@kinoclub.example", "password": "p" * 300, "name": "A"}),
        ("/auth/v1/login", {"email": ["x"], "password": "hunter2-secret-value"}),
        ("/auth/v1/password/reset", {"token": "t" * 300, "password": "also-a-secret-1"}),
        ("/auth/v1/service_token", {"client_id": "ugc_api", "client_secret": 12345678, "x": 1}),
        ("/auth/v1/refresh", {"refresh_token": "r" * 300}),
    ],
)
def test_passwords_tokens_and_secrets_never_come_back(stack: Stack, path: str, body: dict[str, Any]) -> None:
    with client_from(stack) as client:
        response = client.post(path, json=body)
    assert response.status_code == 422, response.text
    for secret in ("p" * 300, "hunter2-secret-value", "t" * 100, "also-a-secret-1", "12345678", "r" * 100):
        assert secret not in response.text, path


def test_long_values_are_echoed_cut_short(stack: Stack, person: TestUser, movie_id: str) -> None:
    with client_from(stack) as client:
        response = client.post(
            f"/ugc/v1/movies/{movie_id}/reviews",
            json={"score": "9" * 5000, "text": "x"},
            headers=person.headers,
        )
    assert response.status_code == 422
    assert "9" * 200 not in response.text
    assert len(response.content) < 2_000


@pytest.mark.parametrize(
    "name",
    [
        "evil\u202etxt.exe",
        "\u2066hidden\u2069",
        "zero\u200bwidth",
        "bell\u0007",
        "soft\u00adhyphen",
        "line\u2028sep",
    ],
)
def test_a_display_name_a_person_cannot_read_as_typed_is_a_422(stack: Stack, name: str) -> None:
    with client_from(stack) as client:
        response = client.post(
            "/auth/v1/register/",
            json={
                "email": f"n-{uuid.uuid4().hex[:8]}@kinoclub.example",
                "password": "long-enough",
                "name": name,
            },
        )
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "validation_error"


def test_names_in_other_scripts_and_emoji_are_fine(stack: Stack) -> None:
    with client_from(stack) as client:
        response = client.post(
            "/auth/v1/register/",
            json={
                "email": f"n-{uuid.uuid4().hex[:8]}@kinoclub.example",
                "password": "long-enough",
                "name": "Ёжик 🎬 שלום",
            },
        )
    assert response.status_code == 201, response.text


@pytest.mark.parametrize("score", [True, "7", "seven", 7.5, None])
def test_numbers_are_not_coerced_from_booleans_or_strings(
    stack: Stack, person: TestUser, movie_id: str, score: Any
) -> None:
    with client_from(stack) as client:
        response = client.post(
            f"/ugc/v1/movies/{movie_id}/reviews", json={"score": score, "text": "x"}, headers=person.headers
        )
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == ["body", "score"]


@pytest.mark.parametrize("everywhere", ["true", 1, "yes"])
def test_booleans_are_not_coerced_from_numbers_or_strings(stack: Stack, everywhere: Any) -> None:
    with client_from(stack) as client:
        response = client.post("/auth/v1/logout", json={"everywhere": everywhere})
    assert response.status_code == 422, response.text


def test_every_write_body_refuses_unknown_fields(stack: Stack, person: TestUser, movie_id: str) -> None:
    for method, path, body, headers in _writes(person, movie_id):
        with client_from(stack) as client:
            response = client.request(method, path, json={**body, "is_admin": True}, headers=headers)
        assert response.status_code == 422, f"{path}: {response.status_code} {response.text}"
        assert response.json()["detail"][0]["type"] == "extra_forbidden"
