"""When screenings may start, and the start times of a schedule."""

import itertools
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from booking_api.core.rules import BookingRules
from booking_api.events.exceptions import InvalidSchedule, StartOutOfWindow
from booking_api.events.schemas import WEEKDAYS, WeeklyRule


def check_start(starts_at: datetime, now: datetime, rules: BookingRules) -> None:
    """A screening starts between the minimum lead time and the horizon from now."""
    if starts_at < now + rules.min_lead or starts_at > now + rules.horizon:
        raise StartOutOfWindow(
            f"Events start between {int(rules.min_lead.total_seconds() // 60)} minutes and "
            f"{rules.horizon.days} days from now.",
            starts_at=starts_at.astimezone(UTC),
        )


def weekly_starts(rule: WeeklyRule, today: date) -> list[datetime]:
    """The local wall-clock times of a weekly rule, as aware datetimes (DST-correct)."""
    zone = ZoneInfo(rule.timezone)
    first = rule.start_date or today
    offset = (WEEKDAYS.index(rule.weekday) - first.weekday()) % 7
    day = first + timedelta(days=offset)
    return [datetime.combine(day + timedelta(weeks=i), rule.time, tzinfo=zone) for i in range(rule.count)]


def slots(starts: list[datetime], length: timedelta) -> list[tuple[datetime, datetime]]:
    """(start, end) in UTC, in order; two that overlap each other make the schedule invalid."""
    ordered = sorted((s.astimezone(UTC), s.astimezone(UTC) + length) for s in starts)
    for (a_start, a_end), (b_start, _) in itertools.pairwise(ordered):
        if b_start < a_end:
            raise InvalidSchedule(
                "Two starts of this schedule overlap each other.",
                slot={"starts_at": b_start, "ends_at": b_start + length},
                overlaps={"starts_at": a_start, "ends_at": a_end},
            )
    return ordered
