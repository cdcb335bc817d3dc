"""Fixtures of the UGC tests: films nobody else in the suite uses, and the notification service's token."""

import uuid
from collections.abc import Iterator

import pytest

from devstack.stack import Stack
from movie_api.movies.catalog import load_films
from tests.factories import TestUser, new_user, service_headers
from ugc_api.bootstrap import DEMO_FILMS


@pytest.fixture(scope="session")
def _unused_films() -> Iterator[uuid.UUID]:
    # Each test takes films of its own, so totals and orders it asserts are not shared with other tests.
    return iter([film.id for film in load_films() if film.id not in DEMO_FILMS])


@pytest.fixture
def film(_unused_films: Iterator[uuid.UUID]) -> uuid.UUID:
    """A catalog film no other test touches."""
    return next(_unused_films)


@pytest.fixture
def other_film(_unused_films: Iterator[uuid.UUID]) -> uuid.UUID:
    return next(_unused_films)


@pytest.fixture(scope="session")
def notification(stack: Stack) -> dict[str, str]:
    """Bearer headers of the notification service."""
    return service_headers(stack, "notification")


@pytest.fixture
def alice(stack: Stack) -> TestUser:
    return new_user(stack)


@pytest.fixture
def bob(stack: Stack) -> TestUser:
    return new_user(stack)


@pytest.fixture
def carol(stack: Stack) -> TestUser:
    return new_user(stack)
