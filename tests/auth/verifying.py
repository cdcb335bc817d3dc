"""Token checks as another service makes them, and forged tokens to feed them."""

import base64
import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from auth_api.keys.store import KeyStore
from common.http import create_http_client
from common.security import JwksKeySource, TokenVerifier
from devstack.stack import Stack

ISSUER, AUDIENCE = "kinoclub-auth", "kinoclub"


@asynccontextmanager
async def jwks_verifier(stack: Stack) -> AsyncIterator[TokenVerifier]:
    """`common.security.TokenVerifier` as every other service builds it, fetching auth's JWKS through
    nginx (a stand-in until another service has a protected route to test against)."""
    async with create_http_client(timeout=5) as client:
        keys = JwksKeySource(client, f"{stack.url}/auth/v1/jwks")
        yield TokenVerifier(keys, issuer=ISSUER, audience=AUDIENCE)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _segment(value: dict[str, Any]) -> str:
    return _b64(json.dumps(value, separators=(",", ":")).encode())


def forgeries(stack: Stack, genuine: str) -> dict[str, str]:
    """Tokens derived from a genuine one that every verifier must refuse. Some are signed with auth's own
    private key (read from the test stack's data dir), so only the claim checks can stop them."""
    header = jwt.get_unverified_header(genuine)
    claims = jwt.decode(genuine, options={"verify_signature": False})
    kid = header["kid"]
    own_key = KeyStore(stack.data_dir / "auth_keys").get(kid)
    assert own_key is not None

    def signed(changes: dict[str, Any], *, drop: str | None = None) -> str:
        body = {**claims, **changes}
        if drop:
            body.pop(drop)
        return jwt.encode(body, own_key.private_key, algorithm="RS256", headers={"kid": kid})

    head, payload, signature = genuine.split(".")
    flipped = signature[:10] + ("A" if signature[10] != "A" else "B") + signature[11:]
    public_pem = own_key.public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    hs_head = _segment({"alg": "HS256", "typ": "JWT", "kid": kid})
    hs_signature = _b64(hmac.new(public_pem, f"{hs_head}.{payload}".encode(), hashlib.sha256).digest())
    none_head = _segment({"alg": "none", "typ": "JWT", "kid": kid})
    promoted = _segment({**claims, "groups": ["admin", "users"]})
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = int(time.time())
    return {
        "bad_signature": f"{head}.{payload}.{flipped}",
        "claims_changed_after_signing": f"{head}.{promoted}.{signature}",
        "signed_by_another_key_with_the_same_kid": jwt.encode(
            claims, stranger, algorithm="RS256", headers={"kid": kid}
        ),
        "alg_none": f"{none_head}.{payload}.",
        "hs256_signed_with_the_public_key": f"{hs_head}.{payload}.{hs_signature}",
        "wrong_audience": signed({"aud": "some-other-platform"}),
        "wrong_issuer": signed({"iss": "someone-else"}),
        "expired": signed({"iat": now - 3600, "exp": now - 600}),
        "without_exp": signed({}, drop="exp"),
        "unknown_kid": jwt.encode(
            claims, own_key.private_key, algorithm="RS256", headers={"kid": "no-such-key"}
        ),
        "refresh_typed": signed({"typ": "refresh"}),
        "subject_not_a_user_id": signed({"sub": "root"}),
        "not_a_jwt": "definitely-not-a-token",
    }
