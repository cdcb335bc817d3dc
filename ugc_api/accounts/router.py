"""Internal routes for auth: account events, and a person's export (not routed by nginx)."""

import uuid
from typing import Any

from fastapi import APIRouter, Response

from common.errors import NotAuthenticated, error_responses
from common.events import Envelope
from common.inbox import EVENTS_PATH, EXPORT_PATH, AuthService, Handled, InvalidEventData, NotAuthService
from common.security import InvalidToken, ServiceTokenRequired
from ugc_api.accounts import service
from ugc_api.deps import ClockDep, UnitOfWork

router = APIRouter(tags=["internal"])

_AUTH_ONLY = (NotAuthenticated, InvalidToken, ServiceTokenRequired, NotAuthService)


@router.post(EVENTS_PATH, response_model=Handled, responses=error_responses(*_AUTH_ONLY, InvalidEventData))
async def account_event(
    envelope: Envelope, _: AuthService, uow: UnitOfWork, clock: ClockDep, response: Response
) -> Handled:
    """An account event from auth's outbox (`account.deleted`), handled once by its id."""
    handled = await service.handle_event(uow=uow, clock=clock, envelope=envelope)
    response.status_code = 202 if handled.status == "accepted" else 200
    return handled


@router.get(EXPORT_PATH, responses=error_responses(*_AUTH_ONLY))
async def export(user_id: uuid.UUID, _: AuthService, uow: UnitOfWork) -> dict[str, Any]:
    """Everything UGC holds about a person, for auth's `GET /auth/v1/me/export`."""
    return await service.export(uow=uow, user_id=user_id)
