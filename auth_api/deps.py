"""Annotated dependencies of the auth routes (getters from `common.deps`)."""

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials

from auth_api.config import Settings
from auth_api.mail.service import MailSettings
from auth_api.privacy.sources import ExportSources
from auth_api.sessions.revoker import Revoker
from auth_api.throttle import Throttle
from auth_api.tokens.issuer import TokenIssuer
from auth_api.uow import AuthUnitOfWork
from auth_api.users.passwords import PasswordHasher
from common.deps import ClientIp, ClockDep, from_state, unit_of_work
from common.security import InvalidToken, Principal, TokenVerifier, bearer_scheme


async def bearer_if_valid(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)]
) -> Principal | None:
    """The caller of a token that still works, else None: signing out with a token that already ended
    (or none) is not an error."""
    if credentials is None:
        return None
    verifier: TokenVerifier = request.app.state.verifier
    try:
        return await verifier.verify(credentials.credentials)
    except InvalidToken:
        return None


UnitOfWork = Annotated[AuthUnitOfWork, Depends(unit_of_work(AuthUnitOfWork))]
SettingsDep = Annotated[Settings, Depends(from_state("settings"))]
Issuer = Annotated[TokenIssuer, Depends(from_state("issuer"))]
Hasher = Annotated[PasswordHasher, Depends(from_state("hasher"))]
ThrottleDep = Annotated[Throttle, Depends(from_state("throttle"))]
RevokerDep = Annotated[Revoker, Depends(from_state("revoker"))]
MailDep = Annotated[MailSettings, Depends(from_state("mail"))]
ExportSourcesDep = Annotated[ExportSources, Depends(from_state("export_sources"))]
BearerIfValid = Annotated[Principal | None, Depends(bearer_if_valid)]

__all__ = [
    "BearerIfValid",
    "ClientIp",
    "ClockDep",
    "ExportSourcesDep",
    "Hasher",
    "Issuer",
    "MailDep",
    "RevokerDep",
    "SettingsDep",
    "ThrottleDep",
    "UnitOfWork",
]
