"""Reading each service's part of a person's export, with auth's own service token."""

import asyncio
import logging
import uuid
from datetime import datetime
from typing import Any

import httpx

from auth_api.privacy.holders import DataHolder
from auth_api.tokens.issuer import TokenIssuer
from common.clock import Clock
from common.errors import DependencyUnavailable
from common.service_client import ServiceClient

logger = logging.getLogger(__name__)


class OwnServiceToken:
    """Auth signs its own service token (`sub: auth_api`) instead of asking itself over HTTP."""

    def __init__(self, issuer: TokenIssuer, clock: Clock, *, client_id: str = "auth_api"):
        self.issuer = issuer
        self.clock = clock
        self.client_id = client_id
        self._token: tuple[datetime, str] | None = None

    async def headers(self) -> dict[str, str]:
        now = self.clock.now()
        if self._token is None or (now - self._token[0]).total_seconds() > self.issuer.service_ttl / 2:
            self._token = (now, self.issuer.service_token(client_id=self.client_id, now=now))
        return {"Authorization": f"Bearer {self._token[1]}"}

    def forget(self) -> None:
        self._token = None


class ExportSources:
    def __init__(self, http: httpx.AsyncClient, tokens: OwnServiceToken, holders: list[DataHolder]):
        self.holders = holders
        self.clients = {h.name: ServiceClient(http, base_url=h.base_url, tokens=tokens) for h in holders}

    async def _one(self, holder: DataHolder, user_id: uuid.UUID) -> tuple[str, dict[str, Any] | None]:
        try:
            body = await self.clients[holder.name].get_json(holder.export_path.format(user_id=user_id))
        except DependencyUnavailable as exc:
            logger.warning("export part unavailable: %s", exc.detail, extra={"service": holder.name})
            return holder.name, None
        return holder.name, body if isinstance(body, dict) else None

    async def gather(self, user_id: uuid.UUID) -> dict[str, dict[str, Any] | None]:
        """Each service's part (None where it could not be read), asked all at once."""
        parts = await asyncio.gather(*(self._one(holder, user_id) for holder in self.holders))
        return dict(parts)
