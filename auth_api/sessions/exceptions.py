"""Errors of the sessions domain."""

from common.errors import NotFound


class SessionNotFound(NotFound):
    code = "session_not_found"
    detail = "You have no session with this id."
