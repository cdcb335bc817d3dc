"""The auth unit of work: one transaction with every repository of the service."""

from auth_api.groups.repository import GroupRepository
from auth_api.tokens.repository import RefreshTokenRepository
from auth_api.users.repository import UserRepository
from common.db import SqlAlchemyUnitOfWork


class AuthUnitOfWork(SqlAlchemyUnitOfWork):
    users: UserRepository
    groups: GroupRepository
    refresh_tokens: RefreshTokenRepository

    def _enter_repositories(self) -> None:
        self.users = UserRepository(self.session)
        self.groups = GroupRepository(self.session)
        self.refresh_tokens = RefreshTokenRepository(self.session)
