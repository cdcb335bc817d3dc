"""Attempts counted in Redis, decided atomically: sliding windows and growing delays.

An attempt is checked against every key it counts toward and, if no key refuses it, recorded in all of
them, in one Lua script: parallel attempts cannot slip past a limit between a check and a record. Each
key has a `Rule`:

- `limit` attempts within `window` seconds (a sliding window: each attempt leaves it `window` seconds
  after it was made);
- after `free` attempts in the window, each further one waits `base_delay * 2**(n - free)` seconds
  after the previous one (at most `max_delay`): a growing delay.

The answer is None (allowed, and recorded) or the seconds to wait. The time comes from the injected
clock, so tests can move it. With Redis unreachable every attempt is allowed (and logged): an outage of
the cache must not lock everybody out.
"""

import logging
import math
import uuid
from dataclasses import dataclass

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from common.clock import Clock

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rule:
    limit: int
    window: int
    free: int | None = None
    base_delay: float = 1.0
    max_delay: float = 900.0


# KEYS: counters. ARGV: now, member, then per key: window, limit, free (-1: no delay), base, max.
_ATTEMPT = """
local now = tonumber(ARGV[1])
local wait = 0
for i = 1, #KEYS do
  local at = 2 + (i - 1) * 5
  local window, limit = tonumber(ARGV[at + 1]), tonumber(ARGV[at + 2])
  local free, base, cap = tonumber(ARGV[at + 3]), tonumber(ARGV[at + 4]), tonumber(ARGV[at + 5])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
  local n = redis.call('ZCARD', KEYS[i])
  if n >= limit then
    local oldest = redis.call('ZRANGE', KEYS[i], n - limit, n - limit, 'WITHSCORES')
    wait = math.max(wait, tonumber(oldest[2]) + window - now)
  end
  if free >= 0 and n >= free and n > 0 then
    local last = redis.call('ZRANGE', KEYS[i], -1, -1, 'WITHSCORES')
    local delay = math.min(base * 2 ^ (n - free), cap)
    wait = math.max(wait, tonumber(last[2]) + delay - now)
  end
end
if wait > 0 then
  return tostring(wait)
end
for i = 1, #KEYS do
  local window = tonumber(ARGV[2 + (i - 1) * 5 + 1])
  redis.call('ZADD', KEYS[i], now, ARGV[2])
  redis.call('EXPIRE', KEYS[i], math.ceil(window))
end
return '0'
"""


class RateLimiter:
    def __init__(self, client: aioredis.Redis, *, prefix: str, clock: Clock):
        self.client = client
        self.prefix = prefix
        self.clock = clock
        self._attempt = client.register_script(_ATTEMPT)

    def key(self, name: str) -> str:
        return f"{self.prefix}{name}"

    async def attempt(self, rules: dict[str, Rule], *, member: str | None = None) -> int | None:
        """Record one attempt under every key of `rules`, unless one refuses: then the whole seconds
        to wait (at least 1), and nothing is recorded. `member` names the attempt, for `forget`."""
        now = self.clock.now().timestamp()
        args: list[str | float | int] = [now, member or uuid.uuid4().hex]
        for rule in rules.values():
            args += [rule.window, rule.limit, -1 if rule.free is None else rule.free]
            args += [rule.base_delay, rule.max_delay]
        try:
            wait = float(await self._attempt(keys=[self.key(name) for name in rules], args=args))
        except (RedisError, OSError) as exc:
            logger.warning("rate limiter unavailable, not limiting: %s", exc)
            return None
        return max(1, math.ceil(wait)) if wait > 0 else None

    async def forget(self, name: str, member: str) -> None:
        """Take one recorded attempt back (it turned out to be a success that should not count)."""
        try:
            await self.client.zrem(self.key(name), member)
        except (RedisError, OSError) as exc:
            logger.warning("rate limiter unavailable: %s", exc)

    async def clear(self, name: str) -> None:
        try:
            await self.client.delete(self.key(name))
        except (RedisError, OSError) as exc:
            logger.warning("rate limiter unavailable: %s", exc)
