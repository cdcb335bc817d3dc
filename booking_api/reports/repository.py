import uuid
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from booking_api.reports.models import Report


class ReportRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def add(self, report: Report) -> None:
        self.session.add(report)
        await self.session.flush()

    async def get(self, report_id: uuid.UUID, *, lock: bool = False) -> Report | None:
        query = select(Report).where(Report.id == report_id)
        if lock:
            query = query.with_for_update().execution_options(populate_existing=True)
        return (await self.session.execute(query)).scalar_one_or_none()

    async def update(self, report_id: uuid.UUID, values: dict[str, Any]) -> None:
        await self.session.execute(update(Report).where(Report.id == report_id).values(**values))

    async def search(self, *, status: str | None, offset: int, limit: int) -> tuple[list[Report], int]:
        where = [Report.status == status] if status else []
        total = await self.session.scalar(select(func.count()).select_from(Report).where(*where))
        rows = await self.session.execute(
            select(Report).where(*where).order_by(Report.created_at, Report.id).offset(offset).limit(limit)
        )
        return list(rows.scalars()), int(total or 0)
