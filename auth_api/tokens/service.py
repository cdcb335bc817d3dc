"""Use cases of sign-in: login, refresh-token rotation with reuse detection, logout, service tokens."""

import hmac
import logging
import uuid
from datetime import datetime, timedelta

from auth_api.tokens.exceptions import (
    InvalidClient,
    InvalidCredentials,
    InvalidRefreshToken,
    RefreshTokenReused,
    TooManyLoginAttempts,
)
from auth_api.tokens.issuer import TokenIssuer, hash_refresh_token, new_refresh_token
from auth_api.tokens.limiter import LoginLimiter
from auth_api.tokens.models import RefreshToken
from auth_api.tokens.schemas import ServiceToken, TokenPair
from auth_api.uow import AuthUnitOfWork
from auth_api.users.passwords import PasswordHasher
from common.clock import Clock

logger = logging.getLogger(__name__)


async def _issue_pair(
    uow: AuthUnitOfWork, issuer: TokenIssuer, *, user_id: uuid.UUID, family_id: uuid.UUID, now: datetime
) -> TokenPair:
    groups = await uow.groups.groups_of(user_id)
    refresh, refresh_hash = new_refresh_token()
    uow.refresh_tokens.add(
        RefreshToken(
            id=uuid.uuid4(),
            token_hash=refresh_hash,
            family_id=family_id,
            user_id=user_id,
            created_at=now,
            expires_at=now + timedelta(seconds=issuer.refresh_ttl),
        )
    )
    return TokenPair(
        access_token=issuer.access_token(user_id=user_id, groups=groups, now=now),
        expires_in=issuer.access_ttl,
        refresh_token=refresh,
        refresh_expires_in=issuer.refresh_ttl,
    )


async def login(
    *,
    uow: AuthUnitOfWork,
    hasher: PasswordHasher,
    issuer: TokenIssuer,
    limiter: LoginLimiter,
    clock: Clock,
    email: str,
    password: str,
    client_ip: str,
) -> TokenPair:
    """Check the password and start a new refresh-token family; failures count toward the limits."""
    wait = await limiter.retry_after(account=email, ip=client_ip)
    if wait is not None:
        raise TooManyLoginAttempts(headers={"Retry-After": str(wait)}, retry_after=wait)
    async with uow:
        user = await uow.users.get_by_email(email)
        user_id, password_hash = (user.id, user.password_hash) if user else (None, None)
    # The password is checked outside the transaction: argon2 takes a while and needs no connection.
    if not await hasher.verify(password_hash, password) or user_id is None or password_hash is None:
        await limiter.record_failure(account=email, ip=client_ip)
        raise InvalidCredentials()
    rehashed = await hasher.hash(password) if hasher.needs_rehash(password_hash) else None
    async with uow:
        if rehashed is not None and (current := await uow.users.get(user_id)) is not None:
            current.password_hash = rehashed
        pair = await _issue_pair(uow, issuer, user_id=user_id, family_id=uuid.uuid4(), now=clock.now())
        await uow.commit()
    await limiter.clear_account(email)
    return pair


async def refresh(*, uow: AuthUnitOfWork, issuer: TokenIssuer, clock: Clock, refresh_token: str) -> TokenPair:
    """Trade a refresh token for a new pair; a token presented twice revokes its whole family."""
    async with uow:
        row = await uow.refresh_tokens.get_for_update(hash_refresh_token(refresh_token))
        now = clock.now()
        if row is None or row.revoked_at is not None or row.expires_at <= now:
            raise InvalidRefreshToken()
        if row.used_at is not None:
            # Either the owner or a thief holds a copy; the family cannot tell which, so it all goes.
            await uow.refresh_tokens.revoke_family(row.family_id, at=now)
            await uow.commit()
            logger.warning(
                "refresh token reused; family revoked",
                extra={"family_id": str(row.family_id), "user_id": str(row.user_id)},
            )
            raise RefreshTokenReused()
        row.used_at = now
        pair = await _issue_pair(uow, issuer, user_id=row.user_id, family_id=row.family_id, now=now)
        await uow.commit()
    return pair


async def logout(*, uow: AuthUnitOfWork, clock: Clock, refresh_token: str) -> None:
    """Revoke the refresh token's family (this sign-in on this device); unknown tokens are ignored."""
    async with uow:
        row = await uow.refresh_tokens.get_for_update(hash_refresh_token(refresh_token))
        if row is not None and row.revoked_at is None:
            await uow.refresh_tokens.revoke_family(row.family_id, at=clock.now())
            await uow.commit()


async def issue_service_token(
    *, issuer: TokenIssuer, clock: Clock, clients: dict[str, str], client_id: str, client_secret: str
) -> ServiceToken:
    """A short-lived service token for a known client id and its secret."""
    expected = clients.get(client_id)
    # compare_digest even for an unknown id, so timing does not tell which client ids exist.
    matches = hmac.compare_digest((expected or "\0").encode(), client_secret.encode())
    if expected is None or not matches:
        raise InvalidClient()
    return ServiceToken(
        access_token=issuer.service_token(client_id=client_id, now=clock.now()),
        expires_in=issuer.service_ttl,
    )
