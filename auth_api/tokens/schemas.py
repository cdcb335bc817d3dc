"""Request and response bodies of sign-in, refresh, logout and service tokens."""

from typing import Literal

from pydantic import BaseModel, Field

from auth_api.users.schemas import NO_CONTROL_CHARACTERS


class LoginRequest(BaseModel):
    email: str = Field(
        min_length=1, max_length=320, pattern=NO_CONTROL_CHARACTERS, examples=["anna@kinoclub.example"]
    )
    password: str = Field(min_length=1, max_length=256, examples=["kinoclub-demo"])


class RefreshRequest(BaseModel):
    refresh_token: str = Field(min_length=1, max_length=256)


class TokenPair(BaseModel):
    access_token: str = Field(description="RS256 JWT; send it as `Authorization: Bearer ...`.")
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the OAuth token type, not a secret
    expires_in: int = Field(description="Seconds the access token stays valid.")
    refresh_token: str = Field(description="Opaque; trade it once at /v1/refresh for a new pair.")
    refresh_expires_in: int


class ServiceTokenRequest(BaseModel):
    client_id: str = Field(min_length=1, max_length=100, examples=["notification"])
    client_secret: str = Field(min_length=1, max_length=256)


class ServiceToken(BaseModel):
    access_token: str = Field(description="RS256 JWT with `typ: service` and `sub` = the client id.")
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the OAuth token type, not a secret
    expires_in: int
