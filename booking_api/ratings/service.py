"""Commands on ratings: the host marks attendance, people rate each other, moderators hide texts."""

import uuid
from datetime import datetime

from booking_api.bookings.models import Booking
from booking_api.core.env import Env
from booking_api.core.rules import ATTENDANCE_GRACE, RATING_WINDOW
from booking_api.events.access import require_host, require_sight
from booking_api.events.exceptions import EventNotFound
from booking_api.events.models import SCHEDULED, Event
from booking_api.ratings import messages
from booking_api.ratings.exceptions import (
    AttendanceLocked,
    AttendanceNotOpen,
    BookingNotInEvent,
    DidNotAttend,
    NotAModerator,
    NotPartOfEvent,
    NotRateable,
    RatingLocked,
    RatingNotFound,
    RatingWindowClosed,
    RatingWindowNotOpen,
)
from booking_api.ratings.models import OF_GUEST, OF_HOST, Rating
from booking_api.ratings.ports import RatingsUnitOfWork
from booking_api.ratings.schemas import AttendanceMark, AttendanceRead, Rateable, RatingRead, ReviewRead
from booking_api.ratings.views import attended, is_revealed, rating_read, review_read, utc

MODERATOR = "moderator"


async def scheduled_event(
    uow: RatingsUnitOfWork,
    event_id: uuid.UUID,
    *,
    lock: bool = False,
    env: Env | None = None,
    viewer_id: uuid.UUID | None = None,
) -> Event:
    """An event that took or takes place (a cancelled one has nothing to rate); with `env`, only if
    `viewer_id` may see it (404 otherwise, like every route of a private evening)."""
    event = await uow.events.get(event_id, lock=lock)
    if event is None or event.status != SCHEDULED:
        raise EventNotFound()
    if env is not None:
        await require_sight(uow=uow, env=env, event=event, viewer_id=viewer_id, now=env.clock.now())
    return event


async def mark_attendance(
    *, uow: RatingsUnitOfWork, env: Env, host_id: uuid.UUID, event_id: uuid.UUID, marks: list[AttendanceMark]
) -> list[AttendanceRead]:
    """The host marks guests attended or no-show, from the start until 48 hours after the end."""
    now = env.clock.now()
    async with uow:
        event = await scheduled_event(uow, event_id, lock=True)
        await require_host(uow=uow, env=env, event=event, caller_id=host_id, now=now)
        if not event.starts_at <= now <= event.ends_at + ATTENDANCE_GRACE:
            raise AttendanceNotOpen()
        bookings = {b.id: b for b in await uow.bookings.active_for_event(event_id)}
        for mark in marks:
            booking = bookings.get(mark.booking_id)
            if booking is None:
                raise BookingNotInEvent(booking_id=mark.booking_id)
            value = "attended" if mark.attended else "no_show"
            if booking.attendance == "attended" and value == "no_show" and now >= event.ends_at:
                # From the end on, a guest marked attended may already have rated the host; marking them
                # absent then would void that review. (The answer does not depend on whether they did.)
                raise AttendanceLocked(booking_id=booking.id)
            await uow.ratings.set_attendance(booking.id, value, now)
        await uow.commit()
        fresh = await uow.bookings.active_for_event(event_id)
    return [
        AttendanceRead(booking_id=b.id, guest_id=b.guest_id, seats=b.seats, attendance=b.attendance)
        for b in fresh
    ]


def check_window(event: Event, now: datetime) -> None:
    if now < event.ends_at:
        raise RatingWindowNotOpen(opens_at=utc(event.ends_at))
    if now >= event.ends_at + RATING_WINDOW:
        raise RatingWindowClosed(closed_at=utc(event.ends_at + RATING_WINDOW))


def participation(event: Event, bookings: list[Booking], viewer_id: uuid.UUID) -> Booking | None:
    """The viewer's booking (None for the host); raises when they took no part in the event."""
    if viewer_id == event.host_id:
        return None
    mine = next((b for b in bookings if b.guest_id == viewer_id), None)
    if mine is None:
        raise NotPartOfEvent()
    return mine


def rateable(event: Event, bookings: list[Booking], mine: Booking | None, now: datetime) -> list[Rateable]:
    """Whom a participant may rate: the host rates guests who attended, a guest who attended rates the
    host (raises for a guest who did not attend)."""
    if mine is None:
        return [Rateable(ratee_id=b.guest_id, role=OF_GUEST) for b in bookings if attended(b, event, now)]
    if not attended(mine, event, now):
        raise DidNotAttend()
    return [Rateable(ratee_id=event.host_id, role=OF_HOST)]


async def rate(
    *,
    uow: RatingsUnitOfWork,
    env: Env,
    rater_id: uuid.UUID,
    event_id: uuid.UUID,
    ratee_id: uuid.UUID,
    score: int,
    text: str | None,
) -> tuple[RatingRead, bool]:
    """Write or edit the caller's rating of the host or of a guest; (rating, created)."""
    now = env.clock.now()
    if ratee_id == rater_id:
        raise NotRateable("Nobody rates themself.")
    async with uow:
        event = await scheduled_event(uow, event_id, lock=True, env=env, viewer_id=rater_id)
        bookings = await uow.bookings.active_for_event(event.id)
        mine = participation(event, bookings, rater_id)
        # The window before attendance: before the end nobody has attended yet, and the answer a guest
        # needs then is "not yet", not "you did not come".
        check_window(event, now)
        allowed = {r.ratee_id: r.role for r in rateable(event, bookings, mine, now)}
        if ratee_id not in allowed:
            raise NotRateable(ratee_id=ratee_id)
        rating = await uow.ratings.find(event_id, rater_id, ratee_id)
        created = rating is None
        if rating is None:
            rating = Rating(
                id=uuid.uuid4(),
                event_id=event_id,
                rater_id=rater_id,
                ratee_id=ratee_id,
                role=allowed[ratee_id],
                score=score,
                text=text,
                window_closes_at=event.ends_at + RATING_WINDOW,
                created_at=now,
                updated_at=now,
            )
            await uow.ratings.add(rating)
        else:
            if is_revealed(rating, now):
                # Once both sides can read each other's rating, editing it would be retaliation.
                raise RatingLocked()
            await uow.ratings.update(rating.id, {"score": score, "text": text, "updated_at": now})
        counterpart = await uow.ratings.find(event_id, ratee_id, rater_id)
        if counterpart is not None and rating.revealed_at is None:
            # Both sides have rated: neither can retaliate any more, so both ratings show now.
            await uow.ratings.reveal([rating.id, counterpart.id], now)
            for shown in (rating, counterpart):
                await uow.outbox.add(messages.revealed(shown, event), occurred_at=now)
        await uow.commit()
        fresh = await uow.ratings.get(rating.id, fresh=True)
    if fresh is None:  # just written and never deleted
        raise RatingNotFound()
    return rating_read(fresh, now), created


async def hide_review_text(
    *, uow: RatingsUnitOfWork, env: Env, moderator_id: uuid.UUID, rating_id: uuid.UUID, reason: str
) -> ReviewRead:
    """A moderator hides a review's text (the score stays); its author is told why."""
    person = await env.users.get(moderator_id)
    if person is None or MODERATOR not in person.groups:
        raise NotAModerator()
    now = env.clock.now()
    async with uow:
        rating = await uow.ratings.get(rating_id, lock=True)
        if rating is None:
            raise RatingNotFound()
        event = await scheduled_event(uow, rating.event_id)
        # A repeat with the same reason (a double click) changes nothing and tells nobody again.
        if rating.hidden_at is None or rating.hidden_reason != reason:
            await uow.ratings.update(
                rating_id,
                {"hidden_at": now, "hidden_reason": reason, "hidden_by": moderator_id, "updated_at": now},
            )
            await uow.outbox.add(messages.hidden(rating, event, reason=reason), occurred_at=now)
            await uow.commit()
            rating = await uow.ratings.get(rating_id, fresh=True) or rating
    return review_read(rating, event.movie_title)
