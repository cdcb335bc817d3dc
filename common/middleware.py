"""Request context middleware: request id in and out, and one access log record per request."""

import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from common import context

access_logger = logging.getLogger("kinoclub.access")

_QUIET_SUFFIXES = ("/health", "/ready")


class RequestContextMiddleware:
    """Takes X-Request-ID from nginx (or makes one), returns it, and logs method, path, status, latency."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = None
        for name, value in scope["headers"]:
            if name == b"x-request-id":
                incoming = value.decode("latin-1")
                break
        ctx = context.begin(context.accept_request_id(incoming))
        raw_id = ctx.request_id.encode()
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"x-request-id"]
                headers.append((b"x-request-id", raw_id))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            path = scope.get("path", "")
            level = logging.DEBUG if path.endswith(_QUIET_SUFFIXES) else logging.INFO
            if access_logger.isEnabledFor(level):
                access_logger.log(
                    level,
                    "%s %s %s",
                    scope.get("method"),
                    path,
                    status,
                    extra={
                        "method": scope.get("method"),
                        "path": path,
                        "status": status,
                        "latency_ms": round((time.perf_counter() - started) * 1000, 2),
                    },
                )
