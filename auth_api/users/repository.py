"""Users in PostgreSQL."""

import uuid

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from auth_api.users.models import User


class UserRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def get(self, user_id: uuid.UUID) -> User | None:
        return await self.session.get(User, user_id)

    async def get_by_email(self, email: str) -> User | None:
        """The account whose address is `email` in any letter case (surrounding spaces ignored)."""
        result = await self.session.execute(
            select(User).where(func.lower(User.email) == email.strip().lower())
        )
        return result.scalar_one_or_none()

    async def list_by_ids(self, ids: list[uuid.UUID]) -> list[User]:
        result = await self.session.execute(select(User).where(User.id.in_(ids)))
        return list(result.scalars())

    def add(self, user: User) -> None:
        self.session.add(user)

    async def delete(self, user: User) -> None:
        await self.session.delete(user)
