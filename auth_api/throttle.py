"""How often people may try things at auth, counted in Redis (common/ratelimit.py).

- **Sign-in**, per account *and* client address: `free` failures, then each try waits twice as long
  after the previous one (1 s, 2 s, 4 s, ... at most `max_delay`). The owner signing in from another
  address has a count of their own, so a stranger guessing cannot lock them out. Per address, at most
  `max_per_ip` failures in the window, whatever the accounts. A try counts as a failure the moment it
  is let through (so parallel tries cannot exceed the limits) and is taken back when it succeeds.
- **Registration**, per client address: `register_max` in the window.
- **Verification mail**, per account: one resend per cooldown, a few a day.
- **Reset mail**, per account: a few an hour; more are silently not sent (the answer never says).
"""

import hashlib
import uuid
from dataclasses import dataclass

from auth_api.config import Settings
from common.ratelimit import RateLimiter, Rule


def account_key(email: str) -> str:
    """The account as the limits know it: its address trimmed and lowered, hashed (no personal data in
    key names)."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


@dataclass(frozen=True)
class LoginAttempt:
    """A sign-in try that was let through (and counted as a failure until `succeeded`)."""

    pair: str
    ip: str
    member: str


class Throttle:
    def __init__(self, limiter: RateLimiter, settings: Settings):
        self.limiter = limiter
        window = settings.login_failure_window_seconds
        self.login_pair = Rule(
            limit=10_000,
            window=window,
            free=settings.login_free_failures,
            base_delay=1.0,
            max_delay=settings.login_max_delay_seconds,
        )
        self.login_ip = Rule(limit=settings.login_max_failures_per_ip, window=window)
        self.register_ip = Rule(limit=settings.register_max_per_ip, window=settings.register_window_seconds)
        self.resend_rule = Rule(
            limit=settings.verification_resends_per_day,
            window=24 * 3600,
            free=1,
            base_delay=settings.verification_resend_cooldown_seconds,
            max_delay=settings.verification_resend_cooldown_seconds,
        )
        self.reset_mail_rule = Rule(limit=settings.reset_mails_per_hour, window=3600)

    async def login(self, *, email: str, ip: str) -> LoginAttempt | int:
        """The attempt, let through and counted; or the seconds to wait before trying again."""
        attempt = LoginAttempt(
            pair=f"login:pair:{account_key(email)}:{ip}", ip=f"login:ip:{ip}", member=uuid.uuid4().hex
        )
        wait = await self.limiter.attempt(
            {attempt.pair: self.login_pair, attempt.ip: self.login_ip}, member=attempt.member
        )
        return attempt if wait is None else wait

    async def login_succeeded(self, attempt: LoginAttempt) -> None:
        """The right password: this account's count from this address starts again, and the try does
        not count against the address."""
        await self.limiter.clear(attempt.pair)
        await self.limiter.forget(attempt.ip, attempt.member)

    async def registration(self, *, ip: str) -> int | None:
        return await self.limiter.attempt({f"register:ip:{ip}": self.register_ip})

    async def verification_mail(self, *, user_id: uuid.UUID) -> int | None:
        return await self.limiter.attempt({f"verify-mail:{user_id}": self.resend_rule})

    async def reset_mail(self, *, email: str) -> int | None:
        return await self.limiter.attempt({f"reset-mail:{account_key(email)}": self.reset_mail_rule})
