"""The long-lived collaborators of the booking use cases, made once at startup (`main.py`)."""

from dataclasses import dataclass

from booking_api.core.idempotency import IdempotencyStore
from booking_api.core.rules import BookingRules
from booking_api.integrations.friends import Friendships
from booking_api.integrations.movies import MovieCatalog
from booking_api.integrations.shortener import ShareLinks
from booking_api.integrations.users import Bans, UserDirectory
from common.cache import Cache
from common.clock import Clock


@dataclass(frozen=True)
class Env:
    """Everything a use case needs besides its unit of work: a use case takes `*, uow, env, ...`."""

    cache: Cache
    clock: Clock
    users: UserDirectory
    movies: MovieCatalog
    friends: Friendships
    links: ShareLinks
    bans: Bans
    idempotency: IdempotencyStore
    rules: BookingRules
    public_base_url: str
    event_cache_seconds: int
    list_cache_seconds: int
