"""The auth unit of work: one transaction with every repository of the service."""

from auth_api.groups.repository import GroupRepository
from auth_api.links.repository import LinkRepository
from auth_api.mail.repository import MailRepository
from auth_api.outbox.repository import OutboxRepository
from auth_api.sessions.repository import SessionRepository
from auth_api.tokens.repository import RefreshTokenRepository
from auth_api.users.repository import UserRepository
from common.db import SqlAlchemyUnitOfWork


class AuthUnitOfWork(SqlAlchemyUnitOfWork):
    users: UserRepository
    groups: GroupRepository
    sessions: SessionRepository
    refresh_tokens: RefreshTokenRepository
    links: LinkRepository
    mail: MailRepository
    outbox: OutboxRepository

    def _enter_repositories(self) -> None:
        self.users = UserRepository(self.session)
        self.groups = GroupRepository(self.session)
        self.sessions = SessionRepository(self.session)
        self.refresh_tokens = RefreshTokenRepository(self.session)
        self.links = LinkRepository(self.session)
        self.mail = MailRepository(self.session)
        self.outbox = OutboxRepository(self.session)
