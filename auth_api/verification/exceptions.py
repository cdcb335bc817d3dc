"""Errors of email verification."""

from common.errors import Conflict, TooManyRequests


class EmailAlreadyVerified(Conflict):
    code = "email_already_verified"
    detail = "This account's email address is verified already."


class TooManyVerificationEmails(TooManyRequests):
    code = "too_many_requests"
    detail = "A verification email was sent a moment ago; try again after the time in Retry-After."
