"""Links in PostgreSQL."""

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from url_shortener.links.models import Link

_links = Link.__table__

# One statement run for many rows; codes go in sorted order, so two workers flushing at once lock
# rows in the same order and cannot deadlock.
_ADD_CLICKS = (
    update(_links)
    .where(_links.c.code == bindparam("b_code"))
    .values(clicks=_links.c.clicks + bindparam("b_clicks"))
)


class LinkRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def insert(self, link: Link) -> bool:
        """Insert unless the code or dedup key is taken (then False, and nothing is written).

        ON CONFLICT waits for a concurrent insert of the same key to commit or roll back, so a
        False here means the other row is committed and a following read sees it.
        """
        values = {column.key: getattr(link, column.key) for column in _links.columns}
        inserted = await self.session.scalar(
            insert(Link).values(values).on_conflict_do_nothing().returning(Link.id)
        )
        return inserted is not None

    async def get_by_code(self, code: str) -> Link | None:
        return await self.session.scalar(select(Link).where(Link.code == code))

    async def get_by_dedup_key(self, key: str) -> Link | None:
        return await self.session.scalar(select(Link).where(Link.dedup_key == key))

    async def target_of(self, code: str) -> tuple[str, datetime | None] | None:
        row = (await self.session.execute(select(Link.url, Link.expires_at).where(Link.code == code))).first()
        return None if row is None else (row.url, row.expires_at)

    async def release_dedup_key(self, link_id: object) -> None:
        await self.session.execute(update(Link).where(Link.id == link_id).values(dedup_key=None))

    async def list_by_owner(
        self, owner_kind: str, owner_id: str, *, offset: int, limit: int
    ) -> tuple[Sequence[Link], int]:
        mine = (Link.owner_kind == owner_kind, Link.owner_id == owner_id)
        total = await self.session.scalar(select(func.count()).select_from(Link).where(*mine))
        rows = await self.session.scalars(
            select(Link).where(*mine).order_by(Link.created_at.desc(), Link.id).offset(offset).limit(limit)
        )
        return rows.all(), total or 0

    async def add_clicks(self, counts: Mapping[str, int]) -> None:
        if counts:
            params = [{"b_code": code, "b_clicks": counts[code]} for code in sorted(counts)]
            await self.session.execute(_ADD_CLICKS, params)
