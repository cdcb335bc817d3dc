"""Service-to-service credentials: a service trades its client id and secret at auth for a short-lived
service token (RS256 JWT, `typ: service`) and sends it as a bearer token. See docs/service-auth.md."""

import asyncio
import time

import httpx

from common.errors import DependencyUnavailable


class ServiceTokenProvider:
    """Fetches this service's token from auth and reuses it until shortly before it expires."""

    def __init__(self, client: httpx.AsyncClient, *, auth_url: str, client_id: str, client_secret: str):
        self.client = client
        self.url = f"{auth_url}/auth/v1/service_token"
        self.client_id = client_id
        self.client_secret = client_secret
        self._token: str | None = None
        self._expires_at = 0.0
        self._lock = asyncio.Lock()

    async def token(self) -> str:
        if self._token and time.monotonic() < self._expires_at - 60:
            return self._token
        async with self._lock:
            if self._token and time.monotonic() < self._expires_at - 60:
                return self._token
            try:
                response = await self.client.post(
                    self.url, json={"client_id": self.client_id, "client_secret": self.client_secret}
                )
                response.raise_for_status()
            except httpx.HTTPError as exc:
                raise DependencyUnavailable("Cannot obtain a service token from auth.") from exc
            body = response.json()
            self._token = body["access_token"]
            self._expires_at = time.monotonic() + float(body.get("expires_in", 300))
            return self._token

    async def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {await self.token()}"}

    def forget(self) -> None:
        """Drop the cached token (after a 401, say), so the next call fetches a new one."""
        self._token = None
