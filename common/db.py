"""Async SQLAlchemy engine, sessions and the unit-of-work base every service builds on."""

import copy
from collections.abc import Awaitable, Callable, Mapping, Sequence
from types import TracebackType
from typing import Any, ClassVar, Self

from sqlalchemy import MetaData, Table, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names, so Alembic migrations can name what they create and drop.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base; each service declares its own subclass so metadata stays per service."""

    __abstract__ = True
    # Every model here maps one plain table (no joined or selectable mappings), for Core statements.
    __table__: ClassVar[Table]


def new_metadata() -> MetaData:
    return MetaData(naming_convention=NAMING_CONVENTION)


def async_url(url: str) -> str:
    """Any postgres URL (postgres://, postgresql://, postgresql+driver://) as an asyncpg URL."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise ValueError(f"not a database URL: {url!r}")
    if scheme in {"postgres", "postgresql"} or scheme.startswith("postgresql+"):
        return f"postgresql+asyncpg://{rest}"
    return url


class Database:
    """Engine and session factory of one service, created in the app lifespan."""

    def __init__(self, url: str, *, pool_size: int = 10, max_overflow: int = 10, application_name: str = ""):
        self.engine: AsyncEngine = create_async_engine(
            async_url(url),
            pool_size=pool_size,
            max_overflow=max_overflow,
            pool_recycle=1800,
            pool_timeout=10,
            connect_args={
                "timeout": 5,
                "command_timeout": 30,
                # UTC, so times PostgreSQL renders itself (to_jsonb of a timestamptz) match Python's.
                "server_settings": {"application_name": application_name or "kinoclub", "timezone": "UTC"},
            },
        )
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False, autoflush=False)
        # Sessions whose every statement commits on its own: no BEGIN/COMMIT round trips, and a row lock
        # taken by a statement is released when the statement ends, not when the client next speaks.
        self.autocommit_sessionmaker = async_sessionmaker(
            self.engine.execution_options(isolation_level="AUTOCOMMIT"),
            expire_on_commit=False,
            autoflush=False,
        )

    async def ping(self) -> None:
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        await self.engine.dispose()


Handler = Callable[[Any, Any], Awaitable[None]]
AfterCommit = Callable[[], Awaitable[None]]


class SqlAlchemyUnitOfWork:
    """One transaction per use case: `async with uow: ...; await uow.commit()`; anything else rolls back.

    `publish(event)` runs the handlers registered for the event's type right away, inside the same
    transaction: what a change implies elsewhere (in a higher layer of the service) commits with it or
    not at all. `after_commit(action)` runs an action once the transaction has committed (cache
    invalidation: a reader must never see the new data cached under the old key, nor the reverse)."""

    session: AsyncSession
    handlers: ClassVar[Mapping[type, Sequence[Handler]]] = {}

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        autocommit_sessionmaker: async_sessionmaker[AsyncSession] | None = None,
    ):
        self._sessionmaker = sessionmaker
        self._autocommit_sessionmaker = autocommit_sessionmaker
        self._after_commit: list[AfterCommit] = []

    def autocommit(self) -> Self:
        """The same unit of work with every statement its own transaction: for a use case whose only
        write is one statement (which PostgreSQL runs atomically), it saves BEGIN and COMMIT."""
        if self._autocommit_sessionmaker is None:
            raise RuntimeError("this unit of work has no autocommit sessions")
        twin = copy.copy(self)
        twin._sessionmaker = self._autocommit_sessionmaker
        twin._after_commit = []
        return twin

    async def __aenter__(self) -> Self:
        self.session = self._sessionmaker()
        self._after_commit = []
        self._enter_repositories()
        return self

    def _enter_repositories(self) -> None:
        """Subclasses attach their repositories to `self.session` here."""

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        # close() rolls back whatever was not committed, and (unlike rollback()) leaves loaded objects
        # readable, so a use case may build its answer after the block.
        self._after_commit = []
        await self.session.close()

    async def publish(self, event: object) -> None:
        """Let the handlers of `event`'s type act on it now, in this transaction."""
        for handler in self.handlers.get(type(event), ()):
            await handler(event, self)

    def after_commit(self, action: AfterCommit) -> None:
        """Run `action` after the next successful commit (dropped on rollback); once, however often
        the same action is asked for."""
        if action not in self._after_commit:
            self._after_commit.append(action)

    async def commit(self) -> None:
        await self.session.commit()
        actions, self._after_commit = self._after_commit, []
        for action in actions:
            await action()

    async def rollback(self) -> None:
        self._after_commit = []
        await self.session.rollback()
