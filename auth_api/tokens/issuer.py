"""Signing access and service tokens (RS256, `kid` of the active key) with the claims contract of
`common.security`: `sub`, `typ`, `groups`, `aud`, `iss`, `exp`, `iat`, `jti`, and `sid` (the session) on
access tokens."""

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
        session_max_age: int,
    ):
        self.keys = keys
        self.issuer = issuer
        self.audience = audience
        self.access_ttl = access_ttl
        self.refresh_ttl = refresh_ttl
        self.service_ttl = service_ttl
        self.session_max_age = session_max_age

    def _sign(
        self, *, subject: str, kind: str, groups: Iterable[str], now: datetime, ttl: int, **extra: str
    ) -> str:
        issued = int(now.timestamp())
        claims: dict[str, Any] = {
            **extra,
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

    def access_token(
        self, *, user_id: uuid.UUID, groups: Iterable[str], now: datetime, session_id: uuid.UUID
    ) -> str:
        """A user's access token; `sid` names its session, so that ending the session refuses it."""
        return self._sign(
            subject=str(user_id),
            kind="access",
            groups=groups,
            now=now,
            ttl=self.access_ttl,
            sid=str(session_id),
        )

    def service_token(self, *, client_id: str, now: datetime) -> str:
        return self._sign(
            subject=client_id, kind="service", groups=["service"], now=now, ttl=self.service_ttl
        )
