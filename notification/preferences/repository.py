import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from notification.preferences.models import Preferences


class PreferencesRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def get(self, user_id: uuid.UUID) -> Preferences | None:
        return await self.session.get(Preferences, user_id)

    async def get_many(self, user_ids: list[uuid.UUID]) -> dict[uuid.UUID, Preferences]:
        if not user_ids:
            return {}
        rows = await self.session.scalars(select(Preferences).where(Preferences.user_id.in_(set(user_ids))))
        return {row.user_id: row for row in rows}

    async def put(
        self, user_id: uuid.UUID, *, language: str, timezone: str, muted_kinds: list[str], now: datetime
    ) -> Preferences:
        statement = insert(Preferences).values(
            user_id=user_id, language=language, timezone=timezone, muted_kinds=muted_kinds, updated_at=now
        )
        await self.session.execute(
            statement.on_conflict_do_update(
                index_elements=[Preferences.user_id],
                set_={
                    "language": statement.excluded.language,
                    "timezone": statement.excluded.timezone,
                    "muted_kinds": statement.excluded.muted_kinds,
                    "updated_at": statement.excluded.updated_at,
                },
            )
        )
        return (
            await self.session.execute(
                select(Preferences)
                .where(Preferences.user_id == user_id)
                .execution_options(populate_existing=True)
            )
        ).scalar_one()  # just upserted in this transaction
