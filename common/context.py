"""Per-request context (request id, user id) readable from logging and outgoing HTTP calls."""

import re
import uuid
from contextvars import ContextVar
from dataclasses import dataclass

_REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")


@dataclass
class RequestContext:
    request_id: str
    user_id: str | None = None


_current: ContextVar[RequestContext | None] = ContextVar("kinoclub_request_context", default=None)


def new_request_id() -> str:
    return uuid.uuid4().hex


def accept_request_id(value: str | None) -> str:
    """Keep a well-formed incoming id (nginx sets one); replace anything else with a fresh id."""
    if value and _REQUEST_ID_RE.match(value):
        return value
    return new_request_id()


def begin(request_id: str) -> RequestContext:
    ctx = RequestContext(request_id=request_id)
    _current.set(ctx)
    return ctx


def current() -> RequestContext | None:
    return _current.get()


def current_request_id() -> str | None:
    ctx = _current.get()
    return ctx.request_id if ctx else None


def set_user_id(user_id: str) -> None:
    ctx = _current.get()
    if ctx is not None:
        ctx.user_id = user_id
