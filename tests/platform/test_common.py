"""The shared library on its own: error mapping, token verification, outgoing HTTP, degraded cache."""

import base64
import hashlib
import hmac
import json
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import FastAPI
from pydantic import BaseModel, Field

from common import context
from common.cache import Cache, create_redis
from common.errors import Conflict, DependencyUnavailable, NotFound, install_error_handlers
from common.http import create_http_client
from common.security import InvalidToken, TokenVerifier

ISSUER, AUDIENCE = "kinoclub-auth", "kinoclub"


class SeatsGone(Conflict):
    code = "not_enough_seats"
    detail = "Not enough seats."


class Body(BaseModel):
    seats: int = Field(ge=1)


def _error_app() -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)

    @app.post("/book")
    async def book(body: Body) -> dict[str, int]:
        if body.seats > 3:
            raise SeatsGone("Only 3 seats left", seats_left=3)
        return {"seats": body.seats}

    @app.get("/missing")
    async def missing() -> None:
        raise NotFound("No such thing")

    @app.get("/down")
    async def down() -> None:
        raise DependencyUnavailable()

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("bug")

    return app


@pytest.fixture
async def error_client() -> Any:
    transport = httpx.ASGITransport(app=_error_app(), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


async def test_domain_error_becomes_its_status_code_detail_and_context(
    error_client: httpx.AsyncClient,
) -> None:
    response = await error_client.post("/book", json={"seats": 5})
    assert response.status_code == 409
    assert response.json() == {"code": "not_enough_seats", "detail": "Only 3 seats left", "seats_left": 3}
    missing = await error_client.get("/missing")
    assert (missing.status_code, missing.json()["code"]) == (404, "not_found")
    down = await error_client.get("/down")
    assert (down.status_code, down.json()["code"]) == (503, "dependency_unavailable")


async def test_invalid_values_keep_fastapis_422_shape_with_a_code(error_client: httpx.AsyncClient) -> None:
    response = await error_client.post("/book", json={"seats": 0})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["detail"][0]["loc"] == ["body", "seats"]


async def test_invalid_value_echoing_an_unpaired_surrogate_is_still_a_422(
    error_client: httpx.AsyncClient,
) -> None:
    response = await error_client.post(
        "/book", content=b'{"seats": "\\ud800"}', headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


async def test_malformed_json_is_a_400(error_client: httpx.AsyncClient) -> None:
    response = await error_client.post(
        "/book", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_json"


async def test_unexpected_exception_is_a_json_500_without_internals(error_client: httpx.AsyncClient) -> None:
    response = await error_client.get("/boom")
    assert response.status_code == 500
    assert response.json()["code"] == "internal_error"
    assert "bug" not in response.text


# -- tokens ------------------------------------------------------------------------------------------


class StaticKeys:
    def __init__(self, keys: dict[str, Any]):
        self.keys = keys

    async def get_key(self, kid: str) -> Any | None:
        return self.keys.get(kid)


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _claims(**overrides: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    claims = {
        "sub": str(uuid.uuid4()),
        "typ": "access",
        "groups": ["users"],
        "iss": ISSUER,
        "aud": AUDIENCE,
        "iat": now,
        "exp": now + timedelta(minutes=15),
        "jti": uuid.uuid4().hex,
    }
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


def forge_hs256(claims: dict[str, Any], secret: bytes) -> str:
    """The classic key-confusion forgery: HMAC-sign with the RSA public key as the secret."""

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    header = b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": "k1"}).encode())
    payload = b64(json.dumps(claims, default=lambda d: int(d.timestamp())).encode())
    signature = hmac.new(secret, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{b64(signature)}"


def _verifier(key: rsa.RSAPrivateKey) -> TokenVerifier:
    return TokenVerifier(StaticKeys({"k1": key.public_key()}), issuer=ISSUER, audience=AUDIENCE)


async def test_valid_rs256_token_gives_the_principal(rsa_key: rsa.RSAPrivateKey) -> None:
    claims = _claims()
    token = jwt.encode(claims, rsa_key, algorithm="RS256", headers={"kid": "k1"})
    principal = await _verifier(rsa_key).verify(token)
    assert principal.subject == claims["sub"]
    assert principal.groups == frozenset({"users"})
    assert not principal.is_service


@pytest.mark.parametrize(
    "make_token",
    [
        pytest.param(
            lambda key: jwt.encode(_claims(), key, algorithm="RS256", headers={"kid": "k1"})[:-4] + "AAAA",
            id="bad-signature",
        ),
        pytest.param(
            lambda key: jwt.encode(_claims(), rsa.generate_private_key(65537, 2048), "RS256", {"kid": "k1"}),
            id="other-key",
        ),
        pytest.param(
            lambda key: jwt.encode(_claims(), None, algorithm="none", headers={"kid": "k1"}), id="alg-none"
        ),
        pytest.param(
            lambda key: forge_hs256(
                _claims(),
                key.public_key().public_bytes(
                    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
                ),
            ),
            id="hs256-with-public-key",
        ),
        pytest.param(
            lambda key: jwt.encode(_claims(aud="someone-else"), key, "RS256", {"kid": "k1"}),
            id="wrong-audience",
        ),
        pytest.param(
            lambda key: jwt.encode(_claims(iss="evil"), key, "RS256", {"kid": "k1"}), id="wrong-issuer"
        ),
        pytest.param(
            lambda key: jwt.encode(
                _claims(exp=datetime.now(UTC) - timedelta(minutes=1)), key, "RS256", {"kid": "k1"}
            ),
            id="expired",
        ),
        pytest.param(lambda key: jwt.encode(_claims(exp=None), key, "RS256", {"kid": "k1"}), id="no-expiry"),
        pytest.param(lambda key: jwt.encode(_claims(), key, "RS256", {"kid": "unknown"}), id="unknown-kid"),
        pytest.param(
            lambda key: jwt.encode(_claims(typ="refresh"), key, "RS256", {"kid": "k1"}), id="not-access"
        ),
        pytest.param(lambda key: "not.a.jwt", id="garbage"),
    ],
)
async def test_tampered_or_foreign_tokens_are_rejected(rsa_key: rsa.RSAPrivateKey, make_token: Any) -> None:
    with pytest.raises(InvalidToken):
        await _verifier(rsa_key).verify(make_token(rsa_key))


# -- outgoing HTTP -----------------------------------------------------------------------------------


def _counting_transport(statuses: list[int | Exception]) -> tuple[httpx.MockTransport, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        outcome = statuses[min(len(seen) - 1, len(statuses) - 1)]
        if isinstance(outcome, Exception):
            raise outcome
        return httpx.Response(outcome, json={})

    return httpx.MockTransport(handle), seen


async def test_idempotent_call_is_retried_after_503_and_carries_the_request_id() -> None:
    transport, seen = _counting_transport([503, 200])
    context.begin("req-123")
    async with create_http_client(base_url="http://svc", transport=transport, retries=2) as client:
        response = await client.get("/thing")
    assert response.status_code == 200
    assert len(seen) == 2
    assert all(r.headers["x-request-id"] == "req-123" for r in seen)


async def test_post_is_not_retried_after_a_503_but_is_after_a_refused_connection() -> None:
    transport, seen = _counting_transport([503, 200])
    async with create_http_client(base_url="http://svc", transport=transport, retries=2) as client:
        assert (await client.post("/thing")).status_code == 503
    assert len(seen) == 1

    transport, seen = _counting_transport([httpx.ConnectError("refused"), 201])
    async with create_http_client(base_url="http://svc", transport=transport, retries=2) as client:
        assert (await client.post("/thing")).status_code == 201
    assert len(seen) == 2


# -- cache without Redis -----------------------------------------------------------------------------


async def test_cache_turns_a_dead_redis_into_fast_misses() -> None:
    from devstack.procs import free_port

    client = create_redis(f"redis://127.0.0.1:{free_port()}/0", timeout=0.2)
    cache = Cache(client, "t:", cooldown=5)
    assert await cache.get_json("k") is None
    started = time.perf_counter()
    for _ in range(50):
        assert await cache.get_json("k") is None
        await cache.set_json("k", {"a": 1}, ttl=5)
    assert time.perf_counter() - started < 0.5, "after the first failure Redis is skipped, not retried"
    assert await cache.ping() is False
    await client.aclose()


async def test_a_remembered_token_is_refused_once_its_key_is_withdrawn(rsa_key: rsa.RSAPrivateKey) -> None:
    keys = StaticKeys({"k1": rsa_key.public_key()})
    verifier = TokenVerifier(keys, issuer=ISSUER, audience=AUDIENCE)
    token = jwt.encode(_claims(), rsa_key, algorithm="RS256", headers={"kid": "k1"})
    assert (await verifier.verify(token)).subject
    assert (await verifier.verify(token)).subject, "remembered"
    del keys.keys["k1"]
    with pytest.raises(InvalidToken):
        await verifier.verify(token)
