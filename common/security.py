"""Access-token verification: RS256 only, keys from auth's JWKS (cached), `exp`/`aud`/`iss` checked."""

import asyncio
import dataclasses
import itertools
import json
import logging
import time
import uuid
from dataclasses import dataclass, field
from typing import Annotated, Any, Protocol

import httpx
import jwt
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from jwt.algorithms import RSAAlgorithm

from common import context
from common.errors import DependencyUnavailable, NotAuthenticated, PermissionDenied
from common.revocation import Revocations

logger = logging.getLogger(__name__)

ALGORITHM = "RS256"


class InvalidToken(NotAuthenticated):
    code = "invalid_token"
    detail = "The bearer token is invalid or expired."


class ServiceTokenRequired(PermissionDenied):
    code = "service_token_required"
    detail = "Only a service credential may call this."


class UserTokenRequired(PermissionDenied):
    code = "user_token_required"
    detail = "This needs a signed-in user, not a service credential."


class Banned(PermissionDenied):
    code = "banned"
    detail = "This account is banned: it may read, but not change anything."


class SessionEnded(InvalidToken):
    """Still `invalid_token` for clients (refresh or sign in again); the detail says why."""

    detail = "This session has ended (signed out); sign in again."


BANNED = "banned"
# Methods that change nothing: a banned person may still use them.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Principal:
    """Who is calling: a user (subject is the user id) or a service (subject is its client id)."""

    subject: str
    kind: str = "user"
    groups: frozenset[str] = field(default_factory=frozenset)
    token_id: str | None = None
    # The session (auth's refresh-token family) an access token belongs to: signing out ends it.
    session_id: str | None = None
    claims: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def user_id(self) -> uuid.UUID:
        return uuid.UUID(self.subject)

    @property
    def is_service(self) -> bool:
        return self.kind == "service"

    def in_group(self, group: str) -> bool:
        return group in self.groups

    @property
    def banned(self) -> bool:
        return BANNED in self.groups


class KeySource(Protocol):
    async def get_key(self, kid: str) -> Any | None: ...


def keys_from_jwks(document: dict[str, Any]) -> dict[str, Any]:
    keys = {}
    for jwk in document.get("keys", []):
        if jwk.get("kty") == "RSA" and jwk.get("kid") and jwk.get("alg", ALGORITHM) == ALGORITHM:
            keys[jwk["kid"]] = RSAAlgorithm.from_jwk(json.dumps(jwk))
    return keys


class JwksKeySource:
    """Public keys fetched from auth's JWKS URL and kept for `ttl` seconds.

    An unknown kid triggers a refetch (rotation), at most once per `min_refetch` seconds, so a
    stream of forged kids cannot hammer auth. If auth is unreachable, the keys already held are used.
    """

    def __init__(self, client: httpx.AsyncClient, url: str, *, ttl: float = 300, min_refetch: float = 10):
        self.client = client
        self.url = url
        self.ttl = ttl
        self.min_refetch = min_refetch
        self._keys: dict[str, Any] = {}
        self._fetched_at = 0.0
        self._attempted_at = 0.0
        self._lock = asyncio.Lock()

    async def _refresh(self) -> None:
        async with self._lock:
            now = time.monotonic()
            if now - self._attempted_at < self.min_refetch and self._keys:
                return
            self._attempted_at = now
            try:
                response = await self.client.get(self.url)
                response.raise_for_status()
                self._keys = keys_from_jwks(response.json())
                self._fetched_at = now
            except (httpx.HTTPError, ValueError) as exc:
                logger.warning("JWKS fetch from %s failed: %s", self.url, exc)
                if not self._keys:
                    raise DependencyUnavailable(
                        "Cannot verify tokens: the auth service is unavailable."
                    ) from exc

    async def get_key(self, kid: str) -> Any | None:
        if not self._keys or time.monotonic() - self._fetched_at > self.ttl:
            await self._refresh()
        if kid not in self._keys:
            await self._refresh()
        return self._keys.get(kid)


class TokenVerifier:
    """Checks access tokens. A token that passed is remembered until it expires (a signature cannot
    change), so a client's later requests skip the RSA check and the claim parsing; it is forgotten as
    soon as its signing key is no longer published (a retired key). What can change, whether its
    session has ended or its person was banned since, is asked of `revocations` on every use, the
    remembered tokens included."""

    def __init__(
        self,
        keys: KeySource,
        *,
        issuer: str,
        audience: str,
        leeway: int = 5,
        remember: int = 10_000,
        revocations: Revocations | None = None,
    ):
        self.keys = keys
        self.issuer = issuer
        self.audience = audience
        self.leeway = leeway
        self.remember = remember
        self.revocations = revocations
        self._verified: dict[str, tuple[float, Principal, str, Any]] = {}

    async def verify(self, token: str) -> Principal:
        return await self._standing(await self._signed(token))

    async def _signed(self, token: str) -> Principal:
        known = self._verified.get(token)
        if known is not None:
            expires, principal, kid, key = known
            if time.time() < expires and await self.keys.get_key(kid) is key:
                return principal
            del self._verified[token]
        principal, kid, key = await self._verify(token)
        if len(self._verified) >= self.remember:
            # Dicts keep insertion order: drop the oldest tenth rather than clearing everything.
            for stale in list(itertools.islice(self._verified, self.remember // 10 or 1)):
                del self._verified[stale]
        self._verified[token] = (float(principal.claims["exp"]) + self.leeway, principal, kid, key)
        return principal

    async def _standing(self, principal: Principal) -> Principal:
        """Refuse a token whose session has ended; mark a person banned since the token was issued."""
        if self.revocations is None or principal.is_service:
            return principal
        standing = await self.revocations.standing(user_id=principal.subject, session_id=principal.session_id)
        if standing.ended:
            raise SessionEnded()
        if standing.banned and not principal.banned:
            return dataclasses.replace(principal, groups=principal.groups | {BANNED})
        return principal

    async def _verify(self, token: str) -> tuple[Principal, str, Any]:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise InvalidToken("The bearer token is malformed.") from exc
        if header.get("alg") != ALGORITHM:
            raise InvalidToken("Only RS256 tokens are accepted.")
        kid = header.get("kid")
        if not isinstance(kid, str):
            raise InvalidToken("The token names no signing key.")
        key = await self.keys.get_key(kid)
        if key is None:
            raise InvalidToken("The token's signing key is unknown.")
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=[ALGORITHM],
                audience=self.audience,
                issuer=self.issuer,
                leeway=self.leeway,
                options={"require": ["exp", "iat", "sub", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise InvalidToken("The token has expired.") from exc
        except jwt.PyJWTError as exc:
            raise InvalidToken() from exc
        kind = claims.get("typ", "access")
        if kind not in {"access", "service"}:
            raise InvalidToken("This token is not an access token.")
        subject = str(claims["sub"])
        if kind == "access":
            try:
                uuid.UUID(subject)
            except ValueError as exc:
                raise InvalidToken() from exc
        groups = claims.get("groups") or []
        principal = Principal(
            subject=subject,
            kind="user" if kind == "access" else "service",
            groups=frozenset(str(g) for g in groups) if isinstance(groups, list) else frozenset(),
            token_id=claims.get("jti"),
            session_id=str(claims["sid"]) if claims.get("sid") else None,
            claims=claims,
        )
        return principal, kid, key


bearer_scheme = HTTPBearer(auto_error=False, description="Access token from `POST /auth/v1/login`.")


async def optional_principal(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)]
) -> Principal | None:
    if credentials is None:
        return None
    verifier: TokenVerifier = request.app.state.verifier
    principal = await verifier.verify(credentials.credentials)
    context.set_user_id(principal.subject)
    return principal


async def _verified(
    request: Request, credentials: HTTPAuthorizationCredentials | None, *, banned_may_write: bool = False
) -> Principal:
    if credentials is None:
        raise NotAuthenticated(headers={"WWW-Authenticate": "Bearer"})
    verifier: TokenVerifier = request.app.state.verifier
    principal = await verifier.verify(credentials.credentials)
    context.set_user_id(principal.subject)
    # One check for every service: a banned person reads, but every write is refused.
    if principal.banned and not banned_may_write and request.method not in SAFE_METHODS:
        raise Banned()
    return principal


# Each check is one dependency on top of the bearer scheme (not a chain): FastAPI resolves every
# dependency level on every request, and these run on every write.
async def require_principal(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)]
) -> Principal:
    return await _verified(request, credentials)


async def require_user(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)]
) -> Principal:
    principal = await _verified(request, credentials)
    if principal.is_service:
        raise UserTokenRequired()
    return principal


async def require_user_even_banned(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)]
) -> Principal:
    """For what a banned person may still do to their own account: sign out, export, delete it."""
    principal = await _verified(request, credentials, banned_may_write=True)
    if principal.is_service:
        raise UserTokenRequired()
    return principal


async def require_service(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)]
) -> Principal:
    principal = await _verified(request, credentials)
    if not principal.is_service:
        raise ServiceTokenRequired()
    return principal


OptionalPrincipal = Annotated[Principal | None, Depends(optional_principal)]
AnyPrincipal = Annotated[Principal, Depends(require_principal)]
CurrentUser = Annotated[Principal, Depends(require_user)]
CurrentUserEvenBanned = Annotated[Principal, Depends(require_user_even_banned)]
CurrentService = Annotated[Principal, Depends(require_service)]
