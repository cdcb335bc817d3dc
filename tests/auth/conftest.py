"""Fixtures of the auth tests: a client straight at the auth service (past nginx's sign-in limit)."""

import uuid
from collections.abc import Iterator

import httpx
import pytest

from devstack.stack import Stack
from tests.support import client_from


@pytest.fixture(scope="session")
def auth(stack: Stack) -> Iterator[httpx.Client]:
    """An HTTP client pointed at the auth service itself, not at nginx."""
    with httpx.Client(base_url=stack.service_url("auth_api"), timeout=10) as client:
        yield client


@pytest.fixture
def email() -> str:
    return f"reg-{uuid.uuid4().hex[:16]}@kinoclub.example"


@pytest.fixture
def visitor(stack: Stack) -> Iterator[httpx.Client]:
    """A client of nginx from a loopback address of its own, so nginx and auth count its requests per
    address apart from every other test's."""
    with client_from(stack) as client:
        yield client
