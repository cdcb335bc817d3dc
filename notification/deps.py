"""Request-scoped dependencies of the notification service."""

from typing import Annotated

from fastapi import Depends, Request

from common.clock import Clock
from notification.links import Links
from notification.preferences.service import Defaults
from notification.uow import NotificationUnitOfWork


def get_uow(request: Request) -> NotificationUnitOfWork:
    return NotificationUnitOfWork(request.app.state.db.sessionmaker)


def get_clock(request: Request) -> Clock:
    return request.app.state.clock


def get_links(request: Request) -> Links:
    return request.app.state.links


def get_defaults(request: Request) -> Defaults:
    return request.app.state.defaults


UowDep = Annotated[NotificationUnitOfWork, Depends(get_uow)]
ClockDep = Annotated[Clock, Depends(get_clock)]
LinksDep = Annotated[Links, Depends(get_links)]
DefaultsDep = Annotated[Defaults, Depends(get_defaults)]
