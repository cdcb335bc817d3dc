"""Who is at the browser: the auth tokens in HttpOnly cookies, their transparent refresh, and CSRF.

- `kc_access` (the access JWT, as long as it lives) and `kc_refresh` (the refresh token, as long as it
  lives): HttpOnly, SameSite=Lax, Path=/, Secure over https. Script in the page never sees them.
- The access token is verified here with auth's JWKS (as every API does); when it is missing, expired
  or about to expire, the refresh token is traded for a new pair and both cookies are replaced.
- Auth rotates refresh tokens and revokes the whole family when one is used twice. A browser sends
  parallel requests with the same old cookie, so one trade is shared: in this process through a
  future, across processes through a Redis lock, and for stragglers the new pair is kept in Redis for a
  few seconds under the old token's hash.
- `kc_csrf` holds a random value; forms carry HMAC(key, value | user id). Every POST page checks it
  (and the Origin header when the browser sends one). See docs/web.md.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import logging
import secrets
import time
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlsplit

from fastapi import Request
from redis.exceptions import RedisError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from common.cache import Cache
from common.errors import DependencyUnavailable
from common.security import InvalidToken, Principal, TokenVerifier
from web.api import Api, ServiceUnavailable
from web.config import Settings

logger = logging.getLogger(__name__)

ACCESS_COOKIE = "kc_access"
REFRESH_COOKIE = "kc_refresh"
CSRF_COOKIE = "kc_csrf"
CSRF_FIELD = "csrf_token"
CSRF_COOKIE_SECONDS = 180 * 24 * 3600
# Refreshed this long before the access token expires, so the API calls of one page all carry a
# token that is still valid when they arrive.
EXPIRY_MARGIN_SECONDS = 30
_COOKIE_STATE = "web_cookies"

# Refresh trades in flight in this process, by the hash of the refresh token they spend.
_inflight: dict[str, asyncio.Future[dict[str, Any] | None]] = {}


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def csrf_key(settings: Settings) -> bytes:
    if settings.web_secret_key:
        return settings.web_secret_key.encode()
    if settings.service_client_secret:
        return hmac.new(settings.service_client_secret.encode(), b"kinoclub-web-csrf", "sha256").digest()
    logger.warning("no WEB_SECRET_KEY or SERVICE_CLIENT_SECRET: CSRF tokens hold for this process only")
    return secrets.token_bytes(32)


# Pages load only this site's own script and stylesheet, and no other site may frame them (a framed
# Book button could be clicked by trickery). /web/docs is left out: Swagger UI runs an inline script.
_PAGE_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    ),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
]


class CookieMiddleware:
    """Adds the Set-Cookie headers a request queued (token refresh, sign-in, CSRF cookie) to whatever
    response it ends with, error pages and redirects included; pages are never cached and carry the
    security headers above."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        jar: list[str] = []
        scope.setdefault("state", {})[_COOKIE_STATE] = jar
        path = scope.get("path", "")
        static = path.startswith("/web/static/")
        page = not path.startswith("/web/")

        async def send_with_cookies(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(b"set-cookie", value.encode("latin-1")) for value in jar]
                if not static and not any(name.lower() == b"cache-control" for name, _ in headers):
                    headers.append((b"cache-control", b"no-store"))
                if page:
                    headers += _PAGE_HEADERS
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_cookies)


class HeadMiddleware:
    """`HEAD` wherever `GET` is (link checkers, previewers): the GET route runs and its body is dropped;
    the status and headers (Content-Length included) are the GET's."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_without_body)


class Session:
    """The person at the browser, for one request."""

    def __init__(
        self,
        request: Request,
        *,
        settings: Settings,
        verifier: TokenVerifier,
        cache: Cache,
        api_factory: Any,
        csrf_secret: bytes,
    ):
        self.request = request
        self.settings = settings
        self.verifier = verifier
        self.cache = cache
        self.csrf_secret = csrf_secret
        self.access_token: str | None = request.cookies.get(ACCESS_COOKIE) or None
        self.refresh_token: str | None = request.cookies.get(REFRESH_COOKIE) or None
        self.principal: Principal | None = None
        # Auth could not be asked (JWKS or refresh): public pages go on as for a visitor, private
        # pages say auth is down instead of asking to sign in again.
        self.auth_unavailable = False
        self._loaded = False
        self._csrf_value: str | None = request.cookies.get(CSRF_COOKIE) or None
        self.api: Api = api_factory(self)

    # -- identity ---------------------------------------------------------------------------------
    @property
    def client_ip(self) -> str:
        return self.request.client.host if self.request.client else "unknown"

    @property
    def user_id(self) -> str | None:
        return self.principal.subject if self.principal else None

    @property
    def signed_in(self) -> bool:
        return self.principal is not None

    async def load(self) -> Principal | None:
        """Verify the access cookie, refreshing the pair when needed; None for a visitor."""
        if self._loaded:
            return self.principal
        self._loaded = True
        try:
            if self.access_token:
                principal = await self._verify(self.access_token)
                if principal is not None and not _expiring(principal):
                    self.principal = principal
                    return principal
            if self.refresh_token:
                await self._refresh()
            elif self.access_token:
                self._forget()
        except ServiceUnavailable:
            logger.warning("auth unavailable: serving this request without the person's session")
            self.auth_unavailable = True
            self.principal = None
        return self.principal

    async def refresh_after_rejection(self) -> bool:
        """An API refused the access token (401): trade the refresh token once; True when it worked."""
        if not self.refresh_token:
            return False
        rejected = self.access_token
        await self._refresh()
        return self.access_token is not None and self.access_token != rejected

    async def sign_in(self, pair: dict[str, Any]) -> None:
        self._store(pair)
        self.principal = await self._verify(pair["access_token"])
        self._loaded = True

    def sign_out(self) -> None:
        self._forget()

    async def _verify(self, token: str) -> Principal | None:
        try:
            principal = await self.verifier.verify(token)
        except InvalidToken:
            return None
        except DependencyUnavailable as exc:
            raise ServiceUnavailable("auth") from exc
        return None if principal.is_service else principal

    async def _refresh(self) -> None:
        if self.refresh_token is None:
            return
        pair = await self._shared_trade(self.refresh_token)
        if pair is None:
            self._forget()
            return
        self._store(pair)
        self.principal = await self._verify(pair["access_token"])

    async def _shared_trade(self, refresh_token: str) -> dict[str, Any] | None:
        digest = _digest(refresh_token)
        shared = await self.cache.get_json(f"refresh:{digest}")
        if shared is not None:
            return shared
        running = _inflight.get(digest)
        if running is not None:
            return await asyncio.shield(running)
        future: asyncio.Future[dict[str, Any] | None] = asyncio.get_running_loop().create_future()
        _inflight[digest] = future
        try:
            pair = await self._trade(refresh_token, digest)
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved here, so an unawaited future logs nothing
            raise
        else:
            future.set_result(pair)
            return pair
        finally:
            _inflight.pop(digest, None)

    async def _trade(self, refresh_token: str, digest: str) -> dict[str, Any] | None:
        try:
            mine = await self.cache.client.set(self.cache.key(f"refresh-lock:{digest}"), "1", nx=True, ex=10)
        except (RedisError, OSError):
            mine = True
        if not mine:
            # Another worker is trading this token; its pair appears under the same hash.
            deadline = time.monotonic() + 3
            while time.monotonic() < deadline:
                await asyncio.sleep(0.05)
                shared = await self.cache.get_json(f"refresh:{digest}")
                if shared is not None:
                    return shared
        answer = await self.api.post(
            "auth", "/auth/v1/refresh", json={"refresh_token": refresh_token}, as_user=False
        )
        if answer.ok and isinstance(answer.body, dict):
            await self.cache.set_json(
                f"refresh:{digest}", answer.body, ttl=self.settings.refresh_share_seconds
            )
            return answer.body
        if answer.status in (400, 401, 422):
            return None
        raise ServiceUnavailable("auth")

    def _store(self, pair: dict[str, Any]) -> None:
        self.access_token = pair["access_token"]
        self.refresh_token = pair["refresh_token"]
        self.set_cookie(ACCESS_COOKIE, pair["access_token"], max_age=int(pair.get("expires_in", 900)))
        self.set_cookie(
            REFRESH_COOKIE, pair["refresh_token"], max_age=int(pair.get("refresh_expires_in", 86400))
        )

    def _forget(self) -> None:
        self.access_token = None
        self.refresh_token = None
        self.principal = None
        self.set_cookie(ACCESS_COOKIE, "", max_age=0)
        self.set_cookie(REFRESH_COOKIE, "", max_age=0)

    # -- cookies ----------------------------------------------------------------------------------
    @property
    def secure(self) -> bool:
        if self.settings.cookie_secure is not None:
            return self.settings.cookie_secure
        return self.request.url.scheme == "https"

    def set_cookie(self, name: str, value: str, *, max_age: int) -> None:
        cookie: SimpleCookie = SimpleCookie()
        cookie[name] = value
        morsel = cookie[name]
        morsel["path"] = "/"
        morsel["max-age"] = max(0, max_age)
        morsel["httponly"] = True
        morsel["samesite"] = "Lax"
        if self.secure:
            morsel["secure"] = True
        jar = self.request.scope.setdefault("state", {}).setdefault(_COOKIE_STATE, [])
        jar[:] = [entry for entry in jar if not entry.startswith(f"{name}=")]
        jar.append(morsel.OutputString())

    # -- CSRF -------------------------------------------------------------------------------------
    def csrf_token(self) -> str:
        """The token this person's forms carry (sets the CSRF cookie on first use)."""
        if not self._csrf_value:
            self._csrf_value = secrets.token_urlsafe(32)
            self.set_cookie(CSRF_COOKIE, self._csrf_value, max_age=CSRF_COOKIE_SECONDS)
        return self._sign(self._csrf_value)

    def _sign(self, value: str) -> str:
        message = f"{value}|{self.user_id or ''}".encode()
        digest = hmac.new(self.csrf_secret, message, "sha256").digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def csrf_ok(self, submitted: object) -> bool:
        """The form's token matches this browser's cookie and this person, and no other site sent it."""
        cookie = self.request.cookies.get(CSRF_COOKIE)
        if not cookie or not isinstance(submitted, str) or not submitted:
            return False
        if not self._same_origin():
            return False
        return hmac.compare_digest(self._sign(cookie), submitted)

    def _same_origin(self) -> bool:
        origin = self.request.headers.get("origin")
        if origin is None:
            return True
        host = self.request.headers.get("x-forwarded-host") or self.request.headers.get("host", "")
        return urlsplit(origin).netloc.lower() == host.lower()


def _expiring(principal: Principal) -> bool:
    expires = principal.claims.get("exp")
    return isinstance(expires, int | float) and expires - time.time() < EXPIRY_MARGIN_SECONDS
