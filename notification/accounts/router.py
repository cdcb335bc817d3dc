"""Internal route for auth: a person's export (not routed by nginx). Account events come in through
`POST /notification/v1/events` like every other domain event."""

import uuid
from typing import Any

from fastapi import APIRouter

from common.errors import NotAuthenticated, error_responses
from common.inbox import EXPORT_PATH, AuthService, NotAuthService
from common.security import InvalidToken, ServiceTokenRequired
from notification.accounts import service
from notification.deps import UowDep

router = APIRouter(tags=["internal"])


@router.get(
    EXPORT_PATH,
    responses=error_responses(NotAuthenticated, InvalidToken, ServiceTokenRequired, NotAuthService),
)
async def export(user_id: uuid.UUID, _: AuthService, uow: UowDep) -> dict[str, Any]:
    """A person's messages, email deliveries and settings, for auth's `GET /auth/v1/me/export`."""
    return await service.export(uow=uow, user_id=user_id)
