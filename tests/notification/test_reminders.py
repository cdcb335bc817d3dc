"""Reminders 24 hours and 1 hour before: computed from the projection at the time of the scan, so a
moved screening is reminded of at its new time only, and cancelled ones never. The stack's own
worker scans on the real clock; these scans run in-process on a fake one, weeks ahead."""

import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx

from common.clock import FakeClock
from devstack.stack import Stack
from notification.reminders.service import run_reminders
from tests.booking.conftest import make_event
from tests.factories import TestUser, new_user
from tests.notification.conftest import InProcess, Sql, eventually, inbox

MINUTE = timedelta(minutes=1)


def _start(days: int) -> datetime:
    # Far from the few days ahead where other tests put their screenings, so these scans meet only ours.
    return (datetime.now(UTC) + timedelta(days=days)).replace(second=0, microsecond=0)


def _book(booking: httpx.Client, guest: TestUser, event_id: str) -> dict:
    response = booking.post(
        f"/booking/v1/events/{event_id}/bookings", json={"seats": 2}, headers=guest.headers
    )
    assert response.status_code == 201, response.text
    return response.json()


def _projected(notification_sql: Sql, booking_id: str, status: str = "active") -> None:
    eventually(
        lambda: (
            notification_sql.value(
                "SELECT status FROM booking_projections WHERE booking_id = $1", uuid.UUID(booking_id)
            )
            == status
        ),
        what=f"booking {booking_id} {status} in the projection",
    )


async def _reminders(notification_sql: Sql, guest: TestUser) -> list[tuple[str, datetime]]:
    rows = await notification_sql.afetch(
        "SELECT kind, (context->>'starts_at')::timestamptz AS starts_at FROM notifications"
        " WHERE recipient_id = $1 AND kind LIKE 'reminder_%' ORDER BY created_at, kind",
        guest.id,
    )
    return [(row["kind"], row["starts_at"]) for row in rows]


async def test_a_moved_screening_is_reminded_of_at_its_new_time_only(
    stack: Stack,
    gateway: httpx.Client,
    booking: httpx.Client,
    notification_sql: Sql,
    inproc: InProcess,
    movie: dict,
) -> None:
    host, guest = new_user(stack), new_user(stack)
    old_start = _start(200)
    new_start = old_start + timedelta(days=1, hours=3)
    event = make_event(gateway, host, movie, capacity=4, starts_at=old_start)
    made = _book(booking, guest, event["id"])
    _projected(notification_sql, made["id"])
    moved = booking.patch(
        f"/booking/v1/events/{event['id']}", json={"starts_at": new_start.isoformat()}, headers=host.headers
    )
    assert moved.status_code == 200, moved.text
    eventually(
        lambda: (
            notification_sql.value(
                "SELECT starts_at FROM event_projections WHERE event_id = $1", uuid.UUID(event["id"])
            )
            == new_start
        ),
        what="the move in the projection",
    )
    clock = FakeClock(old_start - timedelta(hours=24) + MINUTE)

    async def scan_at(moment: datetime) -> None:
        clock.set(moment)
        await run_reminders(uow_factory=inproc.uow, clock=clock, links=inproc.links)

    await scan_at(old_start - timedelta(hours=24) + MINUTE)
    await scan_at(old_start - timedelta(hours=1) + MINUTE)
    assert await _reminders(notification_sql, guest) == [], "nothing at the old time"

    await scan_at(new_start - timedelta(hours=24) - MINUTE)
    assert await _reminders(notification_sql, guest) == [], "not before it is due"
    await scan_at(new_start - timedelta(hours=24) + MINUTE)
    await scan_at(new_start - timedelta(hours=23))
    assert await _reminders(notification_sql, guest) == [("reminder_24h", new_start)], (
        "once, however often scanned"
    )
    await scan_at(new_start - timedelta(hours=1) + MINUTE)
    assert await _reminders(notification_sql, guest) == [
        ("reminder_24h", new_start),
        ("reminder_1h", new_start),
    ]
    await scan_at(new_start + MINUTE)
    assert len(await _reminders(notification_sql, guest)) == 2

    reminder = next(item for item in inbox(gateway, guest)["items"] if item["kind"] == "reminder_1h")
    local = new_start.astimezone(ZoneInfo("Europe/Moscow"))
    assert f"{local:%H:%M} MSK" in reminder["body"], reminder["body"]
    assert reminder["link"] == (
        event.get("share_url") or f"http://localhost:{stack.port}/events/{event['id']}"
    )


async def test_cancelled_bookings_and_screenings_get_no_reminders_and_muted_ones_are_not_sent(
    stack: Stack,
    gateway: httpx.Client,
    booking: httpx.Client,
    notification_sql: Sql,
    inproc: InProcess,
    movie: dict,
) -> None:
    host = new_user(stack)
    keeps, cancels, muted, in_cancelled = (new_user(stack) for _ in range(4))
    start = _start(230)
    event = make_event(gateway, host, movie, capacity=8, starts_at=start)
    doomed = make_event(gateway, host, movie, capacity=8, starts_at=start + timedelta(hours=4))
    mute = gateway.put(
        "/notification/v1/settings",
        json={"language": "en", "muted_kinds": ["reminder_24h"]},
        headers=muted.headers,
    )
    assert mute.status_code == 200, mute.text
    bookings = {user.id: _book(booking, user, event["id"]) for user in (keeps, cancels, muted)}
    lost = _book(booking, in_cancelled, doomed["id"])
    response = booking.post(
        f"/booking/v1/bookings/{bookings[cancels.id]['id']}/cancel", headers=cancels.headers
    )
    assert response.status_code == 200, response.text
    response = booking.post(f"/booking/v1/events/{doomed['id']}/cancel", headers=host.headers)
    assert response.status_code == 200, response.text
    _projected(notification_sql, bookings[cancels.id]["id"], "cancelled")
    _projected(notification_sql, lost["id"], "cancelled")
    _projected(notification_sql, bookings[muted.id]["id"])

    clock = FakeClock(start - timedelta(hours=24) + MINUTE)
    await run_reminders(uow_factory=inproc.uow, clock=clock, links=inproc.links)
    clock.set(start + timedelta(hours=4) - timedelta(hours=1) + MINUTE)
    await run_reminders(uow_factory=inproc.uow, clock=clock, links=inproc.links)

    assert [kind for kind, _ in await _reminders(notification_sql, keeps)] == ["reminder_24h"]
    assert await _reminders(notification_sql, cancels) == []
    assert await _reminders(notification_sql, in_cancelled) == []
    assert await _reminders(notification_sql, muted) == [], (
        "muted, and the 1-hour one is past for this screening"
    )
    decided = await notification_sql.afetch(
        "SELECT kind, notification_id FROM sent_reminders WHERE booking_id = $1",
        uuid.UUID(bookings[muted.id]["id"]),
    )
    assert [(row["kind"], row["notification_id"]) for row in decided] == [("reminder_24h", None)]


async def test_a_scan_that_comes_late_still_reminds_until_the_next_reminder_is_due(
    stack: Stack,
    gateway: httpx.Client,
    booking: httpx.Client,
    notification_sql: Sql,
    inproc: InProcess,
    movie: dict,
) -> None:
    host, guest = new_user(stack), new_user(stack)
    start = _start(260)
    event = make_event(gateway, host, movie, capacity=4, starts_at=start)
    _projected(notification_sql, _book(booking, guest, event["id"])["id"])

    # The worker was down from before the 24-hour mark until 3 hours before the start.
    clock = FakeClock(start - timedelta(hours=3))
    await run_reminders(uow_factory=inproc.uow, clock=clock, links=inproc.links)
    assert [kind for kind, _ in await _reminders(notification_sql, guest)] == ["reminder_24h"]
    # Down again until 10 minutes before: the 24-hour one is not repeated, the 1-hour one still goes.
    clock.set(start - timedelta(minutes=10))
    await run_reminders(uow_factory=inproc.uow, clock=clock, links=inproc.links)
    assert [kind for kind, _ in await _reminders(notification_sql, guest)] == ["reminder_24h", "reminder_1h"]
