"""Tells every service, once a change has committed, that sessions ended or a person was (un)banned.

The change itself is in PostgreSQL (sessions ended, refresh tokens revoked, memberships); what the other
services must refuse at once goes to the shared revocation list in Redis (common/revocation.py) after
the commit, so a rolled-back change revokes nothing."""

import uuid
from collections.abc import Iterable

from common.db import SqlAlchemyUnitOfWork
from common.revocation import Revocations

# Beyond the access token's lifetime: the verifiers' leeway, and clocks a little apart.
_MARGIN_SECONDS = 60


class Revoker:
    def __init__(self, revocations: Revocations, *, access_ttl: int):
        self.revocations = revocations
        self.ttl = access_ttl + _MARGIN_SECONDS

    def end_sessions(self, uow: SqlAlchemyUnitOfWork, session_ids: Iterable[uuid.UUID]) -> None:
        """Every access token of these sessions is refused everywhere once `uow` commits."""
        ids = [str(session_id) for session_id in session_ids]
        if not ids:
            return

        async def publish() -> None:
            await self.revocations.end_sessions(ids, ttl=self.ttl)

        uow.after_commit(publish)

    def ban(self, uow: SqlAlchemyUnitOfWork, user_id: uuid.UUID) -> None:
        """The person's current tokens may no longer write, once `uow` commits (tokens issued later say
        `banned` themselves, so the mark only needs to outlive the tokens already out)."""

        async def publish() -> None:
            await self.revocations.ban(str(user_id), ttl=self.ttl)

        uow.after_commit(publish)

    def unban(self, uow: SqlAlchemyUnitOfWork, user_id: uuid.UUID) -> None:
        async def publish() -> None:
            await self.revocations.unban(str(user_id))

        uow.after_commit(publish)
