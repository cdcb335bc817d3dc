"""Account events from auth that this service has handled (by envelope id, so each is handled once)."""

from common.inbox import ProcessedEventColumns
from ugc_api.database import Base


class ProcessedEvent(ProcessedEventColumns, Base):
    __tablename__ = "processed_events"
