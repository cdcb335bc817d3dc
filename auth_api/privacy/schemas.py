"""Bodies of account deletion and export."""

from pydantic import Field

from auth_api.users.schemas import Password
from common.validation import StrictBody


class DeleteRequest(StrictBody):
    password: Password = Field(description="The account's current password, to confirm.")
