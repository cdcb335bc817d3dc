"""Forged and tampered tokens get 401 at auth and at any other service (the common verifier + JWKS)."""

import httpx
import pytest

from common.security import InvalidToken
from devstack.stack import Stack
from tests.auth.verifying import forgeries, jwks_verifier
from tests.factories import TestUser, new_user

KINDS = [
    "bad_signature",
    "claims_changed_after_signing",
    "signed_by_another_key_with_the_same_kid",
    "alg_none",
    "hs256_signed_with_the_public_key",
    "wrong_audience",
    "wrong_issuer",
    "expired",
    "without_exp",
    "unknown_kid",
    "refresh_typed",
    "subject_not_a_user_id",
    "not_a_jwt",
]


@pytest.fixture(scope="module")
def victim(stack: Stack) -> TestUser:
    return new_user(stack)


@pytest.fixture(scope="module")
def forged(stack: Stack, victim: TestUser) -> dict[str, str]:
    tokens = forgeries(stack, victim.access_token)
    assert sorted(tokens) == sorted(KINDS)
    return tokens


def test_the_genuine_token_is_accepted_at_auth(gateway: httpx.Client, victim: TestUser) -> None:
    assert gateway.get("/auth/v1/me", headers=victim.headers).status_code == 200


async def test_the_genuine_token_is_accepted_by_another_services_verifier(
    stack: Stack, victim: TestUser
) -> None:
    async with jwks_verifier(stack) as verifier:
        principal = await verifier.verify(victim.access_token)
    assert principal.user_id == victim.id


@pytest.mark.parametrize("kind", KINDS)
def test_tampered_token_is_a_401_at_auth(gateway: httpx.Client, forged: dict[str, str], kind: str) -> None:
    response = gateway.get("/auth/v1/me", headers={"Authorization": f"Bearer {forged[kind]}"})
    assert response.status_code == 401, response.text
    assert response.json()["code"] in {"invalid_token", "not_authenticated"}
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("kind", KINDS)
async def test_tampered_token_is_refused_by_another_services_verifier(
    stack: Stack, forged: dict[str, str], kind: str
) -> None:
    async with jwks_verifier(stack) as verifier:
        with pytest.raises(InvalidToken):
            await verifier.verify(forged[kind])


@pytest.mark.parametrize("kind", ["alg_none", "wrong_audience", "expired"])
def test_tampered_token_on_an_optional_auth_route_is_a_401_not_anonymous(
    gateway: httpx.Client, forged: dict[str, str], victim: TestUser, kind: str
) -> None:
    response = gateway.post(
        f"/auth/v1/user_info/{victim.id}", headers={"Authorization": f"Bearer {forged[kind]}"}
    )
    assert response.status_code == 401
