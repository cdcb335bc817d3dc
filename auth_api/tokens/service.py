"""Use cases of sign-in: login, refresh-token rotation with reuse detection, logout, service tokens."""

import hmac
import logging
import uuid
from datetime import datetime, timedelta

from auth_api.opaque import hash_secret_token, new_secret_token
from auth_api.sessions import service as sessions
from auth_api.sessions.models import Session
from auth_api.sessions.revoker import Revoker
from auth_api.throttle import LoginAttempt, Throttle
from auth_api.tokens.exceptions import (
    InvalidClient,
    InvalidCredentials,
    InvalidRefreshToken,
    RefreshTokenReused,
    TooManyLoginAttempts,
)
from auth_api.tokens.issuer import TokenIssuer
from auth_api.tokens.models import RefreshToken
from auth_api.tokens.schemas import ServiceToken, TokenPair
from auth_api.uow import AuthUnitOfWork
from auth_api.users.models import User
from auth_api.users.passwords import PasswordHasher
from common.clock import Clock
from common.security import Principal

logger = logging.getLogger(__name__)


async def _issue_pair(
    uow: AuthUnitOfWork, issuer: TokenIssuer, *, session: Session, now: datetime
) -> TokenPair:
    groups = await uow.groups.groups_of(session.user_id)
    refresh, refresh_hash = new_secret_token()
    # Each refresh renews the idle limit, never past the session's absolute end.
    expires_at = min(now + timedelta(seconds=issuer.refresh_ttl), session.expires_at)
    uow.refresh_tokens.add(
        RefreshToken(
            id=uuid.uuid4(),
            token_hash=refresh_hash,
            family_id=session.id,
            user_id=session.user_id,
            created_at=now,
            expires_at=expires_at,
        )
    )
    return TokenPair(
        access_token=issuer.access_token(
            user_id=session.user_id, groups=groups, now=now, session_id=session.id
        ),
        expires_in=issuer.access_ttl,
        refresh_token=refresh,
        refresh_expires_in=max(0, int((expires_at - now).total_seconds())),
    )


async def check_password(
    *,
    uow: AuthUnitOfWork,
    hasher: PasswordHasher,
    throttle: Throttle,
    email: str,
    password: str,
    client_ip: str,
) -> tuple[User, LoginAttempt]:
    """The account whose password this is, or `invalid_credentials` (one answer for a wrong password and
    an unknown email, in about the same time); too many failures from this address are `429`."""
    attempt = await throttle.login(email=email, ip=client_ip)
    if isinstance(attempt, int):
        raise TooManyLoginAttempts(headers={"Retry-After": str(attempt)}, retry_after=attempt)
    async with uow:
        user = await uow.users.get_by_email(email)
    # The password is checked outside the transaction: argon2 takes a while and needs no connection.
    if not await hasher.verify(user.password_hash if user else None, password) or user is None:
        raise InvalidCredentials()
    return user, attempt


async def login(
    *,
    uow: AuthUnitOfWork,
    hasher: PasswordHasher,
    issuer: TokenIssuer,
    throttle: Throttle,
    clock: Clock,
    email: str,
    password: str,
    client_ip: str,
    device: str | None,
) -> TokenPair:
    """Check the password and start a new session (a refresh-token family); failures are throttled."""
    user, attempt = await check_password(
        uow=uow, hasher=hasher, throttle=throttle, email=email, password=password, client_ip=client_ip
    )
    rehashed = await hasher.hash(password) if hasher.needs_rehash(user.password_hash) else None
    async with uow:
        if rehashed is not None and (current := await uow.users.get(user.id)) is not None:
            current.password_hash = rehashed
        now = clock.now()
        session = sessions.start(
            uow, user_id=user.id, now=now, max_age=issuer.session_max_age, device=device, ip=client_ip
        )
        pair = await _issue_pair(uow, issuer, session=session, now=now)
        await uow.commit()
    await throttle.login_succeeded(attempt)
    return pair


async def refresh(
    *, uow: AuthUnitOfWork, issuer: TokenIssuer, revoker: Revoker, clock: Clock, refresh_token: str
) -> TokenPair:
    """Trade a refresh token for a new pair; a token presented twice ends its whole session."""
    async with uow:
        row = await uow.refresh_tokens.get_for_update(hash_secret_token(refresh_token))
        now = clock.now()
        if row is None or row.revoked_at is not None or row.expires_at <= now:
            raise InvalidRefreshToken()
        session = await uow.sessions.get(row.family_id)
        if session is None or session.ended_at is not None or session.expires_at <= now:
            raise InvalidRefreshToken()
        if row.used_at is not None:
            # Either the owner or a thief holds a copy; the session cannot tell which, so it all goes.
            ended = await uow.sessions.end(row.user_id, at=now, only=row.family_id)
            revoker.end_sessions(uow, ended)
            await uow.commit()
            logger.warning(
                "refresh token reused; session ended",
                extra={"family_id": str(row.family_id), "user_id": str(row.user_id)},
            )
            raise RefreshTokenReused()
        row.used_at = now
        session.last_used_at = now
        pair = await _issue_pair(uow, issuer, session=session, now=now)
        await uow.commit()
    return pair


async def logout(
    *,
    uow: AuthUnitOfWork,
    revoker: Revoker,
    clock: Clock,
    refresh_token: str | None,
    caller: Principal | None,
    everywhere: bool,
) -> None:
    """End the session of the refresh token and/or of the access token presented (or, `everywhere`,
    every session of its person). Unknown or already ended sessions are ignored."""
    async with uow:
        now = clock.now()
        targets: list[tuple[uuid.UUID, uuid.UUID | None]] = []  # (person, session to end; None: all)
        if refresh_token:
            row = await uow.refresh_tokens.get_for_update(hash_secret_token(refresh_token))
            if row is not None:
                targets.append((row.user_id, None if everywhere else row.family_id))
        ended: list[uuid.UUID] = []
        if caller is not None and not caller.is_service:
            sid = uuid.UUID(caller.session_id) if caller.session_id else None
            if sid is not None:
                ended.append(sid)  # refused again even if it ended before (Redis may have missed it)
            if everywhere or sid is not None:
                targets.append((caller.user_id, None if everywhere else sid))
        for user_id, only in targets:
            ended += await uow.sessions.end(user_id, at=now, only=only)
        revoker.end_sessions(uow, set(ended))
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
