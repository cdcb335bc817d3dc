"""Failed sign-ins are limited per account and per client address (429 with Retry-After).

The HTTP tests talk to the auth service directly, so that nginx's own request-rate limit on the sign-in
route does not interfere, and give each test its own client address through X-Forwarded-For.
"""

import uuid
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest

from auth_api.tokens.limiter import LoginLimiter
from common.cache import create_redis
from common.clock import FakeClock
from devstack.stack import Stack
from tests.auth.helpers import fresh_ip
from tests.factories import new_user

ACCOUNT_LIMIT, IP_LIMIT, WINDOW = 5, 20, 900


def _login(auth: httpx.Client, email: str, password: str, ip: str) -> httpx.Response:
    return auth.post(
        "/auth/v1/login", json={"email": email, "password": password}, headers={"X-Forwarded-For": ip}
    )


def _assert_limited(response: httpx.Response) -> None:
    assert response.status_code == 429, response.text
    assert response.json()["code"] == "too_many_login_attempts"
    retry_after = int(response.headers["retry-after"])
    assert 0 < retry_after <= WINDOW
    assert response.json()["retry_after"] == retry_after


def test_an_account_is_locked_after_five_failures_even_from_different_addresses(
    stack: Stack, auth: httpx.Client
) -> None:
    user = new_user(stack)
    for _ in range(ACCOUNT_LIMIT):
        assert _login(auth, user.email, "wrong-password", fresh_ip()).status_code == 401
    _assert_limited(_login(auth, user.email, user.password, fresh_ip()))


def test_a_locked_account_does_not_lock_others_on_the_same_address(stack: Stack, auth: httpx.Client) -> None:
    victim, bystander = new_user(stack), new_user(stack)
    ip = fresh_ip()
    for _ in range(ACCOUNT_LIMIT):
        _login(auth, victim.email, "wrong-password", ip)
    _assert_limited(_login(auth, victim.email, victim.password, ip))
    assert _login(auth, bystander.email, bystander.password, ip).status_code == 200


def test_the_account_limit_ignores_the_emails_letter_case(stack: Stack, auth: httpx.Client) -> None:
    user = new_user(stack)
    for index in range(ACCOUNT_LIMIT):
        email = user.email.upper() if index % 2 else user.email
        assert _login(auth, email, "wrong-password", fresh_ip()).status_code == 401
    _assert_limited(_login(auth, user.email.upper(), user.password, fresh_ip()))


def test_an_address_is_locked_after_twenty_failures_across_accounts(stack: Stack, auth: httpx.Client) -> None:
    user = new_user(stack)
    ip = fresh_ip()
    for _ in range(IP_LIMIT):
        unknown = f"nobody-{uuid.uuid4().hex[:8]}@kinoclub.example"
        assert _login(auth, unknown, "wrong-password", ip).status_code == 401
    _assert_limited(_login(auth, user.email, user.password, ip))
    assert _login(auth, user.email, user.password, fresh_ip()).status_code == 200


def test_a_successful_sign_in_starts_the_accounts_count_again(stack: Stack, auth: httpx.Client) -> None:
    user = new_user(stack)
    for _ in range(ACCOUNT_LIMIT - 1):
        assert _login(auth, user.email, "wrong-password", fresh_ip()).status_code == 401
    assert _login(auth, user.email, user.password, fresh_ip()).status_code == 200
    for _ in range(ACCOUNT_LIMIT - 1):
        assert _login(auth, user.email, "wrong-password", fresh_ip()).status_code == 401
    assert _login(auth, user.email, user.password, fresh_ip()).status_code == 200


def test_the_limit_answers_through_nginx_as_json_too(stack: Stack, gateway: httpx.Client) -> None:
    user = new_user(stack)
    ip = fresh_ip()
    for _ in range(ACCOUNT_LIMIT):
        _login(gateway, user.email, "wrong-password", ip)
    _assert_limited(_login(gateway, user.email, user.password, ip))


# -- the limiter's time rules, with a fake clock against the stack's Redis ---------------------------


@pytest.fixture
async def limiter(stack: Stack) -> AsyncIterator[LoginLimiter]:
    client = create_redis(stack.redis_url, timeout=2)
    clock = FakeClock()
    yield LoginLimiter(
        client,
        prefix=f"test-limiter-{uuid.uuid4().hex}:",
        clock=clock,
        max_per_account=3,
        max_per_ip=10,
        window_seconds=60,
    )
    await client.aclose()


async def test_locked_account_opens_again_when_the_window_has_passed(limiter: LoginLimiter) -> None:
    clock = limiter.clock
    assert isinstance(clock, FakeClock)
    for _ in range(3):
        await limiter.record_failure(account="a@x.example", ip="198.18.0.1")
    assert await limiter.retry_after(account="a@x.example", ip="198.18.0.2") == 60
    clock.advance(timedelta(seconds=45))
    assert await limiter.retry_after(account="a@x.example", ip="198.18.0.2") == 15
    clock.advance(timedelta(seconds=15))
    assert await limiter.retry_after(account="a@x.example", ip="198.18.0.2") is None


async def test_the_window_slides_one_failure_at_a_time(limiter: LoginLimiter) -> None:
    clock = limiter.clock
    assert isinstance(clock, FakeClock)
    for step in (0, 30, 20):
        clock.advance(timedelta(seconds=step))
        await limiter.record_failure(account="b@x.example", ip="198.18.0.3")
    # Failures at 0, 30 and 50 s: the one at 0 s leaves the window at 60 s.
    assert await limiter.retry_after(account="b@x.example", ip="198.18.0.3") == 10
    clock.advance(timedelta(seconds=10))
    assert await limiter.retry_after(account="b@x.example", ip="198.18.0.3") is None
    await limiter.record_failure(account="b@x.example", ip="198.18.0.3")
    # Now 30, 50 and 60 s: blocked until the one at 30 s leaves, at 90 s.
    assert await limiter.retry_after(account="b@x.example", ip="198.18.0.3") == 30


async def test_clearing_an_account_keeps_the_addresses_count(limiter: LoginLimiter) -> None:
    for index in range(10):
        await limiter.record_failure(account=f"c{index}@x.example", ip="198.18.0.4")
    await limiter.clear_account("c9@x.example")
    assert await limiter.retry_after(account="someone@x.example", ip="198.18.0.4") == 60
    assert await limiter.retry_after(account="someone@x.example", ip="198.18.0.5") is None


async def test_an_unreachable_redis_does_not_lock_anyone_out() -> None:
    client = create_redis("redis://127.0.0.1:1/0", timeout=0.2)
    limiter = LoginLimiter(
        client, prefix="x:", clock=FakeClock(), max_per_account=1, max_per_ip=1, window_seconds=60
    )
    await limiter.record_failure(account="d@x.example", ip="198.18.0.6")
    assert await limiter.retry_after(account="d@x.example", ip="198.18.0.6") is None
    await client.aclose()
