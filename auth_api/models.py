"""Every table of auth_api, imported in one place so Alembic's autogenerate sees them all."""

from auth_api.groups.models import Group, Membership
from auth_api.tokens.models import RefreshToken
from auth_api.users.models import User

__all__ = ["Group", "Membership", "RefreshToken", "User"]
