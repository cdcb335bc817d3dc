"""Friendship with a host, asked of UGC with booking's service credential (friends-only evenings)."""

import uuid

from common.errors import DependencyUnavailable
from common.service_client import ServiceClient


class Friendships:
    def __init__(self, ugc: ServiceClient):
        self.ugc = ugc

    async def are_friends(self, host_id: uuid.UUID, user_id: uuid.UUID) -> bool:
        """Whether the two are friends now; UGC unreachable or answering nonsense raises
        `DependencyUnavailable` (503): a friends-only evening is never opened on a guess."""
        body = await self.ugc.get_json(f"/ugc/v1/friends/{host_id}/{user_id}")
        friends = body.get("friends") if isinstance(body, dict) else None
        if not isinstance(friends, bool):
            raise DependencyUnavailable(self.ugc.detail)
        return friends
