"""The UGC unit of work: one transaction with every repository of the service."""

from common.db import SqlAlchemyUnitOfWork
from ugc_api.friends.repository import FriendRepository
from ugc_api.reviews.repository import ReviewRepository, VoteRepository
from ugc_api.subscriptions.repository import SubscriptionRepository


class UgcUnitOfWork(SqlAlchemyUnitOfWork):
    friends: FriendRepository
    subscriptions: SubscriptionRepository
    reviews: ReviewRepository
    votes: VoteRepository

    def _enter_repositories(self) -> None:
        self.friends = FriendRepository(self.session)
        self.subscriptions = SubscriptionRepository(self.session)
        self.reviews = ReviewRepository(self.session)
        self.votes = VoteRepository(self.session)
