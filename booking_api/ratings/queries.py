"""Reads of ratings: what I can rate for an evening, a person's scores and reviews."""

import uuid

from booking_api.core.env import Env
from booking_api.core.rules import ATTENDANCE_GRACE, RATING_WINDOW
from booking_api.core.scores import ScoreRead, no_show_rate
from booking_api.ratings.models import OF_GUEST, OF_HOST
from booking_api.ratings.ports import RatingsUnitOfWork
from booking_api.ratings.schemas import EventRatings, GuestScoreRead, UserRatings
from booking_api.ratings.service import participation, rateable, scheduled_event
from booking_api.ratings.views import rating_read, review_read, utc
from common.pagination import PageParams


async def event_ratings(
    *, uow: RatingsUnitOfWork, env: Env, viewer_id: uuid.UUID, event_id: uuid.UUID
) -> EventRatings:
    """What the caller can still rate for this event, and the ratings they gave."""
    now = env.clock.now()
    async with uow:
        event = await scheduled_event(uow, event_id, env=env, viewer_id=viewer_id)
        bookings = await uow.bookings.active_for_event(event.id)
        mine = participation(event, bookings, viewer_id)
        if now >= event.starts_at:
            can = rateable(event, bookings, mine, now)
        else:
            # Nothing to rate yet, but a guest marked absent is told so now, as they would be later.
            rateable(event, bookings, mine, event.ends_at + ATTENDANCE_GRACE)
            can = []
        given = await uow.ratings.by_rater(event_id, viewer_id)
    window_open = event.ends_at <= now < event.ends_at + RATING_WINDOW
    rated = {r.ratee_id for r in given}
    return EventRatings(
        event_id=event.id,
        window_opens_at=utc(event.ends_at),
        window_closes_at=utc(event.ends_at + RATING_WINDOW),
        can_rate=[r for r in can if r.ratee_id not in rated] if window_open else [],
        given=[rating_read(r, now) for r in given],
    )


async def user_ratings(
    *, uow: RatingsUnitOfWork, env: Env, user_id: uuid.UUID, page: PageParams
) -> UserRatings:
    """A person's host and guest scores, no-show rate and revealed reviews."""
    now = env.clock.now()
    async with uow:
        as_host = await uow.ratings.score(user_id, OF_HOST, now)
        as_guest = await uow.ratings.score(user_id, OF_GUEST, now)
        attended, no_shows = await uow.ratings.attendance_record(user_id, now)
        late = await uow.ratings.late_cancellations(user_id)
        rows, total = await uow.ratings.visible_reviews(user_id, now, offset=page.offset, limit=page.limit)
    return UserRatings(
        user_id=user_id,
        as_host=ScoreRead.of(as_host),
        as_guest=GuestScoreRead(
            **ScoreRead.of(as_guest).model_dump(),
            no_show_rate=no_show_rate(attended, no_shows),
            late_cancellations=late,
            late_cancellation_rate=no_show_rate(attended + no_shows, late),
        ),
        reviews=[review_read(r, title) for r, title in rows],
        total=total,
        page=page.page,
        size=page.size,
    )
