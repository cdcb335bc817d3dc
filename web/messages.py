"""What a person reads when an API refuses a form: one sentence per error `code` and per kind of
invalid value, in the request's language. The API's own `detail` and validator texts are never shown.

To let a new page speak about a new error: add its code here with `N_("...")` (placeholders are the
error body's context fields, e.g. `%(seats_left)s`), run `make i18n-update`, translate it in
web/locale/ru/LC_MESSAGES/messages.po. A code missing here gets the friendly fallback with the
request id, never the API's text.
"""

from typing import Any

from web.i18n import N_, _, ngettext

# API error code -> sentence (booking, auth, notification). Placeholders come from the error body.
CODE_MESSAGES: dict[str, str] = {
    # booking: seats
    "not_enough_seats": N_("Not enough seats left: only %(seats_left)s free."),
    "seats_over_limit": N_("One booking holds at most %(max_seats)s seats."),
    "already_booked": N_("You already have a booking for this evening: change its seats instead."),
    "own_event": N_("This is your own evening: hosts do not book their own seats."),
    "event_closed": N_("This evening has already started or was cancelled."),
    "booking_closed": N_("This booking can no longer be changed: the evening has started or is over."),
    "booking_not_found": N_("There is no such booking among yours."),
    "event_not_found": N_("There is no such evening."),
    "guest_requirements_not_met": N_(
        "The host asks for guests with a higher rating or fewer missed evenings than yours."
    ),
    "user_banned": N_("Your account cannot book or host right now. Write to the moderators."),
    "request_in_progress": N_("Your booking is still being made; look in My bookings in a moment."),
    "idempotency_key_reused": N_("This form was already sent with other values. Reload the page."),
    "invalid_idempotency_key": N_("This form was already sent. Reload the page."),
    # booking: the waiting list, requests, removals, blocks (issue 13)
    "seats_available": N_("Seats are free: book them instead of waiting."),
    "already_waiting": N_("You are already on this evening's waiting list: see My bookings."),
    "waitlist_closed": N_("The waiting list closes an hour before the start."),
    "not_offered": N_("No seats are offered to you yet: you are still on the waiting list."),
    "already_claimed": N_("You already took these seats: they are your booking now."),
    "offer_expired": N_("This offer has ended: the seats went to the next person on the waiting list."),
    "waitlist_entry_not_found": N_("There is no such place on a waiting list among yours."),
    "booking_not_pending": N_("This request has already been answered or withdrawn."),
    "blocked_by_host": N_("The host of this evening does not take your bookings."),
    "cannot_block_self": N_("You cannot block yourself."),
    "too_many_active_bookings": N_(
        "You already hold as many open bookings or waiting-list places as one person may. Cancel one "
        "you no longer need, or wait until one of your evenings is over."
    ),
    "not_a_moderator": N_("Only moderators can see and resolve reports."),
    "report_target_not_found": N_("There is no such evening or person to report."),
    "cannot_report_self": N_("You cannot report yourself."),
    "report_not_found": N_("There is no such report."),
    "report_resolved": N_("This report has already been resolved."),
    "action_not_applicable": N_("Only a report of an evening can hide it; choose another action."),
    # booking: places and evenings
    "place_capacity_too_large": N_("A place can hold at most %(max_capacity)s people."),
    "place_too_small_for_events": N_("Upcoming evenings here have more seats than that."),
    "place_has_future_events": N_("This place has upcoming evenings: cancel them first."),
    "place_not_found": N_("Choose one of your places."),
    "place_not_yours": N_("Choose one of your places."),
    "movie_not_found": N_("Choose a film from the list."),
    "movie_not_bookable": N_("This film cannot be shown at watch parties; choose another."),
    "start_out_of_window": N_("An evening starts between 30 minutes and a year from now."),
    "place_busy": N_("The place is taken by another of your evenings at that time."),
    "capacity_exceeds_place": N_("The place holds %(place_capacity)s; offer at most that many seats."),
    "capacity_below_booked": N_("More seats are already booked than that."),
    "event_not_editable": N_("This evening has started, ended or was cancelled: it cannot be changed."),
    "not_your_event": N_("This is not one of your evenings."),
    "invalid_schedule": N_("Check the schedule: the day, time and number of weeks."),
    "invalid_time_zone": N_("Choose a time zone from the list."),
    # booking: attendance and ratings
    "attendance_not_open": N_("Attendance is marked from the start of the evening until 48 hours after."),
    "attendance_locked": N_("Attendance can no longer be changed: ratings have been given."),
    "booking_not_in_event": N_("This guest is not on this evening's list."),
    "did_not_attend": N_("Only guests who came can rate and be rated."),
    "not_part_of_event": N_("Only the evening's host and its guests take part in its ratings."),
    "not_rateable": N_("You cannot rate this person for this evening."),
    "rating_locked": N_("This rating is final: it is already shown."),
    "rating_window_closed": N_("The 14 days for rating this evening are over."),
    "rating_window_not_open": N_("Ratings open when the evening ends."),
    # auth
    "email_taken": N_("An account with this email already exists. Sign in instead?"),
    "invalid_credentials": N_("Wrong email or password."),
    "too_many_login_attempts": N_("Too many attempts. Wait a few minutes and try again."),
    "user_not_found": N_("There is no such person."),
    # notification
    "notification_not_found": N_("There is no such message in your inbox."),
    # any service
    "not_authenticated": N_("Please sign in again."),
    "invalid_token": N_("Please sign in again."),
    "too_many_requests": N_("Too many attempts. Wait a moment and try again."),
    "forbidden": N_("You are not allowed to do this."),
    "not_found": N_("It is not there any more."),
}

# Pydantic's error `type` -> sentence; placeholders come from the error's `ctx`.
VALIDATION_MESSAGES: dict[str, str] = {
    "missing": N_("Fill this in."),
    "string_too_short": N_("Fill this in."),
    "int_parsing": N_("Enter a whole number, such as 2."),
    "int_type": N_("Enter a whole number, such as 2."),
    "int_from_float": N_("Enter a whole number, such as 2."),
    "float_parsing": N_("Enter a number, such as 4.5."),
    "float_type": N_("Enter a number, such as 4.5."),
    "finite_number": N_("Enter a number, such as 4.5."),
    "greater_than_equal": N_("Enter %(ge)s or more."),
    "greater_than": N_("Enter more than %(gt)s."),
    "less_than_equal": N_("Enter %(le)s or less."),
    "less_than": N_("Enter less than %(lt)s."),
    "uuid_parsing": N_("Choose one from the list."),
    "uuid_type": N_("Choose one from the list."),
    "literal_error": N_("Choose one from the list."),
    "enum": N_("Choose one from the list."),
    "time_parsing": N_("Enter a time, such as 19:30."),
    "time_type": N_("Enter a time, such as 19:30."),
    "date_parsing": N_("Enter a date, such as 2026-12-11."),
    "date_from_datetime_parsing": N_("Enter a date, such as 2026-12-11."),
    "date_type": N_("Enter a date, such as 2026-12-11."),
    "datetime_parsing": N_("Enter a date and time, such as 2026-12-11 19:30."),
    "datetime_from_date_parsing": N_("Enter a date and time, such as 2026-12-11 19:30."),
    "timezone_aware": N_("Enter a date and time, such as 2026-12-11 19:30."),
    "string_pattern_mismatch": N_("Use only letters, digits and ordinary punctuation."),
}

# A value error of one field (the validator's text is not for people): what that field expects.
FIELD_MESSAGES: dict[str, str] = {
    "email": N_("Enter an email address, such as anna@example.ru."),
    "timezone": N_("Choose a time zone from the list."),
    "password": N_("Use at least 8 characters."),
    "name": N_("Enter a name people will see, without special characters."),
    "time": N_("Enter a time, such as 19:30."),
}


def code_message(code: str | None, body: dict[str, Any]) -> str | None:
    """The sentence for an API error code, filled from the error body (None when it has none)."""
    template = CODE_MESSAGES.get(code or "")
    if template is None:
        return None
    context = {key: value for key, value in body.items() if isinstance(value, str | int | float)}
    try:
        return _(template) % context if "%(" in template else _(template)
    except (KeyError, ValueError, TypeError):
        # The API left out the number the sentence names: say it without the number.
        return _(CODE_MESSAGES["not_found"]) if code == "not_found" else _generic_for(code)


def _generic_for(code: str | None) -> str:
    if code == "not_enough_seats":
        return _("Not enough seats left.")
    if code == "seats_over_limit":
        return _("That is more seats than one booking can hold.")
    if code in ("place_capacity_too_large", "capacity_exceeds_place"):
        return _("That is more than the place can hold.")
    return _("This value cannot be used.")


def validation_message(item: dict[str, Any], field: str | None) -> str:
    """The sentence for one item of a 422 `detail` list."""
    kind = str(item.get("type") or "")
    found = item.get("ctx")
    ctx: dict[str, Any] = found if isinstance(found, dict) else {}
    if kind == "string_too_long":
        limit = ctx.get("max_length")
        if isinstance(limit, int):
            return ngettext("At most %(num)s character.", "At most %(num)s characters.", limit) % {
                "num": limit
            }
    if kind == "string_too_short" and field == "password":
        return _(FIELD_MESSAGES["password"])
    template = VALIDATION_MESSAGES.get(kind)
    if template is not None:
        try:
            return _(template) % {k: _plain(v) for k, v in ctx.items()} if "%(" in template else _(template)
        except (KeyError, ValueError, TypeError):
            return _("Check this value.")
    if field and field.rsplit(".", 1)[-1] in FIELD_MESSAGES:
        return _(FIELD_MESSAGES[field.rsplit(".", 1)[-1]])
    return _("Check this value.")


def _plain(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)[:40]


def fallback(status: int, request_id: str | None) -> str:
    """For an answer no sentence fits: what to do, and the request id to quote."""
    if status == 401:
        return _("Please sign in again.")
    if status == 429:
        return _("Too many attempts. Wait a moment and try again.")
    if request_id:
        return _(
            "Something went wrong and nothing was changed. Please try again; if it happens again, "
            "tell us the code %(request_id)s.",
            request_id=request_id[:64],
        )
    return _("Something went wrong and nothing was changed. Please try again.")
