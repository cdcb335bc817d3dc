import uuid
from datetime import UTC, datetime, timedelta

from booking_api.bookings.models import Booking
from booking_api.events.exceptions import EventNotFound, NotYourEvent
from booking_api.events.models import SCHEDULED, Event
from booking_api.integrations.shortener import ShareLinks
from booking_api.integrations.users import UserDirectory
from booking_api.ratings.exceptions import (
    AttendanceLocked,
    AttendanceNotOpen,
    BookingNotInEvent,
    DidNotAttend,
    GuestRequirementsNotMet,
    NotAModerator,
    NotPartOfEvent,
    NotRateable,
    RatingLocked,
    RatingNotFound,
    RatingWindowClosed,
    RatingWindowNotOpen,
)
from booking_api.ratings.models import OF_GUEST, OF_HOST, Rating
from booking_api.ratings.repository import ATTENDANCE_GRACE
from booking_api.ratings.schemas import (
    AttendanceMark,
    AttendanceRead,
    EventRatings,
    GuestScoreRead,
    Rateable,
    RatingRead,
    ReviewRead,
    ScoreRead,
    UserRatings,
)
from booking_api.ratings.scoring import no_show_rate
from booking_api.uow import BookingUnitOfWork
from common.clock import Clock
from common.pagination import PageParams

RATING_WINDOW = timedelta(days=14)
MODERATOR = "moderator"


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _attended(booking: Booking, event: Event, now: datetime) -> bool:
    if booking.attendance is None:
        return event.ends_at + ATTENDANCE_GRACE <= now
    return booking.attendance == "attended"


def _is_revealed(rating: Rating, now: datetime) -> bool:
    return (rating.revealed_at is not None and rating.revealed_at <= now) or rating.window_closes_at <= now


def _rating_read(rating: Rating, now: datetime) -> RatingRead:
    revealed = _is_revealed(rating, now)
    return RatingRead(
        id=rating.id,
        event_id=rating.event_id,
        ratee_id=rating.ratee_id,
        role=rating.role,  # type: ignore[arg-type]
        score=rating.score,
        text=rating.text,
        revealed=revealed,
        window_closes_at=_utc(rating.window_closes_at),
        created_at=_utc(rating.created_at),
        updated_at=_utc(rating.updated_at),
    )


async def _event(uow: BookingUnitOfWork, event_id: uuid.UUID, *, lock: bool = False) -> Event:
    event = await uow.events.get(event_id, lock=lock)
    if event is None or event.status != SCHEDULED:
        raise EventNotFound()
    return event


async def mark_attendance(
    *,
    uow: BookingUnitOfWork,
    clock: Clock,
    host_id: uuid.UUID,
    event_id: uuid.UUID,
    marks: list[AttendanceMark],
) -> list[AttendanceRead]:
    """The host marks guests attended or no-show, from the start until 48 hours after the end."""
    now = clock.now()
    async with uow:
        event = await _event(uow, event_id, lock=True)
        if event.host_id != host_id:
            raise NotYourEvent()
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
            AttendanceRead(booking_id=b.id, guest_id=b.guest_id, seats=b.seats, attendance=b.attendance)  # type: ignore[arg-type]
            for b in fresh
        ]


def _check_window(event: Event, now: datetime) -> None:
    if now < event.ends_at:
        raise RatingWindowNotOpen(opens_at=_utc(event.ends_at))
    if now >= event.ends_at + RATING_WINDOW:
        raise RatingWindowClosed(closed_at=_utc(event.ends_at + RATING_WINDOW))


async def _rateable(
    uow: BookingUnitOfWork, event: Event, viewer_id: uuid.UUID, now: datetime
) -> list[Rateable]:
    """Whom the viewer may rate for this event (raises when they took no part in it)."""
    bookings = await uow.bookings.active_for_event(event.id)
    if viewer_id == event.host_id:
        return [Rateable(ratee_id=b.guest_id, role=OF_GUEST) for b in bookings if _attended(b, event, now)]  # type: ignore[arg-type]
    mine = next((b for b in bookings if b.guest_id == viewer_id), None)
    if mine is None:
        raise NotPartOfEvent()
    if not _attended(mine, event, now):
        raise DidNotAttend()
    return [Rateable(ratee_id=event.host_id, role=OF_HOST)]  # type: ignore[arg-type]


async def rate(
    *,
    uow: BookingUnitOfWork,
    clock: Clock,
    rater_id: uuid.UUID,
    event_id: uuid.UUID,
    ratee_id: uuid.UUID,
    score: int,
    text: str | None,
) -> tuple[RatingRead, bool]:
    """Write or edit the caller's rating of the host or of a guest; (rating, created)."""
    now = clock.now()
    if ratee_id == rater_id:
        raise NotRateable("Nobody rates themself.")
    async with uow:
        event = await _event(uow, event_id, lock=True)
        allowed = {r.ratee_id: r.role for r in await _rateable(uow, event, rater_id, now)}
        _check_window(event, now)
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
            if _is_revealed(rating, now):
                # Once both sides can read each other's rating, editing it would be retaliation.
                raise RatingLocked()
            await uow.ratings.update(rating.id, {"score": score, "text": text, "updated_at": now})
        counterpart = await uow.ratings.find(event_id, ratee_id, rater_id)
        if counterpart is not None and rating.revealed_at is None:
            # Both sides have rated: neither can retaliate any more, so both ratings show now.
            await uow.ratings.reveal([rating.id, counterpart.id], now)
            for shown in (rating, counterpart):
                await uow.outbox.add(
                    "rating.revealed",
                    aggregate_id=event_id,
                    data=_revealed_message(shown, event),
                    occurred_at=now,
                )
        await uow.commit()
        fresh = await uow.ratings.get(rating.id, lock=False)
        assert fresh is not None
        await uow.session.refresh(fresh)
        return _rating_read(fresh, now), created


def _revealed_message(rating: Rating, event: Event) -> dict[str, object]:
    return {
        "rating_id": str(rating.id),
        "event_id": str(event.id),
        "movie_title": event.movie_title,
        "host_id": str(event.host_id),
        "host_name": event.host_name,
        "ratee_id": str(rating.ratee_id),
        "role": rating.role,
        "starts_at": _utc(event.starts_at).isoformat(),
    }


async def event_ratings(
    *, uow: BookingUnitOfWork, clock: Clock, viewer_id: uuid.UUID, event_id: uuid.UUID
) -> EventRatings:
    """What the caller can still rate for this event, and the ratings they gave."""
    now = clock.now()
    async with uow:
        event = await _event(uow, event_id)
        rateable = await _rateable(uow, event, viewer_id, now) if now >= event.starts_at else []
        if now < event.starts_at and viewer_id != event.host_id:
            await _rateable(uow, event, viewer_id, event.ends_at + ATTENDANCE_GRACE)
        given = await uow.ratings.by_rater(event_id, viewer_id)
    window_open = event.ends_at <= now < event.ends_at + RATING_WINDOW
    rated = {r.ratee_id for r in given}
    return EventRatings(
        event_id=event.id,
        window_opens_at=_utc(event.ends_at),
        window_closes_at=_utc(event.ends_at + RATING_WINDOW),
        can_rate=[r for r in rateable if r.ratee_id not in rated] if window_open else [],
        given=[_rating_read(r, now) for r in given],
    )


async def user_ratings(
    *, uow: BookingUnitOfWork, clock: Clock, user_id: uuid.UUID, page: PageParams
) -> UserRatings:
    """A person's host and guest scores, no-show rate and revealed reviews."""
    now = clock.now()
    async with uow:
        as_host = await uow.ratings.score(user_id, OF_HOST, now)
        as_guest = await uow.ratings.score(user_id, OF_GUEST, now)
        attended, no_shows = await uow.ratings.attendance_record(user_id, now)
        rows, total = await uow.ratings.visible_reviews(user_id, now, offset=page.offset, limit=page.limit)
    return UserRatings(
        user_id=user_id,
        as_host=ScoreRead.of(as_host),
        as_guest=GuestScoreRead(
            **ScoreRead.of(as_guest).model_dump(), no_show_rate=no_show_rate(attended, no_shows)
        ),
        reviews=[
            ReviewRead(
                id=r.id,
                event_id=r.event_id,
                movie_title=title,
                rater_id=r.rater_id,
                role=r.role,  # type: ignore[arg-type]
                score=r.score,
                text=None if r.hidden_at else r.text,
                text_hidden=r.hidden_at is not None,
                hidden_reason=r.hidden_reason,
                created_at=_utc(r.created_at),
            )
            for r, title in rows
        ],
        total=total,
        page=page.page,
        size=page.size,
    )


async def hide_review_text(
    *,
    uow: BookingUnitOfWork,
    clock: Clock,
    users: UserDirectory,
    moderator_id: uuid.UUID,
    rating_id: uuid.UUID,
    reason: str,
) -> ReviewRead:
    """A moderator hides a review's text (the score stays); its author is told why."""
    person = await users.get(moderator_id)
    if person is None or MODERATOR not in person.groups:
        raise NotAModerator()
    now = clock.now()
    async with uow:
        rating = await uow.ratings.get(rating_id, lock=True)
        if rating is None:
            raise RatingNotFound()
        event = await _event(uow, rating.event_id)
        # A repeat with the same reason (a double click) changes nothing and tells nobody again.
        if rating.hidden_at is None or rating.hidden_reason != reason:
            await uow.ratings.update(
                rating_id,
                {"hidden_at": now, "hidden_reason": reason, "hidden_by": moderator_id, "updated_at": now},
            )
            await uow.outbox.add(
                "rating.hidden",
                aggregate_id=rating.event_id,
                data={
                    "rating_id": str(rating.id),
                    "event_id": str(event.id),
                    "movie_title": event.movie_title,
                    "author_id": str(rating.rater_id),
                    "reason": reason,
                },
                occurred_at=now,
            )
            await uow.commit()
            await uow.session.refresh(rating)
    return ReviewRead(
        id=rating.id,
        event_id=rating.event_id,
        movie_title=event.movie_title,
        rater_id=rating.rater_id,
        role=rating.role,  # type: ignore[arg-type]
        score=rating.score,
        text=None,
        text_hidden=True,
        hidden_reason=reason,
        created_at=_utc(rating.created_at),
    )


async def check_guest_requirements(
    uow: BookingUnitOfWork, event: Event, guest_id: uuid.UUID, now: datetime
) -> None:
    """The host's `min_guest_rating` and `max_no_show_rate`; guests with no history are let in."""
    if event.min_guest_rating is not None:
        score = await uow.ratings.score(guest_id, OF_GUEST, now)
        if score.count and score.score < event.min_guest_rating:
            raise GuestRequirementsNotMet(
                f"The host asks for a guest rating of {event.min_guest_rating}+; yours is {score.score}.",
                min_guest_rating=event.min_guest_rating,
                your_rating=score.score,
            )
    if event.max_no_show_rate is not None:
        rate_ = no_show_rate(*await uow.ratings.attendance_record(guest_id, now))
        if rate_ is not None and rate_ > event.max_no_show_rate:
            raise GuestRequirementsNotMet(
                f"The host accepts a no-show rate up to {event.max_no_show_rate}; yours is {rate_}.",
                max_no_show_rate=event.max_no_show_rate,
                your_no_show_rate=rate_,
            )


async def run_housekeeping(
    *, uow: BookingUnitOfWork, clock: Clock, links: ShareLinks | None = None, batch: int = 100
) -> dict[str, int]:
    """Time-driven work: announce ended evenings ("rate your evening"), reveal ratings whose window
    closed, and give a share link to events made while the shortener was down. Rows are claimed with
    SKIP LOCKED, so every worker may run it at once without doubles."""
    now = clock.now()
    done = {"events_ended": 0, "ratings_revealed": 0, "links_made": 0}
    if links is not None:
        async with uow:
            missing = await uow.events.missing_share_url(now, limit=20)
        for event_id, url in (await links.for_events(missing)).items():
            if url is not None:
                async with uow:
                    await uow.events.set_share_url(event_id, url)
                    await uow.commit()
                done["links_made"] += 1
    async with uow:
        for event in await uow.ratings.ended_unannounced(now, batch):
            guests = await uow.bookings.active_for_event(event.id)
            await uow.events.update(event.id, {"ended_notified_at": now})
            await uow.outbox.add(
                "event.ended",
                aggregate_id=event.id,
                data={
                    "event_id": str(event.id),
                    "host_id": str(event.host_id),
                    "host_name": event.host_name,
                    "movie_title": event.movie_title,
                    "starts_at": _utc(event.starts_at).isoformat(),
                    "ends_at": _utc(event.ends_at).isoformat(),
                    "rating_window_closes_at": _utc(event.ends_at + RATING_WINDOW).isoformat(),
                    "guests": [{"booking_id": str(b.id), "guest_id": str(b.guest_id)} for b in guests],
                },
                occurred_at=now,
            )
            done["events_ended"] += 1
        due = await uow.ratings.due_reveals(now, batch)
        for rating in due:
            event = await uow.events.get(rating.event_id)
            assert event is not None
            await uow.ratings.update(rating.id, {"revealed_at": rating.window_closes_at})
            await uow.outbox.add(
                "rating.revealed",
                aggregate_id=rating.event_id,
                data=_revealed_message(rating, event),
                occurred_at=now,
            )
            done["ratings_revealed"] += 1
        await uow.commit()
    return done
