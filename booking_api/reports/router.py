import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, status

from booking_api.core.exceptions import ModeratorsOnly
from booking_api.deps import Context, request_context
from booking_api.events.exceptions import EventNotFound
from booking_api.reports import exceptions as errors
from booking_api.reports import service
from booking_api.reports.ports import ReportsUnitOfWork
from booking_api.reports.schemas import ReportCreate, ReportRead, ReportStatus, ResolveRequest
from common.errors import DependencyUnavailable, error_responses
from common.pagination import Page, Pagination
from common.security import CurrentUser, InvalidToken, UserTokenRequired

router = APIRouter(prefix="/v1/reports", tags=["reports"])
AUTH_ERRORS = (InvalidToken, UserTokenRequired)
Ctx = Annotated[Context[ReportsUnitOfWork], Depends(request_context)]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=ReportRead,
    responses=error_responses(
        *AUTH_ERRORS, errors.CannotReportSelf, errors.ReportTargetNotFound, DependencyUnavailable
    ),
)
async def report(ctx: Ctx, body: ReportCreate, user: CurrentUser) -> ReportRead:
    """Report an evening, a host or a guest to the moderators (free text up to 2,000 characters)."""
    return await service.create_report(uow=ctx.uow, env=ctx.env, reporter_id=user.user_id, data=body)


@router.get("", response_model=Page[ReportRead], responses=error_responses(*AUTH_ERRORS, ModeratorsOnly))
async def list_reports(
    ctx: Ctx,
    user: CurrentUser,
    page: Pagination,
    report_status: Annotated[ReportStatus | None, Query(alias="status")] = None,
) -> Page[ReportRead]:
    """Reports, the oldest first (moderators only)."""
    return await service.list_reports(
        uow=ctx.uow, env=ctx.env, moderator_id=user.user_id, status=report_status, page=page
    )


@router.post(
    "/{report_id}/resolve",
    response_model=ReportRead,
    responses=error_responses(
        *AUTH_ERRORS,
        ModeratorsOnly,
        errors.ReportNotFound,
        errors.ReportResolved,
        errors.ActionNotApplicable,
        EventNotFound,
        DependencyUnavailable,
    ),
)
async def resolve_report(
    ctx: Ctx, report_id: uuid.UUID, body: ResolveRequest, user: CurrentUser
) -> ReportRead:
    """Resolve a report (moderators only): dismiss it, hide the evening, or ban the person through auth."""
    return await service.resolve(
        uow=ctx.uow, env=ctx.env, moderator_id=user.user_id, report_id=report_id, data=body
    )
