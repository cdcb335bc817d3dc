"""What one process used to know alone, shown to hold with three (docs/deploy.md, "State per process"):
signing keys and token checks, the sign-in limiter, and the web front's CSRF tokens."""

import uuid

import httpx

from devstack.stack import Stack
from tests.auth.helpers import fresh_ip
from tests.booking.conftest import make_event
from tests.factories import TestUser, new_user
from tests.web.conftest import csrf_token


def test_auth_replicas_publish_one_key_set_and_every_replica_accepts_a_token_from_any_other(
    replicated: Stack,
) -> None:
    jwks = [
        httpx.get(f"{replicated.service_url(r.name)}/auth/v1/jwks").json()
        for r in replicated.replicas("auth_api")
    ]
    assert all(keys == jwks[0] for keys in jwks), "the replicas share DATA_DIR/auth_keys: one key set"
    for signer in replicated.replicas("auth_api"):
        with httpx.Client(base_url=replicated.service_url(signer.name)) as auth:
            user = new_user(replicated)
            signed_in = auth.post("/auth/v1/login", json={"email": user.email, "password": user.password})
        token = {"Authorization": f"Bearer {signed_in.json()['access_token']}"}
        for service, path in (("auth_api", "/auth/v1/me"), ("booking_api", "/booking/v1/bookings")):
            for running in replicated.replicas(service):
                answer = httpx.get(f"{replicated.service_url(running.name)}{path}", headers=token)
                assert answer.status_code == 200, (signer.name, running.name, answer.text)


def test_failed_sign_ins_count_across_auth_replicas(replicated: Stack) -> None:
    user = new_user(replicated)
    replicas = replicated.replicas("auth_api")
    address = fresh_ip()

    def sign_in(replica: int, password: str) -> httpx.Response:
        return httpx.post(
            f"{replicated.service_url(replicas[replica % len(replicas)].name)}/auth/v1/login",
            json={"email": user.email, "password": password},
            headers={"X-Forwarded-For": address},
        )

    # Five failures, spread over the three replicas: the limit is per account, not per process.
    assert [sign_in(i, "wrong-password").status_code for i in range(5)] == [401] * 5
    for replica in range(len(replicas)):
        locked = sign_in(replica, user.password)
        assert (locked.status_code, locked.json()["code"]) == (429, "too_many_login_attempts")


def test_a_form_served_by_one_web_replica_is_accepted_by_another(
    replicated: Stack, front: httpx.Client, host: TestUser, movie: dict
) -> None:
    guest = new_user(replicated)
    event = make_event(front, host, movie, capacity=10)
    first, second = (replicated.service_url(r.name) for r in replicated.replicas("web")[:2])
    with httpx.Client(timeout=30, follow_redirects=False) as browser:
        browser.cookies.set("kc_access", guest.access_token, domain="127.0.0.1")
        browser.cookies.set("kc_refresh", guest.refresh_token, domain="127.0.0.1")
        page = browser.get(f"{first}/events/{event['id']}")
        assert page.status_code == 200, page.text
        booked = browser.post(
            f"{second}/events/{event['id']}/book",
            data={"csrf_token": csrf_token(page), "seats": "1", "idempotency_key": str(uuid.uuid4())},
        )
    assert booked.status_code == 303, booked.text[:500]
    mine = front.get("/booking/v1/bookings", headers=guest.headers).json()["items"]
    assert [b["event_id"] for b in mine] == [event["id"]]
