"""Async SQLAlchemy engine, sessions and the unit-of-work base every service builds on."""

from types import TracebackType
from typing import Self

from sqlalchemy import MetaData, text
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


class SqlAlchemyUnitOfWork:
    """One transaction per use case: `async with uow: ...; await uow.commit()`; anything else rolls back."""

    session: AsyncSession

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        autocommit_sessionmaker: async_sessionmaker[AsyncSession] | None = None,
    ):
        self._sessionmaker = sessionmaker
        self._autocommit_sessionmaker = autocommit_sessionmaker

    def autocommit(self) -> Self:
        """The same unit of work with every statement its own transaction: for a use case whose only
        write is one statement (which PostgreSQL runs atomically), it saves BEGIN and COMMIT."""
        if self._autocommit_sessionmaker is None:
            raise RuntimeError("this unit of work has no autocommit sessions")
        return type(self)(self._autocommit_sessionmaker, self._autocommit_sessionmaker)

    async def __aenter__(self) -> Self:
        self.session = self._sessionmaker()
        self._enter_repositories()
        return self

    def _enter_repositories(self) -> None:
        """Subclasses attach their repositories to `self.session` here."""

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        # close() rolls back whatever was not committed, and (unlike rollback()) leaves loaded objects
        # readable, so a use case may build its answer after the block.
        await self.session.close()

    async def commit(self) -> None:
        await self.session.commit()

    async def rollback(self) -> None:
        await self.session.rollback()
