"""An invitation as its host and its holders see it."""

from datetime import UTC, datetime

from booking_api.invites.models import Invite
from booking_api.invites.schemas import InviteRead, InviteStatus


def invite_status(invite: Invite, now: datetime) -> InviteStatus:
    if invite.revoked_at is not None:
        return "revoked"
    if invite.expires_at <= now:
        return "expired"
    if (invite.uses is not None and invite.used >= invite.uses) or invite.seats_left == 0:
        return "used_up"
    return "active"


def uses_left(invite: Invite) -> int | None:
    return None if invite.uses is None else invite.uses - invite.used


def invite_read(invite: Invite, now: datetime, *, page_url: str) -> InviteRead:
    return InviteRead(
        id=invite.id,
        event_id=invite.event_id,
        code=invite.code,
        url=invite.short_url or page_url,
        seats=invite.seats,
        seats_left=invite.seats_left,
        uses=invite.uses,
        uses_left=uses_left(invite),
        used=invite.used,
        expires_at=invite.expires_at.astimezone(UTC),
        status=invite_status(invite, now),
        revoked_at=invite.revoked_at.astimezone(UTC) if invite.revoked_at else None,
        created_at=invite.created_at.astimezone(UTC),
    )
