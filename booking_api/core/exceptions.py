"""Errors more than one domain raises."""

from common.errors import Conflict, InvalidInput, PermissionDenied


class BannedUser(PermissionDenied):
    code = "user_banned"
    detail = "Banned users can neither host nor book."


class IdempotencyKeyReused(InvalidInput):
    code = "idempotency_key_reused"
    detail = "This Idempotency-Key was used with a different request."


class RequestInProgress(Conflict):
    code = "request_in_progress"
    detail = "A request with this Idempotency-Key is still being processed; retry shortly."


class InvalidIdempotencyKey(InvalidInput):
    code = "invalid_idempotency_key"
    detail = "An Idempotency-Key is 1 to 255 printable characters."
