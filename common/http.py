"""Outgoing HTTP: httpx clients with timeouts, retries for idempotent calls and request-id propagation."""

import logging

import httpx
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    retry_if_result,
    stop_after_attempt,
    wait_exponential,
)

from common import context

logger = logging.getLogger(__name__)

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRY_STATUSES = frozenset({502, 503, 504})
# Nothing reached the other side: safe to repeat whatever the method.
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# The request may have been handled: only an idempotent one is repeated.
MAYBE_SENT = (httpx.ReadTimeout, httpx.WriteTimeout, httpx.RemoteProtocolError, httpx.ReadError)


class RetryTransport(httpx.AsyncBaseTransport):
    """Retries a call that failed to connect (nothing was sent, so any method is safe), and an
    idempotent call that timed out or met a 502/503/504, with exponential backoff (tenacity)."""

    def __init__(self, inner: httpx.AsyncBaseTransport, *, retries: int = 2, backoff: float = 0.05):
        self.inner = inner
        self.retries = retries
        self.backoff = backoff

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        idempotent = request.method in IDEMPOTENT_METHODS

        def failed_safely(exc: BaseException) -> bool:
            return isinstance(exc, NOT_SENT) or (idempotent and isinstance(exc, MAYBE_SENT))

        def refused(response: httpx.Response) -> bool:
            return idempotent and response.status_code in RETRY_STATUSES

        async def before_retry(state: RetryCallState) -> None:
            outcome = state.outcome
            if outcome is not None and not outcome.failed:
                await outcome.result().aclose()  # a refused answer is dropped before the next try
            logger.info("retrying %s %s (attempt %d)", request.method, request.url, state.attempt_number + 1)

        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.retries + 1),
            wait=wait_exponential(multiplier=self.backoff),
            retry=retry_if_exception(failed_safely) | retry_if_result(refused),
            before_sleep=before_retry,
            # Out of attempts: the last refusal is the answer, the last error is raised as it was.
            retry_error_callback=lambda state: state.outcome.result() if state.outcome else None,
            reraise=True,
        )
        response: httpx.Response = await retrying(self.inner.handle_async_request, request)
        return response

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
