"""The url_shortener unit of work: one transaction with its repositories."""

from common.db import SqlAlchemyUnitOfWork
from common.inbox import ProcessedEvents
from url_shortener.accounts.models import ProcessedEvent
from url_shortener.accounts.repository import PersonalDataRepository
from url_shortener.links.repository import LinkRepository


class ShortenerUnitOfWork(SqlAlchemyUnitOfWork):
    links: LinkRepository
    personal_data: PersonalDataRepository
    processed: ProcessedEvents

    def _enter_repositories(self) -> None:
        self.links = LinkRepository(self.session)
        self.personal_data = PersonalDataRepository(self.session)
        self.processed = ProcessedEvents(self.session, ProcessedEvent)
