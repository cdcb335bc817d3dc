"""The waiting list: join a full evening, get offered freed seats, claim, decline, or let the offer lapse."""

import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from devstack.stack import Stack
from tests.booking.conftest import BookingDb, future, make_event, make_place
from tests.booking.seats import (
    book,
    cancel,
    entry,
    housekeeping_at,
    messages_of,
    seats_left,
    wait,
)
from tests.conftest import TimeTravel
from tests.factories import TestUser, new_user


@pytest.fixture
def people(stack: Stack) -> list[TestUser]:
    return [new_user(stack, name=f"Waiter {i}") for i in range(4)]


def test_a_full_evening_takes_a_waiting_list_and_an_open_one_says_book_instead(
    stack: Stack, gateway: httpx.Client, host: TestUser, people: list[TestUser], watch_party_movie: dict
) -> None:
    a, b, c, d = people
    event = make_event(gateway, host, watch_party_movie, capacity=2)
    open_answer = wait(gateway, a, event["id"], 2)
    assert (open_answer.status_code, open_answer.json()["code"]) == (409, "seats_available")
    assert open_answer.json()["seats_left"] == 2
    assert book(gateway, a, event["id"], 2).status_code == 201

    first = wait(gateway, b, event["id"], 1)
    assert first.status_code == 201, first.text
    assert (first.json()["status"], first.json()["position"]) == ("waiting", 1)
    second = wait(gateway, c, event["id"], 2, auto_book=False).json()
    assert second["position"] == 2
    again = wait(gateway, b, event["id"], 1)
    assert (again.status_code, again.json()["code"]) == (409, "already_waiting")
    booked = wait(gateway, a, event["id"], 1)
    assert (booked.status_code, booked.json()["code"]) == (409, "already_booked"), (
        "more seats: change the booking"
    )
    waiting_books = book(gateway, b, event["id"], 1)
    assert (waiting_books.status_code, waiting_books.json()["code"]) == (409, "already_waiting")
    assert wait(gateway, d, event["id"], 6).status_code == 422
    own = wait(gateway, host, event["id"], 1)
    assert (own.status_code, own.json()["code"]) == (403, "own_event")
    assert wait(gateway, d, str(uuid.uuid4()), 1).status_code == 404

    only_this = gateway.get("/booking/v1/waitlist", params={"event_id": event["id"]}, headers=b.headers)
    assert [e["id"] for e in only_this.json()["items"]] == [first.json()["id"]]
    mine = entry(gateway, b, first.json()["id"])
    assert (mine["status"], mine["position"], mine["event"]["id"]) == ("waiting", 1, event["id"])
    assert mine["event"]["place"].get("address") is None, "a waiting guest is not told the address"
    listing = gateway.get(f"/booking/v1/events/{event['id']}/waitlist", headers=host.headers).json()
    assert (listing["waiting"], listing["offered"]) == (2, 0)
    assert [(e["name"], e["position"], e["seats"]) for e in listing["entries"]] == [
        ("Waiter 1", 1, 1),
        ("Waiter 2", 2, 2),
    ]
    stranger = gateway.get(f"/booking/v1/events/{event['id']}/waitlist", headers=d.headers)
    assert (stranger.status_code, stranger.json()["code"]) == (403, "not_your_event")
    assert gateway.get(f"/booking/v1/events/{event['id']}").json()["waiting"] == 2
    assert gateway.get(f"/booking/v1/bookings/{first.json()['id']}", headers=b.headers).status_code == 404, (
        "a waiting-list entry is not a booking"
    )


def test_freed_seats_are_offered_to_the_first_entry_that_fits_and_a_claim_books_them(
    gateway: httpx.Client,
    host: TestUser,
    people: list[TestUser],
    watch_party_movie: dict,
    booking_db: BookingDb,
) -> None:
    a, b, c, _ = people
    event = make_event(gateway, host, watch_party_movie, capacity=3)
    booking = book(gateway, a, event["id"], 3).json()
    big = wait(gateway, b, event["id"], 2).json()
    small = wait(gateway, c, event["id"], 1).json()

    # One seat comes free: the first entry wants two, so the one behind it that fits gets it.
    changed = gateway.patch(f"/booking/v1/bookings/{booking['id']}", json={"seats": 2}, headers=a.headers)
    assert changed.status_code == 200, changed.text
    offer = entry(gateway, c, small["id"])
    assert offer["status"] == "offered" and offer["offer_expires_at"]
    assert entry(gateway, b, big["id"])["status"] == "waiting"
    assert seats_left(gateway, event["id"]) == 0, "offered seats are held"
    assert booking_db.seats(event["id"]) == (3, 3, 3)
    [offered] = messages_of(booking_db, event["id"], "waitlist.offered")
    assert (offered["guest_id"], offered["seats"]) == (str(c.id), 1)

    claimed = gateway.post(f"/booking/v1/waitlist/{small['id']}/claim", headers=c.headers)
    assert claimed.status_code == 201, claimed.text
    assert (claimed.json()["id"], claimed.json()["status"], claimed.json()["via_waitlist"]) == (
        small["id"],
        "active",
        True,
    )
    assert claimed.json()["event"]["place"]["address"], "a booked guest sees the address"
    assert entry(gateway, c, small["id"])["status"] == "booked"
    again = gateway.post(f"/booking/v1/waitlist/{small['id']}/claim", headers=c.headers)
    assert (again.status_code, again.json()["code"]) == (409, "already_claimed")
    assert [m["via_waitlist"] for m in messages_of(booking_db, event["id"], "booking.created")] == [
        False,
        True,
    ]

    # The rest of the booking cancelled: its two seats go to the entry that waited for two.
    assert cancel(gateway, a, booking["id"]).status_code == 200
    assert entry(gateway, b, big["id"])["status"] == "offered"
    assert booking_db.seats(event["id"]) == (3, 3, 3)
    not_mine = gateway.post(f"/booking/v1/waitlist/{big['id']}/claim", headers=c.headers)
    assert not_mine.status_code == 404, "someone else's offer is answered as unknown"


def test_declining_an_offer_passes_it_on_at_once_and_leaving_frees_a_held_offer(
    gateway: httpx.Client,
    host: TestUser,
    people: list[TestUser],
    watch_party_movie: dict,
    booking_db: BookingDb,
) -> None:
    a, b, c, d = people
    event = make_event(gateway, host, watch_party_movie, capacity=1)
    booking = book(gateway, a, event["id"]).json()
    first, second, third = (wait(gateway, p, event["id"]).json() for p in (b, c, d))
    assert cancel(gateway, a, booking["id"]).status_code == 200
    assert entry(gateway, b, first["id"])["status"] == "offered"
    not_yet = gateway.post(f"/booking/v1/waitlist/{second['id']}/claim", headers=c.headers)
    assert (not_yet.status_code, not_yet.json()["code"]) == (409, "not_offered")

    declined = gateway.post(f"/booking/v1/waitlist/{first['id']}/decline", headers=b.headers)
    assert (declined.status_code, declined.json()["status"]) == (200, "declined")
    assert entry(gateway, c, second["id"])["status"] == "offered"
    gone = gateway.post(f"/booking/v1/waitlist/{first['id']}/claim", headers=b.headers)
    assert (gone.status_code, gone.json()["code"]) == (410, "offer_expired")

    assert gateway.delete(f"/booking/v1/waitlist/{second['id']}", headers=c.headers).status_code == 204
    assert gateway.delete(f"/booking/v1/waitlist/{second['id']}", headers=c.headers).status_code == 204
    assert entry(gateway, c, second["id"])["status"] == "left"
    assert entry(gateway, d, third["id"])["status"] == "offered"
    assert booking_db.seats(event["id"]) == (1, 1, 1)
    assert gateway.delete(f"/booking/v1/waitlist/{third['id']}", headers=b.headers).status_code == 404


def test_an_unclaimed_offer_lapses_by_itself_and_goes_to_the_next_in_line(
    stack: Stack,
    gateway: httpx.Client,
    host: TestUser,
    people: list[TestUser],
    watch_party_movie: dict,
    booking_db: BookingDb,
    time_travel: TimeTravel,
) -> None:
    a, b, c, _ = people
    event = make_event(gateway, host, watch_party_movie, capacity=1, starts_at=future(days=5))
    booking = book(gateway, a, event["id"]).json()
    first, second = wait(gateway, b, event["id"]).json(), wait(gateway, c, event["id"]).json()
    assert cancel(gateway, a, booking["id"]).status_code == 200
    expires = datetime.fromisoformat(entry(gateway, b, first["id"])["offer_expires_at"])
    assert timedelta(hours=1, minutes=59) < expires - datetime.now(UTC) <= timedelta(hours=2, minutes=1)

    # Nobody asks anything: the housekeeping round after the window moves the offer on.
    done = housekeeping_at(stack, expires + timedelta(minutes=1))
    assert done.offers_lapsed >= 1
    assert entry(gateway, b, first["id"])["status"] == "expired"
    assert entry(gateway, c, second["id"])["status"] == "offered"
    [lapsed] = messages_of(booking_db, event["id"], "waitlist.expired")
    assert lapsed["guest_id"] == str(b.id)
    time_travel.to(expires + timedelta(minutes=2))
    late = gateway.post(f"/booking/v1/waitlist/{first['id']}/claim", headers=b.headers)
    assert (late.status_code, late.json()["code"]) == (410, "offer_expired")
    assert booking_db.seats(event["id"]) == (1, 1, 1)


def test_a_claim_after_the_window_is_410_even_before_housekeeping_ran_and_moves_the_seats_on(
    gateway: httpx.Client,
    host: TestUser,
    people: list[TestUser],
    watch_party_movie: dict,
    booking_db: BookingDb,
    time_travel: TimeTravel,
) -> None:
    a, b, c, _ = people
    event = make_event(gateway, host, watch_party_movie, capacity=1, starts_at=future(days=6))
    booking = book(gateway, a, event["id"]).json()
    first, second = wait(gateway, b, event["id"]).json(), wait(gateway, c, event["id"]).json()
    assert cancel(gateway, a, booking["id"]).status_code == 200
    expires = datetime.fromisoformat(entry(gateway, b, first["id"])["offer_expires_at"])
    time_travel.to(expires + timedelta(seconds=5))
    late = gateway.post(f"/booking/v1/waitlist/{first['id']}/claim", headers=b.headers)
    assert (late.status_code, late.json()["code"]) == (410, "offer_expired")
    assert entry(gateway, c, second["id"])["status"] == "offered"
    assert booking_db.seats(event["id"]) == (1, 1, 1)


def test_offers_end_an_hour_before_the_start_and_none_are_made_in_the_last_hour(
    gateway: httpx.Client,
    host: TestUser,
    people: list[TestUser],
    watch_party_movie: dict,
    time_travel: TimeTravel,
) -> None:
    a, b, c, _ = people
    starts = (datetime.now(UTC) + timedelta(hours=2, minutes=30)).replace(microsecond=0)
    event = make_event(gateway, host, watch_party_movie, capacity=1, starts_at=starts)
    booking = book(gateway, a, event["id"]).json()
    first = wait(gateway, b, event["id"]).json()
    assert cancel(gateway, a, booking["id"]).status_code == 200
    offer = entry(gateway, b, first["id"])
    assert datetime.fromisoformat(offer["offer_expires_at"]) == starts - timedelta(hours=1), (
        "window cut short"
    )

    other = make_event(gateway, host, watch_party_movie, capacity=1, starts_at=starts + timedelta(hours=3))
    held = book(gateway, a, other["id"]).json()
    second = wait(gateway, c, other["id"]).json()
    time_travel.to(starts + timedelta(hours=3) - timedelta(minutes=50))
    assert cancel(gateway, a, held["id"]).status_code == 200
    assert entry(gateway, c, second["id"])["status"] == "waiting", "nothing is offered in the last hour"
    closed = wait(gateway, b, other["id"])
    assert (closed.status_code, closed.json()["code"]) == (409, "seats_available"), (
        "a free seat: just book it"
    )


def test_an_auto_book_entry_is_booked_as_soon_as_its_seats_fit(
    gateway: httpx.Client,
    host: TestUser,
    people: list[TestUser],
    watch_party_movie: dict,
    booking_db: BookingDb,
) -> None:
    a, b, _, _ = people
    event = make_event(gateway, host, watch_party_movie, capacity=2)
    booking = book(gateway, a, event["id"], 2).json()
    waiting = wait(gateway, b, event["id"], 2, auto_book=True).json()
    assert waiting["auto_book"] is True
    assert cancel(gateway, a, booking["id"]).status_code == 200
    mine = gateway.get(f"/booking/v1/bookings/{waiting['id']}", headers=b.headers)
    assert mine.status_code == 200
    assert (mine.json()["status"], mine.json()["seats"], mine.json()["via_waitlist"]) == ("active", 2, True)
    assert entry(gateway, b, waiting["id"])["status"] == "booked"
    assert [m["guest_id"] for m in messages_of(booking_db, event["id"], "booking.created")][-1] == str(b.id)
    assert booking_db.seats(event["id"]) == (2, 2, 2)


def test_a_host_raising_the_seat_count_offers_the_new_seats(
    gateway: httpx.Client, host: TestUser, people: list[TestUser], watch_party_movie: dict
) -> None:
    a, b, _, _ = people
    event = make_event(gateway, host, watch_party_movie, capacity=1)
    book(gateway, a, event["id"])
    waiting = wait(gateway, b, event["id"]).json()
    raised = gateway.patch(f"/booking/v1/events/{event['id']}", json={"capacity": 2}, headers=host.headers)
    assert raised.status_code == 200, raised.text
    assert entry(gateway, b, waiting["id"])["status"] == "offered"


def test_reliable_first_puts_guests_with_a_record_ahead_of_newcomers(
    stack: Stack,
    gateway: httpx.Client,
    host: TestUser,
    watch_party_movie: dict,
    time_travel: TimeTravel,
) -> None:
    regular, newcomer, friend = (new_user(stack, name=n) for n in ("Regular", "Newcomer", "Friend"))
    target = make_event(
        gateway,
        host,
        watch_party_movie,
        capacity=1,
        starts_at=future(days=40),
        waitlist_priority="reliable_first",
    )
    assert target["waitlist_priority"] == "reliable_first"
    # Two evenings the regular attends (unmarked counts as attended 48 hours after the end).
    past = [
        make_event(gateway, host, watch_party_movie, capacity=2, starts_at=future(days=2)) for _ in range(2)
    ]
    for evening in past:
        assert book(gateway, regular, evening["id"]).status_code == 201
    time_travel.to(max(datetime.fromisoformat(e["ends_at"]) for e in past) + timedelta(hours=49))

    booking = book(gateway, friend, target["id"]).json()
    first = wait(gateway, newcomer, target["id"]).json()
    second = wait(gateway, regular, target["id"]).json()
    assert first["position"] == 1, "alone in line"
    assert second["position"] == 1, "the regular goes first, whoever came first"
    assert entry(gateway, newcomer, first["id"])["position"] == 2
    listing = gateway.get(f"/booking/v1/events/{target['id']}/waitlist", headers=host.headers).json()
    assert [(e["name"], e["reliable"]) for e in listing["entries"]] == [
        ("Regular", True),
        ("Newcomer", False),
    ]
    assert cancel(gateway, friend, booking["id"]).status_code == 200
    assert entry(gateway, regular, second["id"])["status"] == "offered"
    assert entry(gateway, newcomer, first["id"])["status"] == "waiting"


def test_nobody_hoards_more_than_six_open_bookings_or_six_waiting_lists(
    stack: Stack, gateway: httpx.Client, host: TestUser, watch_party_movie: dict
) -> None:
    hoarder, other = new_user(stack, name="Hoarder"), new_user(stack, name="Other")
    place = make_place(gateway, host)  # one place for all: the host's writes stay under nginx's rate limit
    events = [
        make_event(gateway, host, watch_party_movie, capacity=1, place=place, starts_at=future(days=3 + n))
        for n in range(7)
    ]
    for event in events[:6]:
        assert book(gateway, hoarder, event["id"]).status_code == 201
    seventh = book(gateway, hoarder, events[6]["id"])
    assert (seventh.status_code, seventh.json()["code"]) == (409, "too_many_active_bookings")
    assert book(gateway, other, events[6]["id"]).status_code == 201

    full = [
        make_event(gateway, host, watch_party_movie, capacity=1, place=place, starts_at=future(days=10 + n))
        for n in range(7)
    ]
    fillers = [new_user(stack, name="Filler A"), new_user(stack, name="Filler B")]
    for number, event in enumerate(full):
        assert book(gateway, fillers[number // 6], event["id"]).status_code == 201
    waiter = new_user(stack, name="Waiter")
    for event in full[:6]:
        assert wait(gateway, waiter, event["id"]).status_code == 201
    too_many = wait(gateway, waiter, full[6]["id"])
    assert (too_many.status_code, too_many.json()["code"]) == (409, "too_many_active_bookings")
