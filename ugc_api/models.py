"""Every table of ugc_api, imported in one place so Alembic's autogenerate sees them all."""

from ugc_api.accounts.models import ProcessedEvent
from ugc_api.friends.models import FriendLink
from ugc_api.reviews.models import Review, ReviewVote
from ugc_api.subscriptions.models import Subscription

__all__ = ["FriendLink", "ProcessedEvent", "Review", "ReviewVote", "Subscription"]
