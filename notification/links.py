"""Where a message points: the event's share link when booking gave one, else its page on the site."""

import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class Links:
    public_base_url: str

    def event(self, event_id: uuid.UUID | str, share_url: str | None = None) -> str:
        return share_url or f"{self.public_base_url.rstrip('/')}/events/{event_id}"

    def ratings(self, user_id: uuid.UUID | str) -> str:
        """The person's scores and visible reviews on the web front."""
        return f"{self.public_base_url.rstrip('/')}/users/{user_id}/ratings"

    def my_bookings(self) -> str:
        """Where a guest sees their bookings and waiting-list offers (and claims them)."""
        return f"{self.public_base_url.rstrip('/')}/bookings"

    def settings(self) -> str:
        return f"{self.public_base_url.rstrip('/')}/settings/notifications"
