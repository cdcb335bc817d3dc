"""Request and response bodies of the groups routes."""

import uuid
from datetime import datetime

from pydantic import BaseModel

from common.pagination import Page


class GroupOut(BaseModel):
    name: str
    description: str


class GroupMember(BaseModel):
    user_id: uuid.UUID
    added_at: datetime


class GroupMembersPage(Page[GroupMember]):
    """The brief's `user_group`: the group and its members, paginated."""

    group: str
    description: str
