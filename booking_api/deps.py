"""Request-scoped dependencies of the booking service.

One dependency hands a route everything it needs, a fresh unit of work and the long-lived `Env`:
FastAPI resolves each dependency (and each level of a chain) on every request, and on the booking hot
path that showed up as a fifth of the CPU. Each router types the unit of work as its own layer's
Protocol (`Context[EventsUnitOfWork]`), so a route sees only the repositories of its layer and below.
"""

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from fastapi import Request

from booking_api.core.env import Env

U = TypeVar("U")


@dataclass(frozen=True)
class Context(Generic[U]):
    uow: U
    env: Env


async def request_context(request: Request) -> Context[Any]:
    state = request.app.state
    return Context(uow=state.new_uow(), env=state.env)
