"""Calls from one service to another, written once.

A `ServiceClient` knows the other service's base URL and, when that service wants one, this service's
token (`common.service_auth`); timeouts, retries of idempotent calls and the request id come from the
shared httpx client (`common.http`). Any failure to get a usable answer (no connection, a timeout, an
unexpected status, a body that is not JSON) is raised as `DependencyUnavailable`, which a request
answers with 503 and a worker turns into a retry later.
"""

import logging
from collections.abc import Collection
from typing import Any, Protocol

import httpx

from common.errors import DependencyUnavailable

logger = logging.getLogger(__name__)


class TokenSource(Protocol):
    """This service's credential for calls to others (`common.service_auth.ServiceTokenProvider`)."""

    async def headers(self) -> dict[str, str]: ...

    def forget(self) -> None: ...


class ServiceClient:
    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        base_url: str,
        tokens: TokenSource | None = None,
        unavailable: type[DependencyUnavailable] = DependencyUnavailable,
        detail: str | None = None,
    ):
        """A failure raises `unavailable(detail)`: give `detail` when the caller's own client will see
        it (a 503 answer); without one, the detail says what failed (URL, status), for logs and the
        retry records of workers, never for a person."""
        self.http = http
        self.base_url = base_url.rstrip("/")
        self.tokens = tokens
        self.unavailable = unavailable
        self.detail = detail

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def _failed(self, why: str) -> DependencyUnavailable:
        return self.unavailable(self.detail or why)

    async def _send(self, method: str, url: str, *, params: Any, json: Any) -> httpx.Response:
        headers = await self.tokens.headers() if self.tokens is not None else None
        return await self.http.request(method, url, params=params, json=json, headers=headers)

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Any = None,
        json: Any = None,
        expect: Collection[int] = (200,),
        missing_ok: bool = False,
    ) -> httpx.Response | None:
        """The answer when its status is in `expect`; None for a 404 when `missing_ok`. A 401 to a call
        with this service's token fetches a fresh token and tries once more (a rotated key, say)."""
        url = self.url(path)
        try:
            response = await self._send(method, url, params=params, json=json)
            if response.status_code == 401 and self.tokens is not None:
                self.tokens.forget()
                response = await self._send(method, url, params=params, json=json)
        except httpx.HTTPError as exc:
            raise self._failed(f"{method} {url} failed: {exc.__class__.__name__}") from exc
        if missing_ok and response.status_code == 404:
            return None
        if response.status_code not in expect:
            raise self._failed(f"{method} {url} answered {response.status_code}: {response.text[:300]}")
        return response

    async def get_json(self, path: str, *, params: Any = None, missing_ok: bool = False) -> Any:
        """The JSON body of a GET; None for a 404 when `missing_ok`."""
        response = await self.request("GET", path, params=params, missing_ok=missing_ok)
        if response is None:
            return None
        try:
            return response.json()
        except ValueError as exc:
            raise self._failed(f"GET {self.url(path)} answered something that is not JSON") from exc

    async def post_json(self, path: str, json: Any, *, expect: Collection[int] = (200, 201, 202)) -> Any:
        """The JSON body of a POST's answer (empty answers give None)."""
        response = await self.request("POST", path, json=json, expect=expect)
        if response is None or not response.content:
            return None
        try:
            return response.json()
        except ValueError as exc:
            raise self._failed(f"POST {self.url(path)} answered something that is not JSON") from exc
