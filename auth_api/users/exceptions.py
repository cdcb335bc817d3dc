"""Errors of the users domain."""

from common.errors import Conflict, NotFound


class EmailTaken(Conflict):
    code = "email_taken"
    detail = "An account with this email already exists."


class UserNotFound(NotFound):
    code = "user_not_found"
    detail = "No user with this id."
