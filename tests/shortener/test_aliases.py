"""Chosen aliases: what is accepted as a code, reserved words, and who holds an alias."""

import uuid

import httpx
import pytest

from tests.factories import TestUser
from tests.shortener.helpers import created, shorten


def fresh_alias(stem: str = "party") -> str:
    return f"{stem}-{uuid.uuid4().hex[:10]}"


def test_an_alias_becomes_the_code_and_the_short_link_redirects(
    gateway: httpx.Client, alice: TestUser, target: str
) -> None:
    alias = fresh_alias("movie_night")
    link = created(gateway, alice.headers, target, alias=alias)
    assert link["code"] == alias
    assert link["short_url"].endswith(f"/s/{alias}")

    redirect = gateway.get(f"/s/{alias}")
    assert redirect.status_code == 302
    assert redirect.headers["location"] == target


def test_an_alias_held_by_someone_else_is_409_alias_taken(
    gateway: httpx.Client, alice: TestUser, bob: TestUser, target: str
) -> None:
    alias = fresh_alias()
    created(gateway, alice.headers, target, alias=alias)

    response = shorten(gateway, bob.headers, target, alias=alias)
    assert response.status_code == 409
    assert response.json() == {
        "code": "alias_taken",
        "detail": "This alias is already in use.",
        "alias": alias,
    }


def test_the_same_alias_for_the_same_url_again_is_the_existing_link_and_for_another_url_409(
    gateway: httpx.Client, alice: TestUser, target: str
) -> None:
    alias = fresh_alias()
    link = created(gateway, alice.headers, target, alias=alias)

    again = shorten(gateway, alice.headers, target, alias=alias)
    assert again.status_code == 200
    assert again.json() == link

    elsewhere = shorten(gateway, alice.headers, f"{target}/other", alias=alias)
    assert elsewhere.status_code == 409
    assert elsewhere.json()["code"] == "alias_taken"


def test_an_alias_link_is_separate_from_the_owners_random_link_for_the_same_url(
    gateway: httpx.Client, alice: TestUser, target: str
) -> None:
    random_code = created(gateway, alice.headers, target)["code"]
    alias = fresh_alias()
    assert created(gateway, alice.headers, target, alias=alias)["code"] == alias
    assert shorten(gateway, alice.headers, target).json()["code"] == random_code


@pytest.mark.parametrize(
    "alias",
    [
        "abc",
        "a" * 51,
        "Movie-Night",
        "movie night",
        "movie.night",
        "movie/night",
        "-night",
        "night_",
        "ночь-кино",
        "%2e%2e",
        "",
    ],
    ids=[
        "too-short",
        "too-long",
        "uppercase",
        "space",
        "dot",
        "slash",
        "leading-dash",
        "trailing-underscore",
        "non-ascii",
        "percent",
        "empty",
    ],
)
def test_an_alias_breaking_the_rules_is_422_alias_invalid(
    gateway: httpx.Client, alice: TestUser, target: str, alias: str
) -> None:
    response = shorten(gateway, alice.headers, target, alias=alias)
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "alias_invalid"
    assert "lowercase letters" in response.json()["detail"]


@pytest.mark.parametrize("alias", ["docs", "health", "api", "admin", "openapi", "static", "login"])
def test_a_reserved_word_is_422_alias_reserved(
    gateway: httpx.Client, alice: TestUser, target: str, alias: str
) -> None:
    response = shorten(gateway, alice.headers, target, alias=alias)
    assert response.status_code == 422
    assert response.json()["code"] == "alias_reserved"


def test_aliases_at_the_length_limits_are_accepted(
    gateway: httpx.Client, alice: TestUser, target: str
) -> None:
    shortest = uuid.uuid4().hex[:4]
    longest = uuid.uuid4().hex + "x" * 18
    assert created(gateway, alice.headers, target, alias=shortest)["code"] == shortest
    assert created(gateway, alice.headers, f"{target}/2", alias=longest)["code"] == longest
