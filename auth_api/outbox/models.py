"""Account events for the other services, written in the transaction of the change (common/outbox.py)."""

from auth_api.database import Base
from common.outbox import OutboxColumns


class OutboxMessage(OutboxColumns, Base):
    __tablename__ = "outbox"
