"""Errors of the inbox."""

from common.errors import NotFound


class NotificationNotFound(NotFound):
    code = "notification_not_found"
    detail = "No such message in your inbox."
