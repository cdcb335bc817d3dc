"""The url_shortener unit of work: one transaction with the links repository."""

from common.db import SqlAlchemyUnitOfWork
from url_shortener.links.repository import LinkRepository


class ShortenerUnitOfWork(SqlAlchemyUnitOfWork):
    links: LinkRepository

    def _enter_repositories(self) -> None:
        self.links = LinkRepository(self.session)
