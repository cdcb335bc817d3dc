"""A person's notification settings: language (Russian unless they choose English), time zone, mutes."""

import uuid
from dataclasses import dataclass

from common.clock import Clock
from notification.kinds import KINDS
from notification.preferences.exceptions import UnknownKind, UnknownTimezone
from notification.preferences.models import Preferences
from notification.preferences.schemas import KindOut, Language, SettingsIn, SettingsOut
from notification.rendering import timezone_exists
from notification.uow import NotificationUnitOfWork


@dataclass(frozen=True)
class Defaults:
    language: Language = "ru"
    timezone: str = "Europe/Moscow"


def effective(chosen: Preferences | None, defaults: Defaults) -> SettingsOut:
    if chosen is None:
        return SettingsOut(language=defaults.language, muted_kinds=[], timezone=defaults.timezone)
    return SettingsOut(
        language=chosen.language,
        muted_kinds=sorted(chosen.muted_kinds),
        timezone=chosen.timezone,
    )


def kinds() -> list[KindOut]:
    return [
        KindOut(kind=k.name, audience=k.audience, description=k.description, channels=list(k.channels))
        for k in KINDS.values()
    ]


async def get_settings(*, uow: NotificationUnitOfWork, defaults: Defaults, user_id: uuid.UUID) -> SettingsOut:
    async with uow:
        return effective(await uow.preferences.get(user_id), defaults)


async def put_settings(
    *, uow: NotificationUnitOfWork, clock: Clock, defaults: Defaults, user_id: uuid.UUID, body: SettingsIn
) -> SettingsOut:
    """Replace the user's settings; every muted kind must exist, the time zone must be a real one."""
    unknown = sorted({name for name in body.muted_kinds if name not in KINDS})
    if unknown:
        raise UnknownKind(kinds=unknown)
    if body.timezone is not None and not timezone_exists(body.timezone):
        raise UnknownTimezone(timezone=body.timezone)
    async with uow:
        current = await uow.preferences.get(user_id)
        timezone = body.timezone or (current.timezone if current else defaults.timezone)
        saved = await uow.preferences.put(
            user_id,
            language=body.language,
            timezone=timezone,
            muted_kinds=sorted(set(body.muted_kinds)),
            now=clock.now(),
        )
        await uow.commit()
    return effective(saved, defaults)
