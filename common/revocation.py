"""Ended sessions and bans, shared by every service through Redis (docs/auth.md, "Revocation").

Auth writes, every service's token check reads:

- `<prefix>session:<sid>`: the session (refresh family) `sid` has ended: signed out, ended from the
  sessions list, "sign out everywhere", a password reset, a ban, a deleted account. Every access token
  carries its session id (`sid`), so one key refuses all of that session's access tokens.
- `<prefix>banned:<user id>`: the person was banned after their current tokens were issued (tokens
  issued later say so in their `groups`), so their writes are refused at once.

Both keys expire when the last access token they concern has expired (`ttl`), so nothing grows. The
answer for one session is remembered in the process for `cache_seconds` (a fraction of the 1-second
promise), so a client's burst of requests costs one Redis read. With Redis down, tokens are checked
without it (logged): losing the cache slows nothing and fails nothing, as everywhere else; the
refresh tokens, which auth checks in PostgreSQL, are revoked either way.
"""

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass

import redis.asyncio as aioredis
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Standing:
    ended: bool = False
    banned: bool = False


_FINE = Standing()


class Revocations:
    def __init__(
        self,
        client: aioredis.Redis,
        prefix: str,
        *,
        cache_seconds: float = 0.5,
        cooldown: float = 2.0,
        remember: int = 10_000,
    ):
        self.client = client
        self.prefix = prefix
        self.cache_seconds = cache_seconds
        self.cooldown = cooldown
        self.remember = remember
        self._known: dict[tuple[str | None, str], tuple[float, Standing]] = {}
        self._down_until = 0.0

    def _session_key(self, session_id: str) -> str:
        return f"{self.prefix}session:{session_id}"

    def _banned_key(self, user_id: str) -> str:
        return f"{self.prefix}banned:{user_id}"

    # -- reading (every service) -------------------------------------------------------------------
    async def standing(self, *, user_id: str, session_id: str | None) -> Standing:
        """Whether this access token's session has ended and whether its person is banned now."""
        key = (session_id, user_id)
        now = time.monotonic()
        known = self._known.get(key)
        if known is not None and known[0] > now:
            return known[1]
        if now < self._down_until:
            return _FINE
        keys = [self._banned_key(user_id)]
        if session_id:
            keys.append(self._session_key(session_id))
        try:
            values = await self.client.mget(keys)
        except (RedisError, OSError) as exc:
            logger.warning("revocations unavailable, tokens checked without them: %s", exc)
            self._down_until = now + self.cooldown
            return _FINE
        standing = Standing(banned=values[0] is not None, ended=len(values) > 1 and values[1] is not None)
        if len(self._known) >= self.remember:
            self._known.clear()
        self._known[key] = (now + self.cache_seconds, standing)
        return standing

    # -- writing (auth) ----------------------------------------------------------------------------
    async def end_sessions(self, session_ids: Iterable[str], *, ttl: int) -> bool:
        """Refuse every access token of these sessions from now on; False when Redis failed."""
        ids = list(session_ids)
        if not ids:
            return True
        try:
            async with self.client.pipeline(transaction=False) as pipe:
                for session_id in ids:
                    pipe.set(self._session_key(session_id), "1", ex=ttl)
                await pipe.execute()
        except (RedisError, OSError) as exc:
            logger.error("could not record ended sessions; their access tokens live until expiry: %s", exc)
            return False
        return True

    async def ban(self, user_id: str, *, ttl: int) -> bool:
        """Refuse the person's writes with their current tokens; False when Redis failed."""
        try:
            await self.client.set(self._banned_key(user_id), "1", ex=ttl)
        except (RedisError, OSError) as exc:
            logger.error("could not record a ban; current tokens write until they expire: %s", exc)
            return False
        return True

    async def unban(self, user_id: str) -> bool:
        try:
            await self.client.delete(self._banned_key(user_id))
        except (RedisError, OSError) as exc:
            logger.error("could not record an unban: %s", exc)
            return False
        return True
