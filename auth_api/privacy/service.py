"""Use cases of a person's data: exporting all of it, and deleting the account everywhere."""

import logging
from datetime import datetime
from typing import Any

from auth_api.groups.constants import ADMIN
from auth_api.groups.exceptions import LastAdmin
from auth_api.privacy.sources import ExportSources
from auth_api.recovery.service import verify_own_password
from auth_api.sessions.revoker import Revoker
from auth_api.throttle import Throttle
from auth_api.uow import AuthUnitOfWork
from auth_api.users.exceptions import UserNotFound
from auth_api.users.passwords import PasswordHasher
from auth_api.users.service import account
from common.clock import Clock
from common.events import AccountDeleted
from common.security import Principal

logger = logging.getLogger(__name__)


def _moment(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


async def export(
    *, uow: AuthUnitOfWork, clock: Clock, sources: ExportSources, user: Principal
) -> dict[str, Any]:
    """Everything the platform holds about me, as one document: my account and sessions from auth, and
    each service's part, read with auth's service token. A service that cannot answer is named in
    `sources` (and `complete` is false) rather than failing the whole export."""
    async with uow:
        found = await uow.users.get(user.user_id)
        if found is None:
            raise UserNotFound()
        mine = account(found, await uow.groups.groups_of(found.id))
        sessions, _ = await uow.sessions.live(found.id, now=clock.now(), offset=0, limit=1000)
    document: dict[str, Any] = {
        "exported_at": clock.now().isoformat(),
        "user_id": str(found.id),
        "account": {
            "id": str(mine.id),
            "email": mine.email,
            "email_verified": mine.email_verified,
            "name": mine.name,
            "language": mine.language,
            "groups": mine.groups,
            "joined_at": _moment(mine.joined_at),
            "sessions": [
                {
                    "id": str(s.id),
                    "device": s.device,
                    "ip_address": s.ip_address,
                    "created_at": _moment(s.created_at),
                    "last_used_at": _moment(s.last_used_at),
                    "expires_at": _moment(s.expires_at),
                }
                for s in sessions
            ],
        },
        "sources": {"auth_api": "included"},
    }
    for service, part in (await sources.gather(found.id)).items():
        document["sources"][service] = "included" if part is not None else "unavailable"
        for section, content in (part or {}).items():
            document[section if section not in document else f"{service}_{section}"] = content
    document["complete"] = all(state == "included" for state in document["sources"].values())
    return document


async def delete_account(
    *,
    uow: AuthUnitOfWork,
    hasher: PasswordHasher,
    throttle: Throttle,
    clock: Clock,
    revoker: Revoker,
    destinations: list[str],
    user: Principal,
    password: str,
    client_ip: str,
) -> None:
    """Delete my account, given my password: auth forgets me at once (every session ends), and in the
    same transaction `account.deleted` is queued for every service that holds data about me, which
    removes it or, where others rely on it (reviews, ratings), keeps it as "deleted user"."""
    await verify_own_password(
        uow=uow,
        hasher=hasher,
        throttle=throttle,
        user_id=user.user_id,
        password=password,
        client_ip=client_ip,
    )
    async with uow:
        found = await uow.users.get(user.user_id)
        if found is None:
            raise UserNotFound()
        if await uow.groups.is_member(found.id, ADMIN):
            await uow.groups.lock_group(ADMIN)
            if await uow.groups.count_members(ADMIN) <= 1:
                raise LastAdmin("The last admin cannot delete their account; make someone else admin first.")
        now = clock.now()
        revoker.end_sessions(uow, await uow.sessions.all_ids(found.id))
        await uow.outbox.add(
            AccountDeleted(user_id=found.id, deleted_at=now), destinations=destinations, occurred_at=now
        )
        # Sessions, refresh tokens, memberships, links and unsent mail go with the row (ON DELETE CASCADE).
        await uow.users.delete(found)
        await uow.commit()
    logger.info("account deleted", extra={"user_id": str(user.user_id)})
