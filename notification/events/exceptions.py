"""Errors of event ingestion."""

from common.errors import InvalidInput, PermissionDenied


class InvalidEventData(InvalidInput):
    code = "invalid_event_data"
    detail = "The event's data does not have the fields its type needs."


class NotAnEventSource(PermissionDenied):
    code = "not_an_event_source"
    detail = "This service client may not hand in domain events."
