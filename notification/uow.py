"""The notification service's unit of work: one transaction, its repositories."""

from common.db import SqlAlchemyUnitOfWork
from notification.accounts.repository import PersonalDataRepository
from notification.delivery.repository import DeliveryRepository
from notification.events.repository import InboundRepository, ProjectionRepository
from notification.fanout.repository import FanoutRepository
from notification.messages.repository import NotificationRepository
from notification.preferences.repository import PreferencesRepository
from notification.reminders.repository import ReminderRepository


class NotificationUnitOfWork(SqlAlchemyUnitOfWork):
    inbound: InboundRepository
    projection: ProjectionRepository
    notifications: NotificationRepository
    deliveries: DeliveryRepository
    preferences: PreferencesRepository
    fanout: FanoutRepository
    reminders: ReminderRepository
    personal_data: PersonalDataRepository

    def _enter_repositories(self) -> None:
        self.inbound = InboundRepository(self.session)
        self.projection = ProjectionRepository(self.session)
        self.notifications = NotificationRepository(self.session)
        self.deliveries = DeliveryRepository(self.session)
        self.preferences = PreferencesRepository(self.session)
        self.fanout = FanoutRepository(self.session)
        self.reminders = ReminderRepository(self.session)
        self.personal_data = PersonalDataRepository(self.session)
