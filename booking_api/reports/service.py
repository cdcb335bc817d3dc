"""Anyone signed in reports an evening, a host or a guest; moderators list and resolve reports."""

import uuid
from typing import Any

from booking_api.core.env import Env
from booking_api.core.people import require_moderator
from booking_api.events.access import Shown, sight
from booking_api.events.exceptions import EventNotFound
from booking_api.reports.exceptions import (
    ActionNotApplicable,
    CannotReportSelf,
    ReportNotFound,
    ReportResolved,
    ReportTargetNotFound,
)
from booking_api.reports.models import Report, ReportStatus
from booking_api.reports.ports import ReportsUnitOfWork
from booking_api.reports.schemas import ReportCreate, ReportRead, ResolveRequest
from common.pagination import Page, PageParams


async def create_report(
    *, uow: ReportsUnitOfWork, env: Env, reporter_id: uuid.UUID, data: ReportCreate
) -> ReportRead:
    """Report an evening, a host or a guest to the moderators."""
    if data.target_id == reporter_id:
        raise CannotReportSelf()
    if data.target_type != "event" and await env.users.get(data.target_id) is None:
        raise ReportTargetNotFound()
    now = env.clock.now()
    report = Report(
        id=uuid.uuid4(),
        reporter_id=reporter_id,
        target_type=data.target_type,
        target_id=data.target_id,
        reason=data.reason,
        text=data.text,
        status="open",
        created_at=now,
    )
    async with uow:
        if data.target_type == "event":
            event = await uow.events.get(data.target_id)
            shown = Shown.of(event) if event is not None else None
            # An evening the reporter may not see is as unknown to them as one that does not exist.
            if (
                shown is None
                or await sight(uow=uow, env=env, event=shown, viewer_id=reporter_id, now=now) is None
            ):
                raise ReportTargetNotFound()
        await uow.reports.add(report)
        await uow.commit()
    return ReportRead.model_validate(report, from_attributes=True)


async def list_reports(
    *,
    uow: ReportsUnitOfWork,
    env: Env,
    moderator_id: uuid.UUID,
    status: ReportStatus | None,
    page: PageParams,
) -> Page[ReportRead]:
    """Reports for moderators, the oldest first."""
    await require_moderator(env.users, moderator_id)
    async with uow:
        rows, total = await uow.reports.search(status=status, offset=page.offset, limit=page.limit)
    return Page.of([ReportRead.model_validate(r, from_attributes=True) for r in rows], total, page)


async def resolve(
    *, uow: ReportsUnitOfWork, env: Env, moderator_id: uuid.UUID, report_id: uuid.UUID, data: ResolveRequest
) -> ReportRead:
    """A moderator resolves a report: dismiss it, hide the evening, or ban the person (the evening's
    host for a report of an evening) through auth."""
    await require_moderator(env.users, moderator_id)
    now = env.clock.now()
    async with uow:
        report = await uow.reports.get(report_id, lock=True)
        if report is None:
            raise ReportNotFound()
        if report.status != "open":
            raise ReportResolved()
        if data.action == "hide_event":
            if report.target_type != "event":
                raise ActionNotApplicable()
            event = await uow.events.get(report.target_id, lock=True)
            if event is None:
                raise EventNotFound()
            await uow.events.update(event.id, {"hidden_at": now, "hidden_reason": data.note or report.reason})
            uow.invalidate(event.id)
        elif data.action == "ban":
            target = report.target_id
            if report.target_type == "event":
                event = await uow.events.get(report.target_id)
                if event is None:
                    raise EventNotFound()
                target = event.host_id
            # Auth first: if it cannot be reached, the report stays open and nothing changed here.
            await env.bans.ban(target)
        values: dict[str, Any] = {
            "status": "resolved",
            "action": data.action,
            "note": data.note,
            "resolved_by": moderator_id,
            "resolved_at": now,
        }
        await uow.reports.update(report_id, values)
        await uow.commit()
        fresh = await uow.reports.get(report_id, lock=True)
    if fresh is None:  # just updated, never deleted
        raise ReportNotFound()
    return ReportRead.model_validate(fresh, from_attributes=True)
