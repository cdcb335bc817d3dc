"""The UGC unit of work: one transaction with every repository of the service."""

from common.db import SqlAlchemyUnitOfWork
from common.inbox import ProcessedEvents
from ugc_api.accounts.models import ProcessedEvent
from ugc_api.accounts.repository import PersonalDataRepository
from ugc_api.friends.repository import FriendRepository
from ugc_api.reviews.repository import ReviewRepository, VoteRepository
from ugc_api.subscriptions.repository import SubscriptionRepository


class UgcUnitOfWork(SqlAlchemyUnitOfWork):
    friends: FriendRepository
    subscriptions: SubscriptionRepository
    reviews: ReviewRepository
    votes: VoteRepository
    personal_data: PersonalDataRepository
    processed: ProcessedEvents

    def _enter_repositories(self) -> None:
        self.friends = FriendRepository(self.session)
        self.subscriptions = SubscriptionRepository(self.session)
        self.reviews = ReviewRepository(self.session)
        self.votes = VoteRepository(self.session)
        self.personal_data = PersonalDataRepository(self.session)
        self.processed = ProcessedEvents(self.session, ProcessedEvent)
