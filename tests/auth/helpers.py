"""Helpers of the auth tests."""

from tests.factories import client_address


def fresh_ip() -> str:
    """A client address of its own (198.18.0.0/15, reserved for tests), so failed sign-ins of one test
    do not count against another. Services trust X-Forwarded-For from 127.0.0.1: nginx, and the tests."""
    return client_address()
