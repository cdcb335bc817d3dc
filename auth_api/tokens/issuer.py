"""Signing access and service tokens (RS256, `kid` of the active key) with the claims contract of
`common.security`: `sub`, `typ`, `groups`, `aud`, `iss`, `exp`, `iat`, `jti`."""

import hashlib
import secrets
import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import jwt

from auth_api.keys.store import ALGORITHM, KeyStore


class TokenIssuer:
    def __init__(
        self,
        keys: KeyStore,
        *,
        issuer: str,
        audience: str,
        access_ttl: int,
        refresh_ttl: int,
        service_ttl: int,
    ):
        self.keys = keys
        self.issuer = issuer
        self.audience = audience
        self.access_ttl = access_ttl
        self.refresh_ttl = refresh_ttl
        self.service_ttl = service_ttl

    def _sign(self, *, subject: str, kind: str, groups: Iterable[str], now: datetime, ttl: int) -> str:
        issued = int(now.timestamp())
        claims: dict[str, Any] = {
            "sub": subject,
            "typ": kind,
            "groups": sorted(groups),
            "aud": self.audience,
            "iss": self.issuer,
            "iat": issued,
            "exp": issued + ttl,
            "jti": uuid.uuid4().hex,
        }
        key = self.keys.active()
        return jwt.encode(claims, key.private_key, algorithm=ALGORITHM, headers={"kid": key.kid})

    def access_token(self, *, user_id: uuid.UUID, groups: Iterable[str], now: datetime) -> str:
        return self._sign(subject=str(user_id), kind="access", groups=groups, now=now, ttl=self.access_ttl)

    def service_token(self, *, client_id: str, now: datetime) -> str:
        return self._sign(
            subject=client_id, kind="service", groups=["service"], now=now, ttl=self.service_ttl
        )


def new_refresh_token() -> tuple[str, str]:
    """A fresh opaque refresh token and the hash stored in its place. 256 random bits need no slow
    hash: nobody can guess one from its SHA-256."""
    token = secrets.token_urlsafe(32)
    return token, hash_refresh_token(token)


def hash_refresh_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
