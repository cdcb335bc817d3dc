"""Errors of the friends domain."""

from common.errors import InvalidInput


class CannotBefriendSelf(InvalidInput):
    code = "cannot_befriend_self"
    detail = "You cannot add yourself as a friend."
