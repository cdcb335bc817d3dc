"""Sign-in throttling: per account *and* client address with growing delays, per address overall; a
stranger's failures never stop the owner signing in from elsewhere (issue 15).

The HTTP tests talk to the auth service directly, so that nginx's own request-rate limit on the sign-in
route does not interfere, and give each test its own client addresses through X-Forwarded-For.
"""

import uuid
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import httpx
import pytest

from common.cache import create_redis
from common.clock import FakeClock
from common.ratelimit import RateLimiter, Rule
from devstack.stack import Stack
from tests.auth.helpers import fresh_ip
from tests.factories import new_user
from tests.support import client_from

FREE, IP_LIMIT, WINDOW = 5, 20, 900


def _login(client: httpx.Client, email: str, password: str, ip: str) -> httpx.Response:
    return client.post(
        "/auth/v1/login", json={"email": email, "password": password}, headers={"X-Forwarded-For": ip}
    )


def _assert_limited(response: httpx.Response, *, at_most: int = WINDOW) -> int:
    assert response.status_code == 429, response.text
    assert response.json()["code"] == "too_many_login_attempts"
    retry_after = int(response.headers["retry-after"])
    assert 0 < retry_after <= at_most
    assert response.json()["retry_after"] == retry_after
    return retry_after


def _sign_in(client: httpx.Client, email: str, password: str) -> httpx.Response:
    return client.post("/auth/v1/login", json={"email": email, "password": password})


def test_five_wrong_passwords_from_one_address_do_not_stop_the_owner_at_another(stack: Stack) -> None:
    """Through nginx, from two real client addresses (two loopback addresses)."""
    user = new_user(stack)
    with client_from(stack) as stranger, client_from(stack) as owner:
        for _ in range(FREE):
            assert _sign_in(stranger, user.email, "wrong-password").status_code == 401
        assert _sign_in(owner, user.email, user.password).status_code == 200
        _assert_limited(_sign_in(stranger, user.email, user.password), at_most=1)


def test_many_strangers_cannot_lock_the_owner_out(stack: Stack, auth: httpx.Client) -> None:
    user = new_user(stack)
    for _ in range(4):
        stranger = fresh_ip()
        for _ in range(FREE):
            _login(auth, user.email, "wrong-password", stranger)
        _assert_limited(_login(auth, user.email, "wrong-password", stranger))
    assert _login(auth, user.email, user.password, fresh_ip()).status_code == 200


def test_a_guessing_run_from_one_address_is_slowed_down_even_with_the_right_password(
    stack: Stack, auth: httpx.Client
) -> None:
    user = new_user(stack)
    ip = fresh_ip()
    for _ in range(FREE):
        assert _login(auth, user.email, "wrong-password", ip).status_code == 401
    _assert_limited(_login(auth, user.email, "wrong-password", ip), at_most=1)
    _assert_limited(_login(auth, user.email, user.password, ip), at_most=1)


def test_the_account_and_address_pair_ignores_the_emails_letter_case_and_spaces(
    stack: Stack, auth: httpx.Client
) -> None:
    user = new_user(stack)
    ip = fresh_ip()
    for index in range(FREE):
        email = user.email.upper() if index % 2 else f"  {user.email} "
        assert _login(auth, email, "wrong-password", ip).status_code == 401
    _assert_limited(_login(auth, user.email, user.password, ip))


def test_parallel_wrong_passwords_cannot_slip_past_the_count(stack: Stack, auth: httpx.Client) -> None:
    user = new_user(stack)
    ip = fresh_ip()
    with ThreadPoolExecutor(max_workers=12) as pool:
        answers = list(
            pool.map(lambda _: _login(auth, user.email, "wrong-password", ip).status_code, range(12))
        )
    assert answers.count(401) == FREE, answers
    assert answers.count(429) == 12 - FREE, answers


def test_an_address_is_stopped_after_twenty_failures_across_accounts(
    stack: Stack, auth: httpx.Client
) -> None:
    user = new_user(stack)
    ip = fresh_ip()
    for _ in range(IP_LIMIT):
        unknown = f"nobody-{uuid.uuid4().hex[:8]}@kinoclub.example"
        assert _login(auth, unknown, "wrong-password", ip).status_code == 401
    _assert_limited(_login(auth, user.email, user.password, ip))
    assert _login(auth, user.email, user.password, fresh_ip()).status_code == 200


def test_a_successful_sign_in_starts_the_count_again(stack: Stack, auth: httpx.Client) -> None:
    user = new_user(stack)
    ip = fresh_ip()
    for _ in range(2):
        for _ in range(FREE - 1):
            assert _login(auth, user.email, "wrong-password", ip).status_code == 401
        assert _login(auth, user.email, user.password, ip).status_code == 200


def test_the_limit_answers_through_nginx_as_json_too(stack: Stack, visitor: httpx.Client) -> None:
    user = new_user(stack)
    for _ in range(FREE):
        _sign_in(visitor, user.email, "wrong-password")
    _assert_limited(_sign_in(visitor, user.email, user.password))


# -- the limiter's time rules, with a fake clock against the stack's Redis ---------------------------


@pytest.fixture
async def limiter(stack: Stack) -> AsyncIterator[RateLimiter]:
    client = create_redis(stack.redis_url, timeout=2)
    yield RateLimiter(client, prefix=f"test-limiter-{uuid.uuid4().hex}:", clock=FakeClock())
    await client.aclose()


GROWING = Rule(limit=1000, window=900, free=3, base_delay=1.0, max_delay=8.0)


async def test_each_failure_past_the_free_ones_doubles_the_wait(limiter: RateLimiter) -> None:
    clock = limiter.clock
    assert isinstance(clock, FakeClock)
    for _ in range(3):
        assert await limiter.attempt({"pair": GROWING}) is None
    waits = []
    for _ in range(5):
        wait = await limiter.attempt({"pair": GROWING})
        assert wait is not None
        waits.append(wait)
        clock.advance(timedelta(seconds=wait))
        assert await limiter.attempt({"pair": GROWING}) is None
    assert waits == [1, 2, 4, 8, 8], "1 s, then twice as long each time, at most max_delay"


async def test_the_window_slides_one_attempt_at_a_time(limiter: RateLimiter) -> None:
    clock = limiter.clock
    assert isinstance(clock, FakeClock)
    rule = Rule(limit=3, window=60)
    for step in (0, 30, 20):
        clock.advance(timedelta(seconds=step))
        assert await limiter.attempt({"ip": rule}) is None
    # Attempts at 0, 30 and 50 s: the one at 0 s leaves the window at 60 s.
    assert await limiter.attempt({"ip": rule}) == 10
    clock.advance(timedelta(seconds=10))
    assert await limiter.attempt({"ip": rule}) is None
    # Now 30, 50 and 60 s: refused until the one at 30 s leaves, at 90 s.
    assert await limiter.attempt({"ip": rule}) == 30


async def test_a_refused_attempt_is_not_counted_and_a_forgotten_one_no_longer_is(
    limiter: RateLimiter,
) -> None:
    rule = Rule(limit=2, window=60)
    assert await limiter.attempt({"a": rule, "b": rule}, member="one") is None
    assert await limiter.attempt({"a": rule}) is None
    assert await limiter.attempt({"a": rule, "b": rule}) is not None  # "a" is full: "b" keeps one attempt
    assert await limiter.attempt({"b": rule}) is None
    await limiter.forget("a", "one")
    assert await limiter.attempt({"a": rule}) is None


async def test_an_unreachable_redis_does_not_lock_anyone_out() -> None:
    client = create_redis("redis://127.0.0.1:1/0", timeout=0.2)
    limiter = RateLimiter(client, prefix="x:", clock=FakeClock())
    for _ in range(3):
        assert await limiter.attempt({"k": Rule(limit=1, window=60)}) is None
    await client.aclose()
