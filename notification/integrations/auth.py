"""Email addresses and account languages from auth (`GET /auth/v1/users?id=...`), which shows them to
services only."""

import uuid
from dataclasses import dataclass

from common.errors import DependencyUnavailable
from common.service_client import ServiceClient

_CHUNK = 100  # auth answers at most 100 profiles per call
_PATH = "/auth/v1/users"


@dataclass(frozen=True)
class Contact:
    email: str | None
    language: str | None


class UserDirectory:
    def __init__(self, auth: ServiceClient):
        """`auth` carries this service's token: auth shows emails to services only."""
        self.auth = auth

    async def contacts(self, user_ids: list[uuid.UUID]) -> dict[uuid.UUID, Contact]:
        """Each known user's email and account language (None when they have none, or chose none);
        unknown users are left out."""
        unique = list(dict.fromkeys(user_ids))
        found: dict[uuid.UUID, Contact] = {}
        for start in range(0, len(unique), _CHUNK):
            chunk = unique[start : start + _CHUNK]
            profiles = await self.auth.get_json(_PATH, params=[("id", str(i)) for i in chunk])
            try:
                for profile in profiles:
                    language = profile.get("language")
                    found[uuid.UUID(profile["id"])] = Contact(
                        email=profile.get("email"), language=language if language in ("ru", "en") else None
                    )
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                raise DependencyUnavailable(f"GET {_PATH} answered an unexpected shape") from exc
        return found
