"""JSON-lines logging to stdout, and GELF to Graylog when GRAYLOG_HOST is set."""

import logging
import sys
import time
import traceback
from typing import Any

import orjson

from common import context

# Attributes every LogRecord has; anything else on a record came in through `extra=`.
_STANDARD_ATTRS = frozenset(
    vars(logging.LogRecord("x", logging.INFO, "x", 0, "x", None, None)).keys()
    | {"message", "asctime", "taskName"}
)


class ContextFilter(logging.Filter):
    """Stamps each record with the service name and the current request and user ids."""

    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def filter(self, record: logging.LogRecord) -> bool:
        record.service = self.service
        ctx = context.current()
        if not hasattr(record, "request_id"):
            record.request_id = ctx.request_id if ctx else None
        if not hasattr(record, "user_id"):
            record.user_id = ctx.user_id if ctx else None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and every extra field."""

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD_ATTRS and not key.startswith("_"):
                payload[key] = value
        if record.exc_info:
            payload["exc"] = "".join(traceback.format_exception(*record.exc_info))
        return orjson.dumps(payload, default=str).decode()


def configure_logging(
    *, service: str, level: str = "INFO", graylog_host: str | None = None, graylog_port: int = 12201
) -> None:
    """Route the root logger (and uvicorn's) to JSON on stdout, plus GELF UDP when a Graylog host is set."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    context_filter = ContextFilter(service)

    stdout = logging.StreamHandler(sys.stdout)
    stdout.setFormatter(JsonFormatter())
    stdout.addFilter(context_filter)
    root.addHandler(stdout)

    if graylog_host:
        import graypy

        gelf = graypy.GELFUDPHandler(graylog_host, graylog_port, facility=service, debugging_fields=False)
        gelf.addFilter(context_filter)
        root.addHandler(gelf)

    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        named = logging.getLogger(name)
        named.handlers.clear()
        named.propagate = True
    # One line per outgoing call at INFO would drown the access log; failures still log at WARNING.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # The access record comes from our middleware, with the request id; uvicorn's would repeat it.
    logging.getLogger("uvicorn.access").disabled = True
