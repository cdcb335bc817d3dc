"""`/health` (the process answers) and `/ready` (its database and Redis answer) for every service."""

import asyncio
import logging
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

logger = logging.getLogger(__name__)


class Health(BaseModel):
    status: str
    service: str


class Readiness(BaseModel):
    status: str
    service: str
    checks: dict[str, str]


async def _check(name: str, coro: Any, limit: float = 1.0) -> str:
    try:
        result = await asyncio.wait_for(coro, limit)
    except Exception as exc:  # whatever a probe raises, the answer is "down", and why is logged
        logger.warning("readiness check %s failed: %r", name, exc, exc_info=True)
        return "down"
    return "down" if result is False else "ok"


def health_router(service: str) -> APIRouter:
    router = APIRouter(tags=["health"])

    @router.get("/health", response_model=Health)
    async def health() -> Health:
        """The process is alive."""
        return Health(status="ok", service=service)

    @router.get("/ready", response_model=Readiness, responses={503: {"model": Readiness}})
    async def ready(request: Request) -> Any:
        """The service's database and Redis answer (503 and the failing check otherwise)."""
        checks: dict[str, str] = {}
        state = request.app.state
        if getattr(state, "db", None) is not None:
            checks["database"] = await _check("database", state.db.ping())
        if getattr(state, "cache", None) is not None:
            checks["redis"] = await _check("redis", state.cache.ping())
        for name, probe in getattr(state, "readiness_checks", {}).items():
            checks[name] = await _check(name, probe())
        ok = all(value == "ok" for value in checks.values())
        body = Readiness(status="ready" if ok else "not_ready", service=service, checks=checks)
        if ok:
            return body
        return JSONResponse(
            {**body.model_dump(), "code": "not_ready", "detail": "A dependency is down."}, status_code=503
        )

    return router
