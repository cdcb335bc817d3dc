"""Every table of auth_api, imported in one place so Alembic's autogenerate sees them all."""

from auth_api.groups.models import Group, Membership
from auth_api.links.models import LinkToken
from auth_api.mail.models import QueuedEmail
from auth_api.outbox.models import OutboxMessage
from auth_api.sessions.models import Session
from auth_api.tokens.models import RefreshToken
from auth_api.users.models import User

__all__ = [
    "Group",
    "LinkToken",
    "Membership",
    "OutboxMessage",
    "QueuedEmail",
    "RefreshToken",
    "Session",
    "User",
]
