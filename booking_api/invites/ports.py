"""What the invitation use cases need: the events layer's unit of work and the invitations repository."""

from typing import Protocol

from booking_api.events.ports import EventsUnitOfWork
from booking_api.invites.repository import InviteRepository


class InvitesUnitOfWork(EventsUnitOfWork, Protocol):
    @property
    def invites(self) -> InviteRepository: ...
