"""Domain errors and the one mapping from them to HTTP responses (`{"code", "detail", ...context}`).

Service code raises subclasses of the categories below and never builds HTTP responses itself;
`install_error_handlers` turns each error into its status, a stable `code` and a human `detail`.
"""

import json
import logging
import math
import re
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar, TypeVar

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException

logger = logging.getLogger(__name__)


def _finite(value: Any) -> Any:
    """The value with NaN and infinities as strings: strict JSON has no bare `NaN` or `Infinity`."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(item) for item in value]
    return value


class ErrorResponse(JSONResponse):
    """Strict JSON with non-ASCII escaped: an error may echo input holding an unpaired surrogate
    ("\\ud800"), which UTF-8 cannot encode, or a non-finite number; either way the client gets valid
    JSON and its 4xx."""

    def render(self, content: Any) -> bytes:
        return json.dumps(_finite(content), ensure_ascii=True, allow_nan=False, separators=(",", ":")).encode(
            "ascii"
        )


# Validation errors are bounded (docs/conventions.md): at most MAX_ERRORS of them, echoed text cut to
# MAX_ECHO characters, and nothing echoed of a field whose name says it holds a secret.
MAX_ERRORS = 20
MAX_ECHO = 100
_SECRET_NAME = re.compile(r"pass|token|secret|authorization|credential|api_?key", re.IGNORECASE)


def _cut(text: str, limit: int = MAX_ECHO) -> str:
    return text if len(text) <= limit else f"{text[:limit]}…"


def _echo(value: Any) -> Any:
    """A scalar as it may be echoed (text cut short); containers are not echoed at all."""
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, str):
        return _cut(value)
    if isinstance(value, dict | list | tuple | set | frozenset | bytes):
        return None
    return _cut(str(value))


def bounded_errors(errors: Any) -> tuple[list[dict[str, Any]], int]:
    """Pydantic's error list made safe to answer with: (the first MAX_ERRORS, how many were left out)."""
    listed = list(errors)
    safe = []
    for error in listed[:MAX_ERRORS]:
        loc = [_echo(part) if isinstance(part, str) else part for part in error.get("loc", ())][:10]
        entry: dict[str, Any] = {
            "type": str(error.get("type", "")),
            "loc": loc,
            "msg": _cut(str(error.get("msg", "")), 300),
        }
        secret = any(isinstance(part, str) and _SECRET_NAME.search(part) for part in error.get("loc", ()))
        echoed = None if secret else _echo(error.get("input"))
        if echoed is not None:
            entry["input"] = echoed
        context = error.get("ctx")
        if isinstance(context, dict) and not secret:
            entry["ctx"] = {_cut(str(key), 50): _echo(value) for key, value in list(context.items())[:5]}
        safe.append(entry)
    return safe, max(0, len(listed) - MAX_ERRORS)


class DomainError(Exception):
    """Base of every error a service function may raise on purpose."""

    code: ClassVar[str] = "error"
    # The class's default text for people; an instance may say more (`DomainError("Only 2 left")`).
    detail: str = "The request could not be completed."

    def __init__(self, detail: str | None = None, *, headers: dict[str, str] | None = None, **context: Any):
        self.detail = detail or type(self).detail
        self.context = context
        self.headers = headers or {}
        super().__init__(self.detail)


class BadRequest(DomainError):
    code = "bad_request"
    detail = "The request is malformed."


class NotAuthenticated(DomainError):
    code = "not_authenticated"
    detail = "A valid bearer token is required."


class PermissionDenied(DomainError):
    code = "forbidden"
    detail = "You are not allowed to do this."


class NotFound(DomainError):
    code = "not_found"
    detail = "Not found."


class Conflict(DomainError):
    code = "conflict"
    detail = "The request conflicts with the current state."


class Gone(DomainError):
    code = "gone"
    detail = "This resource is no longer available."


class InvalidInput(DomainError):
    code = "invalid_input"
    detail = "The request has invalid values."


class TooManyRequests(DomainError):
    code = "too_many_requests"
    detail = "Too many requests; try again later."


class DependencyUnavailable(DomainError):
    code = "dependency_unavailable"
    detail = "A service this request needs is unavailable; nothing was changed."


DEFAULT_STATUSES: dict[type[DomainError], int] = {
    BadRequest: 400,
    NotAuthenticated: 401,
    PermissionDenied: 403,
    NotFound: 404,
    Conflict: 409,
    Gone: 410,
    InvalidInput: 422,
    TooManyRequests: 429,
    DependencyUnavailable: 503,
    DomainError: 400,
}


def status_for(error: type[DomainError], overrides: dict[type[DomainError], int] | None = None) -> int:
    table = {**DEFAULT_STATUSES, **(overrides or {})}
    for klass in error.__mro__:
        if klass in table:
            return table[klass]
    return 400


class ErrorBody(BaseModel):
    """Every error answer: a stable machine `code` and a `detail` for people, plus context fields."""

    model_config = ConfigDict(extra="allow")
    code: str
    detail: Any


def error_responses(*errors: type[DomainError]) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entry documenting the codes a route can answer, grouped by status."""
    by_status: dict[int, list[type[DomainError]]] = {}
    for error in errors:
        by_status.setdefault(status_for(error), []).append(error)
    return {
        status: {
            "model": ErrorBody,
            "description": "; ".join(f"`{e.code}`: {e.detail}" for e in group),
        }
        for status, group in sorted(by_status.items())
    }


_HTTP_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
}


def _is_unstorable_input(exc: BaseException) -> bool:
    """A value that got past validation but that PostgreSQL or datetime arithmetic refuses: still the
    client's input, so a 422, not a 500 (the schemas are the first line; this is the backstop)."""
    import sqlalchemy.exc

    return isinstance(exc, (sqlalchemy.exc.DataError, OverflowError, UnicodeEncodeError))


def _is_db_unavailable(exc: BaseException) -> bool:
    import sqlalchemy.exc

    if isinstance(exc, sqlalchemy.exc.DBAPIError) and exc.connection_invalidated:
        return True
    if isinstance(exc, sqlalchemy.exc.TimeoutError):  # no pooled connection came free in time
        return True
    return isinstance(
        exc, (ConnectionError, TimeoutError, sqlalchemy.exc.InterfaceError, sqlalchemy.exc.OperationalError)
    )


E = TypeVar("E", bound=Exception)


def add_handler(app: FastAPI, kind: type[E], handle: Callable[[Request, E], Awaitable[Response]]) -> None:
    """Register `handle` for exceptions of `kind`, typed as such (Starlette passes it any Exception)."""

    async def dispatch(request: Request, exc: Exception) -> Response:
        if not isinstance(exc, kind):  # Starlette only calls it for `kind`; anything else is a bug here
            raise TypeError(f"{handle.__name__} got {type(exc).__name__}") from exc
        return await handle(request, exc)

    app.add_exception_handler(kind, dispatch)


def install_error_handlers(app: FastAPI, overrides: dict[type[DomainError], int] | None = None) -> None:
    """Map domain errors, validation errors and stray exceptions to JSON error bodies."""

    async def domain_error(_: Request, exc: DomainError) -> Response:
        body = {"code": exc.code, "detail": exc.detail, **jsonable_encoder(exc.context)}
        status = status_for(type(exc), overrides)
        headers = dict(exc.headers)
        if status == 401:
            headers.setdefault("WWW-Authenticate", "Bearer")
        return ErrorResponse(body, status_code=status, headers=headers)

    async def validation_error(_: Request, exc: RequestValidationError) -> Response:
        errors, omitted = bounded_errors(exc.errors())
        extra = {"errors_omitted": omitted} if omitted else {}
        if any(err["type"] == "json_invalid" for err in errors):
            return ErrorResponse({"code": "malformed_json", "detail": errors}, status_code=400)
        return ErrorResponse({"detail": errors, "code": "validation_error", **extra}, status_code=422)

    async def http_error(_: Request, exc: StarletteHTTPException) -> Response:
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        return ErrorResponse(
            {"code": code, "detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
        )

    async def unexpected(request: Request, exc: Exception) -> Response:
        if _is_unstorable_input(exc):
            logger.warning("unstorable input on %s %s: %s", request.method, request.url.path, exc)
            return ErrorResponse(
                {"code": "invalid_input", "detail": "The request holds a value that cannot be stored."},
                status_code=422,
            )
        if _is_db_unavailable(exc):
            logger.warning("database unavailable: %s", exc)
            return ErrorResponse(
                {"code": "dependency_unavailable", "detail": "The database is unavailable; try again."},
                status_code=503,
            )
        logger.exception("unhandled error on %s %s", request.method, request.url.path)
        return ErrorResponse(
            {"code": "internal_error", "detail": "Internal error; it has been logged."}, status_code=500
        )

    add_handler(app, DomainError, domain_error)
    add_handler(app, RequestValidationError, validation_error)
    add_handler(app, StarletteHTTPException, http_error)
    add_handler(app, Exception, unexpected)
