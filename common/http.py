"""Outgoing HTTP: httpx clients with timeouts, retries for idempotent calls and request-id propagation."""

import asyncio
import logging

import httpx

from common import context

logger = logging.getLogger(__name__)

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRY_STATUSES = frozenset({502, 503, 504})


class RetryTransport(httpx.AsyncBaseTransport):
    """Retries a call that failed to connect (nothing was sent, so any method is safe), and an
    idempotent call that timed out or met a 502/503/504, with exponential backoff."""

    def __init__(self, inner: httpx.AsyncBaseTransport, *, retries: int = 2, backoff: float = 0.05):
        self.inner = inner
        self.retries = retries
        self.backoff = backoff

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        idempotent = request.method in IDEMPOTENT_METHODS
        attempt = 0
        while True:
            try:
                response = await self.inner.handle_async_request(request)
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout):
                if attempt >= self.retries:
                    raise
            except (httpx.ReadTimeout, httpx.WriteTimeout, httpx.RemoteProtocolError, httpx.ReadError):
                if not idempotent or attempt >= self.retries:
                    raise
            else:
                if not (idempotent and response.status_code in RETRY_STATUSES and attempt < self.retries):
                    return response
                await response.aclose()
            attempt += 1
            logger.info("retrying %s %s (attempt %d)", request.method, request.url, attempt + 1)
            await asyncio.sleep(self.backoff * (2 ** (attempt - 1)))

    async def aclose(self) -> None:
        await self.inner.aclose()


async def _add_request_id(request: httpx.Request) -> None:
    request_id = context.current_request_id()
    if request_id and "x-request-id" not in request.headers:
        request.headers["X-Request-ID"] = request_id


def create_http_client(
    *,
    base_url: str = "",
    timeout: float = 2.0,
    retries: int = 2,
    headers: dict[str, str] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> httpx.AsyncClient:
    """An AsyncClient for calling another service: every call has a deadline and carries X-Request-ID."""
    inner = transport or httpx.AsyncHTTPTransport(
        limits=httpx.Limits(max_connections=100, max_keepalive_connections=20)
    )
    return httpx.AsyncClient(
        base_url=base_url,
        timeout=httpx.Timeout(timeout),
        transport=RetryTransport(inner, retries=retries),
        headers=headers,
        event_hooks={"request": [_add_request_id]},
    )
