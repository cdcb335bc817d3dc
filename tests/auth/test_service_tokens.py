"""Service credentials: `POST /auth/v1/service_token` and the token's use (docs/service-auth.md)."""

import json

import httpx
import jwt
import pytest

from common.http import create_http_client
from common.service_auth import ServiceTokenProvider
from devstack.services import SERVICES
from devstack.stack import Stack
from tests.auth.verifying import jwks_verifier
from tests.factories import new_user


def _secret(stack: Stack, client_id: str) -> str:
    return json.loads((stack.data_dir / "secrets.json").read_text())[client_id]


@pytest.mark.parametrize("client_id", [spec.name for spec in SERVICES])
def test_every_service_gets_a_service_token_for_its_secret(
    stack: Stack, auth: httpx.Client, client_id: str
) -> None:
    response = auth.post(
        "/auth/v1/service_token", json={"client_id": client_id, "client_secret": _secret(stack, client_id)}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "bearer"
    assert 60 < body["expires_in"] <= 3600
    assert jwt.get_unverified_header(body["access_token"])["alg"] == "RS256"
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert claims["typ"] == "service"
    assert claims["sub"] == client_id
    assert claims["groups"] == ["service"]
    assert claims["aud"] == "kinoclub" and claims["iss"] == "kinoclub-auth"


async def test_service_token_verifies_as_a_service_principal_with_the_jwks(stack: Stack) -> None:
    async with jwks_verifier(stack) as verifier:
        token = httpx.post(
            f"{stack.service_url('auth_api')}/auth/v1/service_token",
            json={"client_id": "notification", "client_secret": _secret(stack, "notification")},
        ).json()["access_token"]
        principal = await verifier.verify(token)
    assert principal.is_service
    assert principal.subject == "notification"
    assert principal.in_group("service")


@pytest.mark.parametrize(
    "body",
    [
        {"client_id": "notification", "client_secret": "wrong"},
        {"client_id": "nobody", "client_secret": "whatever"},
    ],
)
def test_wrong_secret_or_unknown_client_is_a_401(auth: httpx.Client, body: dict) -> None:
    response = auth.post("/auth/v1/service_token", json=body)
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_client"


def test_one_services_secret_does_not_work_for_another(stack: Stack, auth: httpx.Client) -> None:
    response = auth.post(
        "/auth/v1/service_token",
        json={"client_id": "booking_api", "client_secret": _secret(stack, "notification")},
    )
    assert response.status_code == 401


def test_service_token_request_without_fields_is_a_validation_error(auth: httpx.Client) -> None:
    response = auth.post("/auth/v1/service_token", json={"client_id": "notification"})
    assert response.status_code == 422


def test_a_service_token_is_not_a_user_at_me(stack: Stack, gateway: httpx.Client) -> None:
    token = httpx.post(
        f"{stack.service_url('auth_api')}/auth/v1/service_token",
        json={"client_id": "notification", "client_secret": _secret(stack, "notification")},
    ).json()["access_token"]
    response = gateway.get("/auth/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403
    assert response.json()["code"] == "user_token_required"


async def test_notification_reads_a_users_email_with_the_common_token_provider(stack: Stack) -> None:
    """The documented recipe: ServiceTokenProvider + user_info at AUTH_URL."""
    user = new_user(stack)
    auth_url = stack.service_url("auth_api")
    async with create_http_client(timeout=5, retries=0) as client:
        provider = ServiceTokenProvider(
            client, auth_url=auth_url, client_id="notification", client_secret=_secret(stack, "notification")
        )
        response = await client.post(
            f"{auth_url}/auth/v1/user_info/{user.id}", headers=await provider.headers()
        )
        assert await provider.token() == await provider.token(), "the token is reused until near expiry"
    assert response.status_code == 200
    assert response.json()["email"] == user.email
