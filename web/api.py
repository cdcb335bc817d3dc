"""Calls to the platform's APIs on behalf of the person at the browser.

Answers come back as `Answer` (status and JSON body) for the pages to read; a service that cannot be
reached, times out or fails (5xx other than a domain 503) raises `ServiceUnavailable`, which the
app turns into an error page. An expired access token is refreshed once and the call repeated.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx

from web.i18n import N_, _

if TYPE_CHECKING:
    from web.session import Session

logger = logging.getLogger(__name__)

SERVICE_NAMES = {
    "auth": N_("The sign-in service"),
    "booking": N_("The booking service"),
    "movie": N_("The film catalog"),
    "notification": N_("The inbox"),
}


class ServiceUnavailable(Exception):
    """A service did not answer usefully; `maybe_done` when a write may have happened anyway."""

    def __init__(self, service: str, *, maybe_done: bool = False):
        self.service = service
        self.maybe_done = maybe_done
        super().__init__(service)

    @property
    def what(self) -> str:
        """The service's name for people, in the request's language."""
        return _(SERVICE_NAMES[self.service]) if self.service in SERVICE_NAMES else self.service


@dataclass
class Answer:
    status: int
    body: Any
    headers: httpx.Headers
    content: bytes = b""

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def code(self) -> str | None:
        return self.body.get("code") if isinstance(self.body, dict) else None

    @property
    def request_id(self) -> str | None:
        return self.headers.get("x-request-id")


class Api:
    """One request's view of the APIs: the caller's token, their address, the shared HTTP client."""

    def __init__(self, *, http: httpx.AsyncClient, bases: dict[str, str], session: Session | None):
        self.http = http
        self.bases = bases
        self.session = session

    async def call(
        self,
        service: str,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        headers: dict[str, str] | None = None,
        as_user: bool = True,
    ) -> Answer:
        """One call; `as_user` sends the signed-in person's token (when there is one)."""
        answer = await self._send(service, method, path, params, json, headers, as_user)
        if (
            answer.status == 401
            and as_user
            and self.session is not None
            and self.session.access_token
            and await self.session.refresh_after_rejection()
        ):
            answer = await self._send(service, method, path, params, json, headers, as_user)
        return answer

    async def get(self, service: str, path: str, **kwargs: Any) -> Answer:
        return await self.call(service, "GET", path, **kwargs)

    async def post(self, service: str, path: str, **kwargs: Any) -> Answer:
        return await self.call(service, "POST", path, **kwargs)

    async def _send(
        self,
        service: str,
        method: str,
        path: str,
        params: dict[str, Any] | None,
        json: Any,
        extra: dict[str, str] | None,
        as_user: bool,
    ) -> Answer:
        headers = {"Accept": "application/json"}
        if self.session is not None:
            headers["X-Forwarded-For"] = self.session.client_ip
            if as_user and self.session.access_token:
                headers["Authorization"] = f"Bearer {self.session.access_token}"
        headers.update(extra or {})
        url = f"{self.bases[service]}{path}"
        try:
            response = await self.http.request(method, url, params=params, json=json, headers=headers)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            logger.warning("%s unreachable: %s %s: %r", service, method, path, exc)
            raise ServiceUnavailable(service) from exc
        except httpx.HTTPError as exc:
            logger.warning("%s failed: %s %s: %r", service, method, path, exc)
            raise ServiceUnavailable(service, maybe_done=method not in {"GET", "HEAD"}) from exc
        try:
            body = response.json() if response.content else None
        except ValueError:
            body = None
        domain_answer = isinstance(body, dict) and "code" in body
        if response.status_code >= 500 and not (response.status_code == 503 and domain_answer):
            logger.warning("%s answered %s to %s %s", service, response.status_code, method, path)
            raise ServiceUnavailable(service, maybe_done=method not in {"GET", "HEAD"})
        return Answer(response.status_code, body, response.headers, response.content)


def page_of(answer: Answer) -> dict[str, Any]:
    """A list answer, or an empty page when the API refused (pages show what they can)."""
    if answer.ok and isinstance(answer.body, dict) and isinstance(answer.body.get("items"), list):
        return answer.body
    return {"items": [], "total": 0, "page": 1, "size": 20}
