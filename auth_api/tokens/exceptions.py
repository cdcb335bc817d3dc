"""Errors of sign-in, refresh and service credentials."""

from common.errors import NotAuthenticated, TooManyRequests


class InvalidCredentials(NotAuthenticated):
    code = "invalid_credentials"
    detail = "Wrong email or password."


class TooManyLoginAttempts(TooManyRequests):
    code = "too_many_login_attempts"
    detail = "Too many failed sign-ins; try again after the time in Retry-After."


class InvalidRefreshToken(NotAuthenticated):
    code = "invalid_refresh_token"
    detail = "The refresh token is unknown, expired or revoked; sign in again."


class RefreshTokenReused(NotAuthenticated):
    code = "refresh_token_reused"
    detail = "This refresh token was already used; every session it belongs to is now revoked."


class InvalidClient(NotAuthenticated):
    code = "invalid_client"
    detail = "Unknown service client or wrong secret."
