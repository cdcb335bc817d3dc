"""Errors of the settings."""

from common.errors import InvalidInput


class UnknownKind(InvalidInput):
    code = "unknown_kind"
    detail = "There is no such kind of message; GET /notification/v1/kinds lists them."


class UnknownTimezone(InvalidInput):
    code = "unknown_timezone"
    detail = "Not an IANA time zone name (such as Europe/Moscow)."
