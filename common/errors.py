"""Domain errors and the one mapping from them to HTTP responses (`{"code", "detail", ...context}`).

Service code raises subclasses of the categories below and never builds HTTP responses itself;
`install_error_handlers` turns each error into its status, a stable `code` and a human `detail`.
"""

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar, TypeVar

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException

logger = logging.getLogger(__name__)


class ErrorResponse(JSONResponse):
    """JSON with non-ASCII escaped: an error may echo input holding an unpaired surrogate ("\\ud800"),
    which UTF-8 cannot encode; escaped, it is still valid JSON and the client gets its 4xx."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=True, separators=(",", ":")).encode("ascii")


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
        errors = jsonable_encoder(exc.errors(), custom_encoder={Exception: str})
        if any(err.get("type") == "json_invalid" for err in errors):
            return ErrorResponse({"code": "malformed_json", "detail": errors}, status_code=400)
        return ErrorResponse({"detail": errors, "code": "validation_error"}, status_code=422)

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
