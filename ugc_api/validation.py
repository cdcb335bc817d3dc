"""Keeps validation errors answerable when a JSON body carries an unpaired surrogate (`"\\ud800"`).

Python's JSON parser accepts such escapes, FastAPI's 422 echoes the offending input, and the shared
handler in `common.errors` then fails to encode its own answer as UTF-8, so the client gets a dropped
connection instead of a 422. Until that handler escapes its output, this wrapper replaces unpaired
surrogates in the echoed errors with U+FFFD before the shared handler renders them.
"""

import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.responses import Response

_SURROGATE = re.compile("[\ud800-\udfff]")


def scrub(value: Any) -> Any:
    """The value with every unpaired surrogate in its strings (keys included) replaced by U+FFFD."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {scrub(k): scrub(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(scrub(v) for v in value)
    return value


def install_surrogate_safe_validation_errors(app: FastAPI) -> None:
    """Wrap the app's validation-error handler so that its answer can always be encoded."""
    shared = app.exception_handlers[RequestValidationError]

    async def handler(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return await shared(request, RequestValidationError(scrub(list(exc.errors())), body=None))

    app.add_exception_handler(RequestValidationError, handler)
