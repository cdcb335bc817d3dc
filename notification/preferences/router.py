"""My notification settings, and the kinds of message there are."""

from fastapi import APIRouter

from common.errors import NotAuthenticated, error_responses
from common.security import CurrentUser, InvalidToken, UserTokenRequired
from notification.deps import AccountsDep, ClockDep, DefaultsDep, UowDep
from notification.preferences import service
from notification.preferences.exceptions import UnknownKind, UnknownTimezone
from notification.preferences.schemas import KindOut, SettingsIn, SettingsOut

router = APIRouter(tags=["settings"])

_SIGNED_IN = (NotAuthenticated, InvalidToken, UserTokenRequired)


@router.get("/v1/settings", response_model=SettingsOut, responses=error_responses(*_SIGNED_IN))
async def my_settings(
    user: CurrentUser, uow: UowDep, defaults: DefaultsDep, accounts: AccountsDep
) -> SettingsOut:
    """My language, time zone and muted kinds (until I save them: my account's language, else Russian,
    and Europe/Moscow)."""
    return await service.get_settings(uow=uow, defaults=defaults, user_id=user.user_id, accounts=accounts)


@router.put(
    "/v1/settings",
    response_model=SettingsOut,
    responses=error_responses(*_SIGNED_IN, UnknownKind, UnknownTimezone),
)
async def put_my_settings(
    body: SettingsIn, user: CurrentUser, uow: UowDep, clock: ClockDep, defaults: DefaultsDep
) -> SettingsOut:
    """Replace my settings: language `ru` or `en`, the kinds I mute (none by email or inbox), time zone."""
    return await service.put_settings(
        uow=uow, clock=clock, defaults=defaults, user_id=user.user_id, body=body
    )


@router.get("/v1/kinds", response_model=list[KindOut])
async def kinds() -> list[KindOut]:
    """Every kind of message, who receives it and why; any of them can be muted."""
    return service.kinds()
