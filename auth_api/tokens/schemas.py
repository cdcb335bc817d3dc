"""Request and response bodies of sign-in, refresh, logout and service tokens."""

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from auth_api.users.schemas import NO_CONTROL_CHARACTERS, Password
from common.validation import StrictBody

# As typed at sign-in: trimmed (the account is found in any letter case), no control characters.
LoginEmail = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=320, pattern=NO_CONTROL_CHARACTERS),
    Field(examples=["anna@kinoclub.example"]),
]


class LoginRequest(StrictBody):
    email: LoginEmail
    password: Password = Field(examples=["kinoclub-demo"])


class RefreshRequest(StrictBody):
    refresh_token: str = Field(min_length=1, max_length=256)


class LogoutRequest(StrictBody):
    """The session to end: the refresh token's, and that of the bearer token if one is sent."""

    refresh_token: str | None = Field(default=None, min_length=1, max_length=256)
    everywhere: bool = Field(
        default=False, description="End every session of the account (sign out everywhere)."
    )


class TokenPair(BaseModel):
    access_token: str = Field(description="RS256 JWT; send it as `Authorization: Bearer ...`.")
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the OAuth token type, not a secret
    expires_in: int = Field(description="Seconds the access token stays valid.")
    refresh_token: str = Field(description="Opaque; trade it once at /v1/refresh for a new pair.")
    refresh_expires_in: int


class ServiceTokenRequest(StrictBody):
    client_id: str = Field(min_length=1, max_length=100, examples=["notification"])
    client_secret: str = Field(min_length=1, max_length=256)


class ServiceToken(BaseModel):
    access_token: str = Field(description="RS256 JWT with `typ: service` and `sub` = the client id.")
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the OAuth token type, not a secret
    expires_in: int
