"""Password hashing with argon2id, off the event loop (a hash takes tens of milliseconds of CPU)."""

import asyncio
from functools import cached_property

from argon2 import PasswordHasher as Argon2Hasher
from argon2.exceptions import InvalidHashError, VerificationError

# OWASP's minimum for argon2id (19 MiB, 2 passes): strong enough, and cheap enough that test suites
# registering hundreds of users stay fast.
TIME_COST = 2
MEMORY_COST_KIB = 19456
PARALLELISM = 1


class PasswordHasher:
    def __init__(self) -> None:
        self._argon2 = Argon2Hasher(time_cost=TIME_COST, memory_cost=MEMORY_COST_KIB, parallelism=PARALLELISM)

    @cached_property
    def _dummy_hash(self) -> str:
        return self._argon2.hash("not-a-password-of-anyone")

    async def hash(self, password: str) -> str:
        return await asyncio.to_thread(self._argon2.hash, password)

    async def verify(self, password_hash: str | None, password: str) -> bool:
        """True when the password matches. With no hash (unknown account) a dummy hash is checked
        anyway, so the answer takes as long as for a real account and does not reveal which exist."""
        return await asyncio.to_thread(self._verify, password_hash, password)

    def _verify(self, password_hash: str | None, password: str) -> bool:
        try:
            matches = self._argon2.verify(password_hash or self._dummy_hash, password)
        except (VerificationError, InvalidHashError):
            return False
        return matches and password_hash is not None

    def needs_rehash(self, password_hash: str) -> bool:
        return self._argon2.check_needs_rehash(password_hash)
