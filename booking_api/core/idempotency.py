"""`Idempotency-Key` for POSTs that create things people would not want twice (bookings): same key and
body replay the first answer, another body is refused, and a request still running makes its twins
wait with a 409. Keys are kept per caller (`user_id`) for at least 24 hours."""

import hashlib
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

import orjson
from fastapi.encoders import jsonable_encoder
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from booking_api.core.exceptions import IdempotencyKeyReused, InvalidIdempotencyKey, RequestInProgress
from common.errors import DomainError, status_for

T = TypeVar("T")

# A claim is its own committed statement, so a concurrent twin sees it at once instead of waiting.
# It takes over a claim whose request died without an answer, and a key older than the keep period.
_CLAIM = text(
    """
    INSERT INTO idempotency_keys (user_id, key, request_hash, created_at)
    VALUES (:user_id, :key, :request_hash, :now)
    ON CONFLICT (user_id, key) DO UPDATE
       SET request_hash = EXCLUDED.request_hash, created_at = EXCLUDED.created_at,
           response_status = NULL, response_body = NULL
     WHERE (idempotency_keys.response_status IS NULL AND idempotency_keys.created_at < :stale_before)
        OR idempotency_keys.created_at < :expired_before
    RETURNING 1
    """
)
_READ = text(
    "SELECT request_hash, response_status, response_body FROM idempotency_keys"
    " WHERE user_id = :user_id AND key = :key"
)
_RECORD = text(
    """
    UPDATE idempotency_keys SET response_status = :status, response_body = CAST(:body AS jsonb)
     WHERE user_id = :user_id AND key = :key
    """
)
_RELEASE = text(
    "DELETE FROM idempotency_keys WHERE user_id = :user_id AND key = :key AND response_status IS NULL"
)


@dataclass(frozen=True)
class Replay:
    status: int
    body: dict[str, Any]


@dataclass(frozen=True)
class IdempotentRequest:
    user_id: uuid.UUID
    key: str
    request_hash: str


def request_fingerprint(method: str, path: str, body: Any) -> str:
    return hashlib.sha256(
        orjson.dumps({"method": method, "path": path, "body": body}, option=orjson.OPT_SORT_KEYS)
    ).hexdigest()


def validate_key(key: str) -> str:
    if not 1 <= len(key) <= 255 or not key.isprintable():
        raise InvalidIdempotencyKey()
    return key


class IdempotencyRepository:
    """The answer to a keyed request, stored in the request's own transaction: it exists exactly when
    what the request made does."""

    def __init__(self, session: AsyncSession):
        self.session = session

    async def record(self, request: IdempotentRequest, status: int, body: Any) -> None:
        await self.session.execute(
            _RECORD,
            {
                "user_id": request.user_id,
                "key": request.key,
                "status": status,
                "body": orjson.dumps(body).decode(),
            },
        )


class IdempotencyStore:
    """Keys outside a use case's transaction: claiming one, storing a refusal, releasing, purging."""

    def __init__(self, engine: AsyncEngine, *, stale_after: timedelta, keep_for: timedelta):
        self.engine = engine
        self.stale_after = stale_after
        self.keep_for = keep_for

    async def claim(self, request: IdempotentRequest, now: datetime) -> Replay | None:
        """None when this request owns the key now; the stored answer when it was already given."""
        params = {"user_id": request.user_id, "key": request.key}
        async with self.engine.connect() as conn:
            conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
            claimed = await conn.execute(
                _CLAIM,
                {
                    **params,
                    "request_hash": request.request_hash,
                    "now": now,
                    "stale_before": now - self.stale_after,
                    "expired_before": now - self.keep_for,
                },
            )
            if claimed.first() is not None:
                return None
            row = (await conn.execute(_READ, params)).first()
        if row is None:  # deleted between the two statements: the other request gave up
            raise RequestInProgress()
        if row.request_hash != request.request_hash:
            raise IdempotencyKeyReused()
        if row.response_status is None:
            raise RequestInProgress()
        return Replay(status=row.response_status, body=row.response_body)

    async def record_alone(self, request: IdempotentRequest, status: int, body: Any) -> None:
        """Store a refusal (the request changed nothing, so there is no transaction to join)."""
        async with self.engine.begin() as conn:
            await conn.execute(
                _RECORD,
                {
                    "user_id": request.user_id,
                    "key": request.key,
                    "status": status,
                    "body": orjson.dumps(body).decode(),
                },
            )

    async def release(self, request: IdempotentRequest) -> None:
        """Forget a claim whose request failed unexpectedly, so the client may retry it."""
        async with self.engine.begin() as conn:
            await conn.execute(_RELEASE, {"user_id": request.user_id, "key": request.key})

    async def answer_once(
        self, request: IdempotentRequest | None, now: datetime, act: Callable[[], Awaitable[T]]
    ) -> T | Replay:
        """Run `act` once per key: a repeat gets the stored answer instead. `act` stores its own success
        with `record` in its transaction; a refusal (a domain error) is stored here, so it replays too;
        anything else releases the key, so the client may try again."""
        if request is None:
            return await act()
        replay = await self.claim(request, now)
        if replay is not None:
            return replay
        settled = False
        try:
            result = await act()
            settled = True
            return result
        except DomainError as exc:
            body = jsonable_encoder({"code": exc.code, "detail": exc.detail, **exc.context})
            await self.record_alone(request, status_for(type(exc)), body)
            settled = True
            raise
        finally:
            if not settled:
                await self.release(request)

    async def purge(self, now: datetime) -> int:
        async with self.engine.begin() as conn:
            result = await conn.execute(
                text("DELETE FROM idempotency_keys WHERE created_at < :before"),
                {"before": now - self.keep_for},
            )
        return result.rowcount or 0
