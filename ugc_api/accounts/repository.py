"""What UGC holds about one person: removed or anonymised when they delete their account, and read for
their export."""

import uuid
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from ugc_api.friends.models import FriendLink
from ugc_api.reviews.models import Review, ReviewVote
from ugc_api.subscriptions.models import Subscription


class PersonalDataRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def forget(self, user_id: uuid.UUID) -> None:
        """Their reviews stay, by nobody ("deleted user"); their votes, friends, requests and
        subscriptions go."""
        await self.session.execute(update(Review).where(Review.user_id == user_id).values(user_id=None))
        await self.session.execute(delete(ReviewVote).where(ReviewVote.user_id == user_id))
        await self.session.execute(
            delete(FriendLink).where(or_(FriendLink.user_id == user_id, FriendLink.friend_id == user_id))
        )
        await self.session.execute(delete(Subscription).where(Subscription.user_id == user_id))

    async def export(self, user_id: uuid.UUID) -> dict[str, list[dict[str, Any]]]:
        reviews = await self.session.execute(
            select(Review).where(Review.user_id == user_id).order_by(Review.created_at)
        )
        votes = await self.session.execute(
            select(ReviewVote).where(ReviewVote.user_id == user_id).order_by(ReviewVote.created_at)
        )
        mine = await self.session.execute(select(FriendLink).where(FriendLink.user_id == user_id))
        theirs = await self.session.execute(select(FriendLink).where(FriendLink.friend_id == user_id))
        added = {link.friend_id: link.created_at for link in mine.scalars()}
        added_me = {link.user_id: link.created_at for link in theirs.scalars()}
        subscriptions = await self.session.execute(
            select(Subscription).where(Subscription.user_id == user_id).order_by(Subscription.created_at)
        )
        return {
            "reviews": [
                {
                    "id": str(r.id),
                    "movie_id": str(r.movie_id),
                    "score": r.score,
                    "text": r.text,
                    "created_at": r.created_at.isoformat(),
                    "updated_at": r.updated_at.isoformat(),
                }
                for r in reviews.scalars()
            ],
            "review_votes": [
                {
                    "review_id": str(v.review_id),
                    "value": "like" if v.value > 0 else "dislike",
                    "created_at": v.created_at.isoformat(),
                }
                for v in votes.scalars()
            ],
            "friends": [
                {"user_id": str(other), "since": max(at, added_me[other]).isoformat()}
                for other, at in added.items()
                if other in added_me
            ],
            "friend_requests": [
                {"user_id": str(other), "direction": "outgoing", "requested_at": at.isoformat()}
                for other, at in added.items()
                if other not in added_me
            ]
            + [
                {"user_id": str(other), "direction": "incoming", "requested_at": at.isoformat()}
                for other, at in added_me.items()
                if other not in added
            ],
            "subscriptions": [
                {"movie_id": str(s.movie_id), "subscribed_at": s.created_at.isoformat()}
                for s in subscriptions.scalars()
            ],
        }
