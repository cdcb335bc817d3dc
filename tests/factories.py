"""Test data builders shared by every service's tests.

Users are registered and signed in directly at the auth service (`stack.service_url("auth_api")`), not
through nginx, whose sign-in rate limit would otherwise throttle suites that create many users; each
new user comes from a client address of their own (X-Forwarded-For, which auth trusts from 127.0.0.1),
as people do, so auth's per-address limit on registrations does not count the whole suite as one
person. Groups are granted through auth's admin API, signed in as the demo admin (the test stack loads
demo data).

    user = new_user(stack)                         # a fresh member of `users`
    host = new_user(stack, groups=["moderator"])   # the token already carries `moderator`
    gateway.get("/booking/v1/bookings", headers=user.headers)
    anna = login(stack, DEMO_USERS[0].email)       # a demo user, signed in
    headers = service_headers(stack, "notification")
"""

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

import httpx

from common.demo import DEMO_PASSWORD, DEMO_USERS
from devstack.stack import Stack

DEFAULT_PASSWORD = "correct-horse-battery"
DEMO_ADMIN = next(user for user in DEMO_USERS if "admin" in user.groups)


@dataclass
class TestUser:
    """A signed-in user: send `headers` to act as them."""

    __test__ = False  # not a test class, despite the name

    id: uuid.UUID
    email: str
    password: str
    name: str
    access_token: str
    refresh_token: str
    groups: tuple[str, ...] = field(default=())

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


def _auth(stack: Stack) -> httpx.Client:
    return httpx.Client(base_url=stack.service_url("auth_api"), timeout=10)


def _expect(response: httpx.Response, status: int) -> httpx.Response:
    if response.status_code != status:
        raise AssertionError(
            f"{response.request.method} {response.request.url} -> {response.status_code}: {response.text}"
        )
    return response


def client_address() -> str:
    """A client address of its own (198.18.0.0/15, reserved for tests)."""
    value = uuid.uuid4().int
    return f"198.{18 + value % 2}.{(value >> 1) % 256}.{(value >> 9) % 254 + 1}"


def login(stack: Stack, email: str, password: str = DEMO_PASSWORD, *, address: str | None = None) -> TestUser:
    """Sign in an existing user (by default with the demo password)."""
    headers = {"X-Forwarded-For": address} if address else None
    with _auth(stack) as auth:
        tokens = _expect(
            auth.post("/auth/v1/login", json={"email": email, "password": password}, headers=headers), 200
        ).json()
        me = _expect(
            auth.get("/auth/v1/me", headers={"Authorization": f"Bearer {tokens['access_token']}"}), 200
        ).json()
    return TestUser(
        id=uuid.UUID(me["id"]),
        email=me["email"],
        password=password,
        name=me["name"],
        access_token=tokens["access_token"],
        refresh_token=tokens["refresh_token"],
        groups=tuple(me["groups"]),
    )


def admin(stack: Stack) -> TestUser:
    """The demo admin, signed in."""
    return login(stack, DEMO_ADMIN.email)


def new_user(
    stack: Stack, *, groups: Iterable[str] = (), name: str | None = None, password: str = DEFAULT_PASSWORD
) -> TestUser:
    """Register a fresh user (unique email), add them to `groups`, and sign them in."""
    email = f"user-{uuid.uuid4().hex[:16]}@kinoclub.example"
    name = name or f"Test User {email[5:13]}"
    wanted = [g for g in groups if g != "users"]
    address = client_address()
    with _auth(stack) as auth:
        created = _expect(
            auth.post(
                "/auth/v1/register/",
                json={"email": email, "password": password, "name": name},
                headers={"X-Forwarded-For": address},
            ),
            201,
        ).json()
        if wanted:
            headers = admin(stack).headers
            for group in wanted:
                _expect(auth.put(f"/auth/v1/groups/{group}/members/{created['id']}", headers=headers), 204)
    # Signed in after the groups were granted, so the access token carries them.
    return login(stack, email, password, address=address)


def service_token(stack: Stack, client_id: str) -> str:
    """A service token for `client_id` (a service name), with the secret the stack generated."""
    secret = json.loads((stack.data_dir / "secrets.json").read_text())[client_id]
    with _auth(stack) as auth:
        response = auth.post("/auth/v1/service_token", json={"client_id": client_id, "client_secret": secret})
    return _expect(response, 200).json()["access_token"]


def service_headers(stack: Stack, client_id: str) -> dict[str, str]:
    """Bearer headers acting as the service `client_id`."""
    return {"Authorization": f"Bearer {service_token(stack, client_id)}"}


def spare_film(place: int) -> str:
    """The id of a catalog film counted `place` from the end (1, 2, ...): the UGC tests take films from
    the start, one per test, and assert every review of theirs, so tests elsewhere review these."""
    from movie_api.movies.catalog import load_films

    return str(load_films()[-place].id)
