"""Request-scoped dependencies of the notification service (getters from `common.deps`)."""

from typing import Annotated

from fastapi import Depends

from common.deps import ClockDep, from_state, unit_of_work
from notification.links import Links
from notification.preferences.service import Defaults
from notification.uow import NotificationUnitOfWork

UowDep = Annotated[NotificationUnitOfWork, Depends(unit_of_work(NotificationUnitOfWork))]
LinksDep = Annotated[Links, Depends(from_state("links"))]
DefaultsDep = Annotated[Defaults, Depends(from_state("defaults"))]

__all__ = ["ClockDep", "DefaultsDep", "LinksDep", "UowDep"]
