"""What the booking service caches in Redis, and how a change makes it stale.

Event details are kept under a per-event generation and every list (events, films, hosts) under one
shared generation: a change bumps them, so a reader that raced the change stores its stale copy under
the old generation, where nobody looks. Changes do not call this directly: the unit of work bumps
what a use case marked (`uow.invalidate(...)`) once its transaction has committed.
"""

import hashlib
import uuid
from typing import Any

import orjson

from common.cache import Cache

LISTS = "events"


def event_key(event_id: uuid.UUID) -> str:
    return f"event:{event_id}"


def list_key(kind: str, params: dict[str, Any]) -> str:
    """One cached list: its kind and a digest of everything that selects it."""
    digest = hashlib.sha256(orjson.dumps(params, default=str, option=orjson.OPT_SORT_KEYS)).hexdigest()[:32]
    return f"{kind}:{digest}"


async def invalidate(cache: Cache, event_ids: set[uuid.UUID]) -> None:
    """Forget the details of `event_ids` and every cached list, in one Redis command."""
    await cache.invalidate(delete=[], bump=[*(event_key(e) for e in sorted(event_ids)), LISTS])
