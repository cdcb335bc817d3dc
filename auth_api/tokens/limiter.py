"""Failed sign-ins counted per account and per client address in Redis (a sliding window).

Each failure is a member of a sorted set scored by its time, taken from the injected clock so that tests
can move time. When Redis is unavailable the limiter lets sign-ins through (and logs it): an outage of
the cache must not lock everybody out.
"""

import hashlib
import logging
import math
import uuid

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from common.clock import Clock

logger = logging.getLogger(__name__)


class LoginLimiter:
    def __init__(
        self,
        client: aioredis.Redis,
        *,
        prefix: str,
        clock: Clock,
        max_per_account: int,
        max_per_ip: int,
        window_seconds: int,
    ):
        self.client = client
        self.prefix = prefix
        self.clock = clock
        self.max_per_account = max_per_account
        self.max_per_ip = max_per_ip
        self.window = window_seconds

    def _keys(self, account: str, ip: str) -> list[tuple[str, int]]:
        # The address is hashed so the key names hold no personal data.
        digest = hashlib.sha256(account.strip().lower().encode()).hexdigest()
        return [
            (f"{self.prefix}login-failures:account:{digest}", self.max_per_account),
            (f"{self.prefix}login-failures:ip:{ip}", self.max_per_ip),
        ]

    async def retry_after(self, *, account: str, ip: str) -> int | None:
        """Seconds until a sign-in may be tried again, or None when it may be tried now."""
        now = self.clock.now().timestamp()
        keys = self._keys(account, ip)
        try:
            async with self.client.pipeline(transaction=False) as pipe:
                for key, _ in keys:
                    pipe.zremrangebyscore(key, "-inf", now - self.window)
                    pipe.zrange(key, 0, -1, withscores=True)
                replies = await pipe.execute()
        except (RedisError, OSError) as exc:
            logger.warning("login limiter unavailable, not limiting: %s", exc)
            return None
        waits = []
        for (_, limit), failures in zip(keys, replies[1::2], strict=True):
            if len(failures) >= limit:
                # Enough of the oldest failures must leave the window to get below the limit again.
                freed_at = failures[len(failures) - limit][1] + self.window
                waits.append(max(1, math.ceil(freed_at - now)))
        return max(waits) if waits else None

    async def record_failure(self, *, account: str, ip: str) -> None:
        now = self.clock.now().timestamp()
        try:
            async with self.client.pipeline(transaction=False) as pipe:
                for key, _ in self._keys(account, ip):
                    pipe.zadd(key, {uuid.uuid4().hex: now})
                    pipe.zremrangebyscore(key, "-inf", now - self.window)
                    pipe.expire(key, self.window)
                await pipe.execute()
        except (RedisError, OSError) as exc:
            logger.warning("login limiter unavailable, failure not counted: %s", exc)

    async def clear_account(self, account: str) -> None:
        """After a successful sign-in the account's count starts again (the address's does not)."""
        key, _ = self._keys(account, "")[0]
        try:
            await self.client.delete(key)
        except (RedisError, OSError) as exc:
            logger.warning("login limiter unavailable: %s", exc)
