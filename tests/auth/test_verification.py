"""Verified email: registration mails a single-use link, opening it marks the address verified, a new
link can be asked for (rate-limited); demo accounts are verified (issue 15)."""

import httpx

from common.demo import DEMO_USERS
from devstack.stack import Stack
from tests.auth.mail import body_of, link_token, wait_for_mail
from tests.factories import login, new_user


def _verify(client: httpx.Client, token: str) -> httpx.Response:
    return client.post("/auth/v1/email/verify", json={"token": token})


def test_registration_mails_a_link_that_verifies_the_address_once(
    stack: Stack, visitor: httpx.Client
) -> None:
    user = new_user(stack)
    assert visitor.get("/auth/v1/me", headers=user.headers).json()["email_verified"] is False
    message = wait_for_mail(stack, user.email, "verify_email")[0]
    assert message["Subject"] == "Подтвердите адрес почты в Киноклубе", (
        "Russian unless the account chose English"
    )
    assert "/verify-email?token=" in body_of(message)
    token = link_token(message)

    verified = _verify(visitor, token)
    assert verified.status_code == 200, verified.text
    assert verified.json() == {"email": user.email, "email_verified": True}
    assert visitor.get("/auth/v1/me", headers=user.headers).json()["email_verified"] is True
    public = visitor.get(f"/auth/v1/user_info/{user.id}").json()
    assert public["email_verified"] is True

    again = _verify(visitor, token)
    assert (again.status_code, again.json()["code"]) == (400, "link_used")
    wrong = _verify(visitor, "no-such-token")
    assert (wrong.status_code, wrong.json()["code"]) == (400, "link_invalid")


def test_a_new_link_can_be_asked_for_once_a_minute_in_the_accounts_language(
    stack: Stack, visitor: httpx.Client
) -> None:
    user = new_user(stack)
    wait_for_mail(stack, user.email, "verify_email")
    assert visitor.patch("/auth/v1/me", json={"language": "en"}, headers=user.headers).status_code == 200
    sent = visitor.post("/auth/v1/email/verify/resend", headers=user.headers)
    assert sent.status_code == 202, sent.text
    too_soon = visitor.post("/auth/v1/email/verify/resend", headers=user.headers)
    assert (too_soon.status_code, too_soon.json()["code"]) == (429, "too_many_requests")
    assert 0 < int(too_soon.headers["retry-after"]) <= 60

    first, second = wait_for_mail(stack, user.email, "verify_email", count=2)
    assert second["Subject"] == "Confirm your email address at Kinoclub"
    assert (_verify(visitor, link_token(first)).json()["code"]) == "link_used", "the older link stops working"
    assert _verify(visitor, link_token(second)).status_code == 200
    done = visitor.post("/auth/v1/email/verify/resend", headers=user.headers)
    assert (done.status_code, done.json()["code"]) == (409, "email_already_verified")


def test_asking_for_a_link_needs_a_signed_in_person(stack: Stack, visitor: httpx.Client) -> None:
    assert visitor.post("/auth/v1/email/verify/resend").status_code == 401


def test_demo_accounts_are_verified(stack: Stack, gateway: httpx.Client) -> None:
    for demo in DEMO_USERS:
        me = gateway.get("/auth/v1/me", headers=login(stack, demo.email).headers).json()
        assert me["email_verified"] is True, demo.email
