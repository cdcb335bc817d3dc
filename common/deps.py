"""Request dependencies every service needs, written once.

Long-lived objects are made in the app's lifespan and kept on `app.state`; a route asks for one with
`Depends(from_state("name"))`. The getters are `async def` on purpose: FastAPI runs a plain `def`
dependency in a worker thread, and a thread hop costs more than the lookup itself.
"""

from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from common.cache import Cache
from common.clock import Clock

U = TypeVar("U")


def from_state(name: str) -> Callable[[Request], Awaitable[Any]]:
    """A dependency that hands the route `app.state.<name>`."""

    async def get(request: Request) -> Any:
        return getattr(request.app.state, name)

    get.__name__ = f"get_{name}"
    return get


def unit_of_work(
    factory: Callable[[async_sessionmaker[AsyncSession]], U],
) -> Callable[[Request], Awaitable[U]]:
    """A dependency that hands each request a fresh unit of work on the service's database."""

    async def get(request: Request) -> U:
        return factory(request.app.state.db.sessionmaker)

    return get


async def client_ip(request: Request) -> str:
    """The caller's address: uvicorn runs with --proxy-headers and trusts only the local nginx."""
    return request.client.host if request.client else "unknown"


ClockDep = Annotated[Clock, Depends(from_state("clock"))]
CacheDep = Annotated[Cache, Depends(from_state("cache"))]
ClientIp = Annotated[str, Depends(client_ip)]
