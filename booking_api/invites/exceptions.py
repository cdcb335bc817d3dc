from common.errors import Conflict, Gone, InvalidInput, NotFound


class InviteNotFound(NotFound):
    code = "invite_not_found"
    detail = "No such invitation."


class InviteGone(Gone):
    """An invitation that existed but can no longer be used (410)."""

    code = "invite_gone"
    detail = "This invitation can no longer be used."


class InviteRevoked(InviteGone):
    code = "invite_revoked"
    detail = "The host withdrew this invitation, or cancelled the evening."


class InviteExpired(InviteGone):
    code = "invite_expired"
    detail = "This invitation has expired."


class InviteUsedUp(InviteGone):
    code = "invite_used_up"
    detail = "This invitation has been used as many times as it allows, or its seats are booked."


class InviteExpiryInvalid(InvalidInput):
    code = "invite_expiry_invalid"
    detail = "expires_at must be in the future (an invitation ends at the evening's start at the latest)."


class TooManyInvites(Conflict):
    code = "too_many_invites"
    detail = "This evening has as many open invitations as it may; revoke some first."
