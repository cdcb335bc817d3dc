from common.errors import Conflict, InvalidInput, NotFound, PermissionDenied


class PlaceNotFound(NotFound):
    code = "place_not_found"
    detail = "No such place."


class PlaceNotYours(PermissionDenied):
    code = "place_not_yours"
    detail = "This place belongs to another host."


class PlaceHasFutureEvents(Conflict):
    code = "place_has_future_events"
    detail = "The place has upcoming events; cancel or move them first."


class PlaceTooSmallForEvents(Conflict):
    code = "place_too_small_for_events"
    detail = "Upcoming events here need more room than the new capacity."


class PlaceCapacityTooLarge(InvalidInput):
    code = "place_capacity_too_large"
    detail = "A place can hold at most the configured maximum."
