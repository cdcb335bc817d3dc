"""Single-use link tokens in PostgreSQL."""

import uuid
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from auth_api.links.models import LinkToken


class LinkRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    def add(self, token: LinkToken) -> None:
        self.session.add(token)

    async def get_for_update(self, token_hash: str, purpose: str) -> LinkToken | None:
        """The link's row, locked: two clicks on one link are decided one after the other."""
        result = await self.session.execute(
            select(LinkToken)
            .where(LinkToken.token_hash == token_hash, LinkToken.purpose == purpose)
            .with_for_update()
        )
        return result.scalar_one_or_none()

    async def void_unused(self, user_id: uuid.UUID, purpose: str, *, at: datetime) -> None:
        """Every unused link of this purpose stops working (a newer one was sent, or it was used)."""
        await self.session.execute(
            update(LinkToken)
            .where(LinkToken.user_id == user_id, LinkToken.purpose == purpose, LinkToken.used_at.is_(None))
            .values(used_at=at)
        )
