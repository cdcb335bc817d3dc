"""Redis client and a cache that degrades to 'miss' when Redis is down, instead of failing requests."""

import logging
import time
from typing import Any

import orjson
import redis.asyncio as aioredis
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


# KEYS: the keys to delete (the first ARGV[1] of them), then the generation counters to bump.
_INVALIDATE = """
local deletes = tonumber(ARGV[1])
for i = 1, #KEYS do
  if i <= deletes then redis.call('DEL', KEYS[i]) else redis.call('INCR', KEYS[i]) end
end
return #KEYS
"""


# KEYS[1]: a generation counter; ARGV[1]: the value key without its generation suffix.
_VERSIONED_GET = """
local generation = redis.call('GET', KEYS[1]) or '0'
return {generation, redis.call('GET', ARGV[1] .. generation)}
"""


def create_redis(url: str, *, timeout: float = 0.3) -> aioredis.Redis:
    return aioredis.from_url(
        url,
        socket_timeout=timeout,
        socket_connect_timeout=timeout,
        health_check_interval=30,
        retry_on_timeout=False,
    )


class Cache:
    """JSON values under a per-service key prefix.

    After a Redis error it stops asking Redis for `cooldown` seconds, so an outage costs one timeout
    now and then rather than one per request; callers then read from the source of truth.
    """

    def __init__(self, client: aioredis.Redis, prefix: str, *, cooldown: float = 2.0):
        self.client = client
        self.prefix = prefix
        self.cooldown = cooldown
        self._down_until = 0.0
        self._invalidate_script = client.register_script(_INVALIDATE)
        self._versioned_script = client.register_script(_VERSIONED_GET)

    def key(self, key: str) -> str:
        return f"{self.prefix}{key}"

    @property
    def available(self) -> bool:
        return time.monotonic() >= self._down_until

    def _failed(self, exc: Exception) -> None:
        if self.available:
            logger.warning("redis unavailable, serving without cache: %s", exc)
        self._down_until = time.monotonic() + self.cooldown

    async def get_json(self, key: str) -> Any | None:
        if not self.available:
            return None
        try:
            raw = await self.client.get(self.key(key))
        except (RedisError, OSError) as exc:
            self._failed(exc)
            return None
        return None if raw is None else orjson.loads(raw)

    async def set_json(self, key: str, value: Any, ttl: int) -> None:
        if not self.available:
            return
        try:
            await self.client.set(self.key(key), orjson.dumps(value, default=str), ex=ttl)
        except (RedisError, OSError) as exc:
            self._failed(exc)

    async def bump(self, *namespaces: str) -> None:
        """Invalidate groups of keys. Tried even while the cooldown lasts: a missed bump serves stale data."""
        if not namespaces:
            return
        try:
            async with self.client.pipeline(transaction=False) as pipe:
                for namespace in namespaces:
                    pipe.incr(self.key(f"gen:{namespace}"))
                await pipe.execute()
        except (RedisError, OSError) as exc:
            self._failed(exc)

    async def invalidate(self, *, delete: list[str], bump: list[str]) -> None:
        """Delete keys and bump generations in one command (tried even during the cooldown).

        A small Lua script rather than a pipeline: one round trip either way, and a fraction of the
        client-side work a redis-py pipeline costs on every write."""
        keys = [self.key(k) for k in delete] + [self.key(f"gen:{n}") for n in bump]
        try:
            await self._invalidate_script(keys=keys, args=[len(delete)])
        except (RedisError, OSError) as exc:
            self._failed(exc)

    async def get_versioned(self, namespace: str, key: str) -> tuple[int, Any | None]:
        """(the namespace's generation, the value cached for it) in one round trip; (-1, None) when Redis
        is down. Store with `set_versioned` and the generation read here: a value computed while a
        change bumped the generation lands under the old one and is never served."""
        if not self.available:
            return -1, None
        try:
            generation, raw = await self._versioned_script(
                keys=[self.key(f"gen:{namespace}")], args=[self.key(f"{key}:")]
            )
        except (RedisError, OSError) as exc:
            self._failed(exc)
            return -1, None
        return int(generation), None if raw is None else orjson.loads(raw)

    async def set_versioned(self, generation: int, key: str, value: Any, ttl: int) -> None:
        if generation >= 0:
            await self.set_json(f"{key}:{generation}", value, ttl)

    async def ping(self) -> bool:
        try:
            return bool(await self.client.ping())
        except (RedisError, OSError):
            return False
