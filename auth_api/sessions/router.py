"""My sessions: list them, end one, end them all ("sign out everywhere")."""

import uuid

from fastapi import APIRouter, Response

from auth_api.deps import ClockDep, RevokerDep, UnitOfWork
from auth_api.sessions import service
from auth_api.sessions.exceptions import SessionNotFound
from auth_api.sessions.schemas import SessionOut
from common.errors import NotAuthenticated, error_responses
from common.pagination import Page, Pagination
from common.security import CurrentUserEvenBanned, InvalidToken, UserTokenRequired

router = APIRouter(tags=["sessions"])

_SIGNED_IN = (NotAuthenticated, InvalidToken, UserTokenRequired)


@router.get("/v1/me/sessions", response_model=Page[SessionOut], responses=error_responses(*_SIGNED_IN))
async def my_sessions(
    user: CurrentUserEvenBanned, uow: UnitOfWork, clock: ClockDep, page: Pagination
) -> Page[SessionOut]:
    """My open sessions (device, address, signed in, last used), most recently used first."""
    return await service.list_sessions(uow=uow, clock=clock, user=user, page=page)


@router.delete(
    "/v1/me/sessions/{session_id}", status_code=204, responses=error_responses(*_SIGNED_IN, SessionNotFound)
)
async def end_session(
    session_id: uuid.UUID, user: CurrentUserEvenBanned, uow: UnitOfWork, clock: ClockDep, revoker: RevokerDep
) -> Response:
    """End one of my sessions: its refresh token stops working, its access tokens within a second."""
    await service.end_session(uow=uow, clock=clock, revoker=revoker, user=user, session_id=session_id)
    return Response(status_code=204)


@router.delete("/v1/me/sessions", status_code=204, responses=error_responses(*_SIGNED_IN))
async def end_all_sessions(
    user: CurrentUserEvenBanned, uow: UnitOfWork, clock: ClockDep, revoker: RevokerDep
) -> Response:
    """Sign out everywhere: every session of mine ends, this one included."""
    await service.end_all_sessions(uow=uow, clock=clock, revoker=revoker, user_id=user.user_id)
    return Response(status_code=204)
