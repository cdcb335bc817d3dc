import uuid
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from notification.fanout.models import EVERYONE, PENDING, FanoutJob


class FanoutRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def add(
        self,
        *,
        source_id: uuid.UUID,
        event_id: uuid.UUID,
        host_id: uuid.UUID,
        movie_id: uuid.UUID,
        now: datetime,
        audience: str = EVERYONE,
    ) -> None:
        await self.session.execute(
            insert(FanoutJob)
            .values(
                id=uuid.uuid4(),
                source_id=source_id,
                event_id=event_id,
                host_id=host_id,
                movie_id=movie_id,
                audience=audience,
                status=PENDING,
                attempts=0,
                next_attempt_at=now,
                created_at=now,
            )
            .on_conflict_do_nothing(index_elements=[FanoutJob.source_id])
        )

    async def claim_due(self, now: datetime) -> FanoutJob | None:
        """The oldest due job, locked for this transaction; a job another worker holds is skipped."""
        return await self.session.scalar(
            select(FanoutJob)
            .where(FanoutJob.status == PENDING, FanoutJob.next_attempt_at <= now)
            .order_by(FanoutJob.next_attempt_at, FanoutJob.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        )

    async def get(self, job_id: uuid.UUID) -> FanoutJob | None:
        return await self.session.get(FanoutJob, job_id)

    async def for_event(self, event_id: uuid.UUID) -> list[FanoutJob]:
        return list(await self.session.scalars(select(FanoutJob).where(FanoutJob.event_id == event_id)))

    async def finish(
        self, job_id: uuid.UUID, *, status: str, now: datetime, recipients: int | None, note: str | None
    ) -> None:
        await self.session.execute(
            update(FanoutJob)
            .where(FanoutJob.id == job_id)
            .values(status=status, done_at=now, recipients=recipients, last_error=note)
        )

    async def retry(self, job_id: uuid.UUID, *, attempts: int, at: datetime, error: str) -> None:
        await self.session.execute(
            update(FanoutJob)
            .where(FanoutJob.id == job_id)
            .values(attempts=attempts, next_attempt_at=at, last_error=error)
        )
