"""The seat lifecycle reaches people, end to end: booking writes the message, the relay hands it over,
the notification service puts it in the inbox and mails it, in the reader's language."""

import httpx

from devstack.stack import Stack
from tests.booking.conftest import make_event
from tests.booking.seats import book, cancel, wait
from tests.notification.conftest import eventually, kinds_for, mail_kinds, mail_to, register


def test_a_request_evening_tells_guest_and_host_and_the_answer_reaches_the_guest(
    stack: Stack, gateway: httpx.Client, movie: dict
) -> None:
    host = register(stack, local_part="host", name="Hanna Host")
    guest = register(stack, local_part="guest", name="Gena Guest")
    event = make_event(gateway, host, movie, capacity=2, approval="request")
    request = book(gateway, guest, event["id"], 2).json()
    eventually(lambda: kinds_for(gateway, guest, event["id"])["booking_requested"], what="request sent")
    eventually(lambda: kinds_for(gateway, host, event["id"])["host_booking_request"], what="host asked")
    declined = gateway.post(
        f"/booking/v1/bookings/{request['id']}/decline", json={"message": "Full house"}, headers=host.headers
    )
    assert declined.status_code == 200
    eventually(lambda: mail_kinds(stack, guest.email, event["id"])["booking_declined"], what="declined mail")
    [mail] = [m for m in mail_to(stack, guest.email) if m["X-Kinoclub-Kind"] == "booking_declined"]
    assert "Full house" in mail.get_content()
    assert "отклонил" in mail.get_content(), "Russian unless the reader chose English"


def test_a_waiting_guest_is_offered_the_freed_seats_by_inbox_and_email(
    stack: Stack, gateway: httpx.Client, movie: dict
) -> None:
    host = register(stack, local_part="host", name="Hanna Host")
    first, waiting = (
        register(stack, local_part="first", name="First"),
        register(stack, local_part="w", name="W"),
    )
    event = make_event(gateway, host, movie, capacity=1)
    booking = book(gateway, first, event["id"]).json()
    assert wait(gateway, waiting, event["id"]).status_code == 201
    assert cancel(gateway, first, booking["id"]).status_code == 200
    eventually(lambda: mail_kinds(stack, waiting.email, event["id"])["waitlist_offer"], what="offer mailed")
    assert kinds_for(gateway, waiting, event["id"])["waitlist_offer"] == 1
    [mail] = [m for m in mail_to(stack, waiting.email) if m["X-Kinoclub-Kind"] == "waitlist_offer"]
    assert "/bookings" in mail.get_content(), "the offer links to where it is claimed"
