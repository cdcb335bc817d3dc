from common.errors import InvalidInput, NotFound, PermissionDenied


class BlockedByHost(PermissionDenied):
    code = "blocked_by_host"
    detail = "The host of this evening does not take your bookings."


class CannotBlockSelf(InvalidInput):
    code = "cannot_block_self"
    detail = "Nobody blocks themself."


class UserNotFound(NotFound):
    code = "user_not_found"
    detail = "No such user."
