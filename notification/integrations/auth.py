"""Email addresses from auth (`GET /auth/v1/users?id=...`), which shows them to services only."""

import uuid

import httpx

from common.errors import DependencyUnavailable
from common.service_auth import ServiceTokenProvider
from notification.integrations.calls import get_json

_CHUNK = 100  # auth answers at most 100 profiles per call


class UserDirectory:
    def __init__(self, http: httpx.AsyncClient, tokens: ServiceTokenProvider, *, auth_url: str):
        self.http = http
        self.tokens = tokens
        self.url = f"{auth_url}/auth/v1/users"

    async def emails(self, user_ids: list[uuid.UUID]) -> dict[uuid.UUID, str | None]:
        """Each known user's email (None if they have none); unknown users are left out."""
        unique = list(dict.fromkeys(user_ids))
        found: dict[uuid.UUID, str | None] = {}
        for start in range(0, len(unique), _CHUNK):
            chunk = unique[start : start + _CHUNK]
            profiles = await get_json(
                self.http, self.tokens, self.url, params=[("id", str(i)) for i in chunk]
            )
            try:
                for profile in profiles:
                    found[uuid.UUID(profile["id"])] = profile.get("email")
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                raise DependencyUnavailable(f"GET {self.url} answered an unexpected shape") from exc
        return found
