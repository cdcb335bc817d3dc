"""Email addresses from auth (`GET /auth/v1/users?id=...`), which shows them to services only."""

import uuid

from common.errors import DependencyUnavailable
from common.service_client import ServiceClient

_CHUNK = 100  # auth answers at most 100 profiles per call
_PATH = "/auth/v1/users"


class UserDirectory:
    def __init__(self, auth: ServiceClient):
        """`auth` carries this service's token: auth shows emails to services only."""
        self.auth = auth

    async def emails(self, user_ids: list[uuid.UUID]) -> dict[uuid.UUID, str | None]:
        """Each known user's email (None if they have none); unknown users are left out."""
        unique = list(dict.fromkeys(user_ids))
        found: dict[uuid.UUID, str | None] = {}
        for start in range(0, len(unique), _CHUNK):
            chunk = unique[start : start + _CHUNK]
            profiles = await self.auth.get_json(_PATH, params=[("id", str(i)) for i in chunk])
            try:
                for profile in profiles:
                    found[uuid.UUID(profile["id"])] = profile.get("email")
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                raise DependencyUnavailable(f"GET {_PATH} answered an unexpected shape") from exc
        return found
