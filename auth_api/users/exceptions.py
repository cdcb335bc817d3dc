"""Errors of the users domain."""

from common.errors import Conflict, NotFound, PermissionDenied, TooManyRequests


class EmailTaken(Conflict):
    code = "email_taken"
    detail = "An account with this email already exists."


class UserNotFound(NotFound):
    code = "user_not_found"
    detail = "No user with this id."


class WrongPassword(PermissionDenied):
    code = "wrong_password"
    detail = "The current password is not right."


class TooManyRegistrations(TooManyRequests):
    code = "too_many_requests"
    detail = "Too many accounts were created from this address; try again after the time in Retry-After."


class PrivilegedViewRequired(PermissionDenied):
    code = "admin_required"
    detail = "Only an admin or a service may list accounts."
