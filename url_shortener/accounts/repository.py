"""The links a person made (what the shortener holds about them): deleted with their account, read for
their export."""

import uuid
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from url_shortener.links.models import Link

USER = "user"


class PersonalDataRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def forget(self, user_id: uuid.UUID) -> list[str]:
        """Delete the person's links; their codes (to drop from the redirect cache)."""
        result = await self.session.execute(
            delete(Link).where(Link.owner_kind == USER, Link.owner_id == str(user_id)).returning(Link.code)
        )
        return list(result.scalars())

    async def export(self, user_id: uuid.UUID) -> dict[str, list[dict[str, Any]]]:
        result = await self.session.execute(
            select(Link)
            .where(Link.owner_kind == USER, Link.owner_id == str(user_id))
            .order_by(Link.created_at)
        )
        return {
            "short_links": [
                {
                    "code": link.code,
                    "url": link.url,
                    "clicks": link.clicks,
                    "created_at": link.created_at.isoformat(),
                    "expires_at": link.expires_at.isoformat() if link.expires_at else None,
                }
                for link in result.scalars()
            ]
        }
