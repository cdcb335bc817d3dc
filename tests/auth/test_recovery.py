"""Passwords: forgotten (an emailed single-use link, 30 minutes), reset with it, changed while signed in;
each of them ends the sessions it should (issue 15). Mail is read from the stack's mail sink."""

import asyncio
import statistics
import time
import uuid

import asyncpg
import httpx

from devstack.stack import Stack
from tests.auth.mail import account_mail, body_of, link_token, wait_for_mail
from tests.factories import TestUser, login, new_user
from tests.support import client_from


def _forgot(client: httpx.Client, email: str) -> httpx.Response:
    return client.post("/auth/v1/password/forgot", json={"email": email})


def _reset_token(stack: Stack, client: httpx.Client, user: TestUser, *, count: int = 1) -> str:
    assert _forgot(client, user.email).status_code == 202
    return link_token(wait_for_mail(stack, user.email, "reset_password", count=count)[-1])


def test_forgot_answers_the_same_for_a_known_and_an_unknown_email(
    stack: Stack, visitor: httpx.Client
) -> None:
    user = new_user(stack)
    unknown = f"nobody-{uuid.uuid4().hex[:12]}@kinoclub.example"
    known_answer, unknown_answer = _forgot(visitor, user.email), _forgot(visitor, unknown)
    assert known_answer.status_code == unknown_answer.status_code == 202
    assert known_answer.json() == unknown_answer.json()
    assert known_answer.content == unknown_answer.content
    message = wait_for_mail(stack, user.email, "reset_password")[0]
    assert "/reset-password?token=" in body_of(message)
    assert account_mail(stack, unknown, "reset_password") == []


def test_forgot_takes_about_as_long_for_a_known_and_an_unknown_email(stack: Stack) -> None:
    users = [new_user(stack) for _ in range(6)]
    unknown = [f"nobody-{uuid.uuid4().hex[:12]}@kinoclub.example" for _ in range(6)]
    timings: dict[str, list[float]] = {"known": [], "unknown": []}
    with client_from(stack) as client:
        for user, stranger in zip(users, unknown, strict=True):
            for kind, email in (("known", user.email), ("unknown", stranger)):
                time.sleep(0.3)  # the known address's work runs after its answer; let it finish
                started = time.perf_counter()
                assert _forgot(client, email).status_code == 202
                timings[kind].append(time.perf_counter() - started)
    gap = abs(statistics.median(timings["known"]) - statistics.median(timings["unknown"]))
    assert gap < 0.05, timings


def test_a_reset_link_sets_the_password_once_and_ends_every_session(
    stack: Stack, visitor: httpx.Client
) -> None:
    user = new_user(stack)
    other_device = login(stack, user.email, user.password)
    token = _reset_token(stack, visitor, user)
    reset = visitor.post("/auth/v1/password/reset", json={"token": token, "password": "a-brand-new-one"})
    assert reset.status_code == 200, reset.text
    time.sleep(1)
    for device in (user, other_device):
        assert visitor.get("/ugc/v1/me/subscriptions", headers=device.headers).status_code == 401
        assert (
            visitor.post("/auth/v1/refresh", json={"refresh_token": device.refresh_token}).status_code == 401
        )
    assert login(stack, user.email, "a-brand-new-one").id == user.id
    with httpx.Client(base_url=stack.service_url("auth_api")) as auth:
        old = auth.post("/auth/v1/login", json={"email": user.email, "password": user.password})
        assert old.status_code == 401

    again = visitor.post("/auth/v1/password/reset", json={"token": token, "password": "yet-another-one"})
    assert (again.status_code, again.json()["code"]) == (400, "link_used")
    told = body_of(wait_for_mail(stack, user.email, "password_changed")[0])
    assert "все сеансы завершены" in told, "the owner hears of it, in Russian by default"


def test_a_wrong_or_expired_link_is_a_400_with_its_own_code(stack: Stack, visitor: httpx.Client) -> None:
    wrong = visitor.post(
        "/auth/v1/password/reset", json={"token": "not-a-real-token", "password": "whatever-1"}
    )
    assert (wrong.status_code, wrong.json()["code"]) == (400, "link_invalid")

    user = new_user(stack)
    token = _reset_token(stack, visitor, user)

    async def expire() -> None:
        connection = await asyncpg.connect(stack.database_urls["auth_api"])
        try:
            await connection.execute(
                "UPDATE link_tokens SET expires_at = now() - interval '1 second'"
                " WHERE user_id = $1 AND purpose = 'reset_password'",
                user.id,
            )
        finally:
            await connection.close()

    asyncio.run(expire())
    expired = visitor.post("/auth/v1/password/reset", json={"token": token, "password": "whatever-1"})
    assert (expired.status_code, expired.json()["code"]) == (400, "link_expired")


def test_a_reset_link_lasts_thirty_minutes_and_a_newer_one_replaces_it(
    stack: Stack, visitor: httpx.Client
) -> None:
    user = new_user(stack)
    first = _reset_token(stack, visitor, user)

    async def lifetime() -> float:
        connection = await asyncpg.connect(stack.database_urls["auth_api"])
        try:
            return float(
                await connection.fetchval(
                    "SELECT extract(epoch FROM expires_at - created_at) FROM link_tokens"
                    " WHERE user_id = $1 AND purpose = 'reset_password'",
                    user.id,
                )
            )
        finally:
            await connection.close()

    assert asyncio.run(lifetime()) == 30 * 60
    second = _reset_token(stack, visitor, user, count=2)
    assert second != first
    stale = visitor.post("/auth/v1/password/reset", json={"token": first, "password": "whatever-1"})
    assert stale.status_code == 400
    fresh = visitor.post("/auth/v1/password/reset", json={"token": second, "password": "whatever-1"})
    assert fresh.status_code == 200


def test_changing_the_password_needs_the_current_one_and_ends_the_other_sessions(
    stack: Stack, gateway: httpx.Client
) -> None:
    user = new_user(stack)
    other_device = login(stack, user.email, user.password)
    wrong = gateway.post(
        "/auth/v1/password/change",
        json={"current_password": "not-it-at-all", "new_password": "the-next-password"},
        headers=user.headers,
    )
    assert (wrong.status_code, wrong.json()["code"]) == (403, "wrong_password")
    changed = gateway.post(
        "/auth/v1/password/change",
        json={"current_password": user.password, "new_password": "the-next-password"},
        headers=user.headers,
    )
    assert changed.status_code == 200, changed.text
    time.sleep(1)
    assert gateway.get("/booking/v1/bookings", headers=other_device.headers).status_code == 401
    assert gateway.get("/booking/v1/bookings", headers=user.headers).status_code == 200, "this session stays"
    assert login(stack, user.email, "the-next-password").id == user.id
    wait_for_mail(stack, user.email, "password_changed")


def test_password_bodies_are_strict_and_never_echo_a_password(stack: Stack, gateway: httpx.Client) -> None:
    user = new_user(stack)
    short = gateway.post(
        "/auth/v1/password/change",
        json={"current_password": user.password, "new_password": "short7!"},
        headers=user.headers,
    )
    assert short.status_code == 422
    assert user.password not in short.text and "short7!" not in short.text
    extra = gateway.post(
        "/auth/v1/password/reset", json={"token": "x", "password": "long-enough-1", "admin": True}
    )
    assert (extra.status_code, extra.json()["code"]) == (422, "validation_error")
