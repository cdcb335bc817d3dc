"""Sign-in, the signed-in user, and the public keys."""

import base64
import json

import httpx
import jwt
import pytest

from common.demo import DEMO_PASSWORD, DEMO_USERS
from devstack.stack import Stack
from tests.auth.helpers import fresh_ip
from tests.factories import new_user

ANNA = DEMO_USERS[0]


def _claims(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def test_login_returns_an_rs256_access_token_with_the_claims_contract(gateway: httpx.Client) -> None:
    response = gateway.post("/auth/v1/login", json={"email": ANNA.email, "password": DEMO_PASSWORD})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 900
    assert body["refresh_token"] and body["refresh_expires_in"] > body["expires_in"]
    header = jwt.get_unverified_header(body["access_token"])
    assert header["alg"] == "RS256"
    assert header["kid"]
    claims = _claims(body["access_token"])
    assert claims["sub"] == str(ANNA.id)
    assert claims["typ"] == "access"
    assert claims["groups"] == ["users"]
    assert claims["aud"] == "kinoclub"
    assert claims["iss"] == "kinoclub-auth"
    assert claims["exp"] - claims["iat"] == 900
    assert claims["jti"]


def test_login_email_is_case_insensitive(auth: httpx.Client) -> None:
    response = auth.post("/auth/v1/login", json={"email": ANNA.email.upper(), "password": DEMO_PASSWORD})
    assert response.status_code == 200


def test_access_token_carries_the_users_groups(stack: Stack) -> None:
    moderator = new_user(stack, groups=["moderator"])
    assert _claims(moderator.access_token)["groups"] == ["moderator", "users"]


def test_wrong_password_and_unknown_email_get_the_same_401(auth: httpx.Client) -> None:
    ip = {"X-Forwarded-For": fresh_ip()}
    wrong = auth.post("/auth/v1/login", json={"email": ANNA.email, "password": "not-it!!"}, headers=ip)
    unknown = auth.post(
        "/auth/v1/login", json={"email": "nobody@kinoclub.example", "password": "not-it!!"}, headers=ip
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["code"] == "invalid_credentials"
    assert wrong.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(
    "body",
    [
        {"email": ANNA.email},
        {"password": DEMO_PASSWORD},
        {"email": "anna\u0000@x", "password": "whatever"},
        [],
    ],
)
def test_login_with_missing_or_invalid_fields_is_a_validation_error(
    gateway: httpx.Client, body: object
) -> None:
    response = gateway.post("/auth/v1/login", json=body)
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


def test_me_returns_the_signed_in_user_with_email(gateway: httpx.Client, stack: Stack) -> None:
    user = new_user(stack, name="Mia Me")
    response = gateway.get("/auth/v1/me", headers=user.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["id"] == str(user.id)
    assert body["email"] == user.email
    assert body["name"] == "Mia Me"
    assert body["groups"] == ["users"]
    assert "password_hash" not in body and "password" not in body


def test_me_without_a_token_is_a_401(gateway: httpx.Client) -> None:
    response = gateway.get("/auth/v1/me")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_jwks_publishes_the_key_that_signs_access_tokens(gateway: httpx.Client, stack: Stack) -> None:
    user = new_user(stack)
    response = gateway.get("/auth/v1/jwks")
    assert response.status_code == 200
    keys = response.json()["keys"]
    assert keys
    kid = jwt.get_unverified_header(user.access_token)["kid"]
    jwk = next(k for k in keys if k["kid"] == kid)
    assert jwk["kty"] == "RSA" and jwk["alg"] == "RS256" and jwk["use"] == "sig"
    assert "d" not in jwk and "p" not in jwk, "only public parts are published"
    public_key = jwt.algorithms.RSAAlgorithm.from_jwk(json.dumps(jwk))
    claims = jwt.decode(user.access_token, public_key, algorithms=["RS256"], audience="kinoclub")
    assert claims["sub"] == str(user.id)


def test_signing_key_was_generated_into_the_data_dir(stack: Stack, gateway: httpx.Client) -> None:
    pem_files = list((stack.data_dir / "auth_keys").glob("*.pem"))
    assert pem_files
    assert all(path.stat().st_mode & 0o077 == 0 for path in pem_files), "private keys readable by owner only"
    published = {k["kid"] for k in gateway.get("/auth/v1/jwks").json()["keys"]}
    assert all(path.stem.split("_", 1)[1] in published for path in pem_files)


def test_refresh_token_is_opaque(auth: httpx.Client) -> None:
    body = auth.post("/auth/v1/login", json={"email": ANNA.email, "password": DEMO_PASSWORD}).json()
    assert body["refresh_token"].count(".") != 2, "not a JWT"
    assert len(base64.urlsafe_b64decode(body["refresh_token"] + "==")) >= 32
