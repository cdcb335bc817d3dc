"""Use cases of sessions: starting one at sign-in, listing mine, ending one or all of them."""

import uuid
from datetime import datetime, timedelta

from auth_api.sessions.exceptions import SessionNotFound
from auth_api.sessions.models import Session
from auth_api.sessions.revoker import Revoker
from auth_api.sessions.schemas import SessionOut
from auth_api.uow import AuthUnitOfWork
from common.clock import Clock
from common.pagination import Page, PageParams
from common.security import Principal
from common.validation import only_readable


def device_name(user_agent: str | None) -> str | None:
    """What the sessions list shows for a browser: its User-Agent, readable and cut to 200 characters."""
    if not user_agent:
        return None
    text = only_readable(user_agent)[:200].strip()
    return text or None


def start(
    uow: AuthUnitOfWork,
    *,
    user_id: uuid.UUID,
    now: datetime,
    max_age: int,
    device: str | None,
    ip: str | None,
) -> Session:
    """A new session for a sign-in (its refresh tokens are added by the caller)."""
    session = Session(
        id=uuid.uuid4(),
        user_id=user_id,
        created_at=now,
        last_used_at=now,
        expires_at=now + timedelta(seconds=max_age),
        device=device_name(device),
        ip_address=(ip or None) and ip[:64],
    )
    uow.sessions.add(session)
    return session


async def list_sessions(
    *, uow: AuthUnitOfWork, clock: Clock, user: Principal, page: PageParams
) -> Page[SessionOut]:
    """My open sessions, most recently used first; `current` marks the one asking."""
    async with uow:
        rows, total = await uow.sessions.live(
            user.user_id, now=clock.now(), offset=page.offset, limit=page.limit
        )
        return Page.of(
            [
                SessionOut(
                    id=row.id,
                    device=row.device,
                    ip_address=row.ip_address,
                    created_at=row.created_at,
                    last_used_at=row.last_used_at,
                    expires_at=row.expires_at,
                    current=str(row.id) == user.session_id,
                )
                for row in rows
            ],
            total,
            page,
        )


async def end_session(
    *, uow: AuthUnitOfWork, clock: Clock, revoker: Revoker, user: Principal, session_id: uuid.UUID
) -> None:
    """End one of my sessions: its refresh token stops working and its access tokens are refused
    everywhere within a second. Ending one that has already ended changes nothing; someone else's is 404."""
    async with uow:
        session = await uow.sessions.get(session_id)
        if session is None or session.user_id != user.user_id:
            raise SessionNotFound()
        ended = await uow.sessions.end(user.user_id, at=clock.now(), only=session_id)
        revoker.end_sessions(uow, ended)
        await uow.commit()


async def end_all_sessions(
    *, uow: AuthUnitOfWork, clock: Clock, revoker: Revoker, user_id: uuid.UUID, keep: uuid.UUID | None = None
) -> list[uuid.UUID]:
    """Sign out everywhere (but in `keep`, when given): the ids of the sessions ended."""
    async with uow:
        ended = await uow.sessions.end(user_id, at=clock.now(), keep=keep)
        revoker.end_sessions(uow, ended)
        await uow.commit()
    return ended
