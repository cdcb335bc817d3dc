"""The seat lifecycle through the pages (issue 13), as a browser sends forms: a full evening's waiting
list, requests the host approves or declines, offers claimed or run out, removals with a reason,
blocking, the hoarding limit, the late-cancellation warning, the seat rules of an evening, reports and
the moderators' page."""

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from devstack.stack import Stack
from tests.conftest import TimeTravel
from tests.factories import TestUser, new_user
from tests.web.conftest import field_error, form_data, future, make_event, make_place, web_client


def _book_api(gateway: httpx.Client, event: dict[str, Any], user: TestUser, seats: int = 1) -> dict[str, Any]:
    answer = gateway.post(
        f"/booking/v1/events/{event['id']}/bookings", json={"seats": seats}, headers=user.headers
    )
    assert answer.status_code in (201, 202), answer.text
    return answer.json()


def _key(page: httpx.Response, action: str) -> str:
    found = re.search(
        rf'action="{re.escape(action)}".*?name="idempotency_key" value="([^"]+)"', page.text, re.S
    )
    assert found, f"no form for {action}"
    return found.group(1)


def _card(page: httpx.Response, element_id: str) -> str:
    found = re.search(rf'<li class="card[^"]*" id="{re.escape(element_id)}".*?</li>', page.text, re.S)
    assert found, f"no card {element_id} on {page.request.url}"
    return found.group(0)


def _one_seat_evening(
    gateway: httpx.Client, host: TestUser, movie: dict[str, Any], **extra: Any
) -> dict[str, Any]:
    place = make_place(gateway, host, name="Hilda's attic", capacity=8)
    return make_event(gateway, host, movie, place=place, capacity=1, starts_at=future(days=5), **extra)


def test_a_full_evening_offers_the_waiting_list_and_shows_my_place_in_line(
    gateway: httpx.Client,
    as_guest: httpx.Client,
    other_guest: TestUser,
    host: TestUser,
    movie: dict[str, Any],
) -> None:
    event = _one_seat_evening(gateway, host, movie)
    _book_api(gateway, event, other_guest)

    page = as_guest.get(f"/events/{event['id']}")
    assert "Full · join the waiting list" in page.text
    assert f'action="/events/{event["id"]}/waitlist"' in page.text
    assert "Book automatically when seats free up" in page.text
    assert "Free cancellation until" in page.text and "counts as a late cancellation" in page.text

    too_many = as_guest.post(f"/events/{event['id']}/waitlist", data=form_data(page, seats="9"))
    assert too_many.status_code == 422
    assert field_error(too_many, f"w{event['id']}-seats") == "One booking holds at most 5 seats."

    joined = as_guest.post(
        f"/events/{event['id']}/waitlist", data=form_data(page, seats="2", auto_book="yes")
    )
    assert joined.status_code == 303
    assert joined.headers["location"] == f"/events/{event['id']}?notice=waiting"
    after = as_guest.get(joined.headers["location"])
    assert "You are on the waiting list. We will tell you when seats free up." in after.text
    assert "You are number 1 on the waiting list" in after.text
    assert "booked automatically when seats free up" in after.text
    assert "1 person is waiting." not in after.text, "my own place replaces the join form"

    mine = as_guest.get("/bookings")
    [entry] = gateway.get("/booking/v1/waitlist", headers=web_user(as_guest)).json()["items"]
    card = _card(mine, f"entry-{entry['id']}")
    assert "On waiting lists" in mine.text and "You are number 1 on the waiting list" in card

    again = as_guest.post(f"/events/{event['id']}/waitlist", data=form_data(page, seats="1"))
    assert again.status_code == 409
    assert "You are already on this evening&#39;s waiting list" in again.text

    left = as_guest.post(f"/waitlist/{entry['id']}/leave", data=form_data(mine))
    assert left.headers["location"] == "/bookings?notice=left_waitlist"
    assert gateway.get(f"/booking/v1/events/{event['id']}").json()["waiting"] == 0
    assert "you left the waiting list" in as_guest.get("/bookings").text


def web_user(client: httpx.Client) -> dict[str, str]:
    """The API headers of the person a web client is signed in as (their access cookie)."""
    return {"Authorization": f"Bearer {client.cookies.get('kc_access')}"}


def test_an_evening_with_requests_says_request_seats_and_then_waits_for_the_host(
    gateway: httpx.Client, as_guest: httpx.Client, guest: TestUser, host: TestUser, movie: dict[str, Any]
) -> None:
    event = _one_seat_evening(gateway, host, movie, approval="request")
    page = as_guest.get(f"/events/{event['id']}")
    assert ">Request seats</button>" in page.text
    assert "The host approves each booking" in page.text

    sent = as_guest.post(
        f"/events/{event['id']}/book",
        data=form_data(page, seats="1", idempotency_key=_key(page, f"/events/{event['id']}/book")),
    )
    assert sent.status_code == 303 and sent.headers["location"] == f"/events/{event['id']}?notice=requested"
    [request] = gateway.get("/booking/v1/bookings", headers=guest.headers).json()["items"]
    assert request["status"] == "pending"
    shown = as_guest.get(sent.headers["location"])
    assert "Your request is sent." in shown.text
    assert "Waiting for the host's answer (by " in shown.text
    assert "See or withdraw the request" in shown.text

    mine = as_guest.get("/bookings")
    card = _card(mine, f"booking-{request['id']}")
    assert "Waiting for the host's answer (by" in card and "Withdraw request" in card
    withdrawn = as_guest.post(f"/bookings/{request['id']}/withdraw", data=form_data(mine))
    assert withdrawn.headers["location"] == "/bookings?notice=withdrawn"
    assert (
        gateway.get(f"/booking/v1/bookings/{request['id']}", headers=guest.headers).json()["status"]
        == "cancelled"
    )


def test_the_host_approves_one_request_and_declines_another_with_a_message_the_guest_reads(
    stack: Stack,
    gateway: httpx.Client,
    as_host: httpx.Client,
    guest: TestUser,
    other_guest: TestUser,
    host: TestUser,
    movie: dict[str, Any],
) -> None:
    place = make_place(gateway, host, capacity=8)
    event = make_event(
        gateway, host, movie, place=place, capacity=4, starts_at=future(days=6), approval="request"
    )
    first = _book_api(gateway, event, guest)
    second = _book_api(gateway, event, other_guest, seats=2)

    page = as_host.get(f"/hosting/events/{event['id']}")
    assert "2 requests wait for your answer" in page.text
    assert "Answer by " in _card(page, f"request-{first['id']}")
    approved = as_host.post(
        f"/hosting/events/{event['id']}/bookings/{first['id']}/approve", data=form_data(page)
    )
    assert approved.headers["location"] == f"/hosting/events/{event['id']}?notice=approved"
    assert (
        gateway.get(f"/booking/v1/bookings/{first['id']}", headers=guest.headers).json()["status"] == "active"
    )

    declined = as_host.post(
        f"/hosting/events/{event['id']}/bookings/{second['id']}/decline",
        data=form_data(page, message="Sorry, friends only this time"),
    )
    assert declined.headers["location"] == f"/hosting/events/{event['id']}?notice=declined"
    twice = as_host.post(
        f"/hosting/events/{event['id']}/bookings/{second['id']}/decline", data=form_data(page)
    )
    assert twice.status_code == 409
    assert "This request has already been answered or withdrawn." in twice.text

    with web_client(stack, other_guest) as as_other:
        history = as_other.get("/bookings").text
    assert "your request was declined" in history
    assert "Sorry, friends only this time" in history


def test_removing_a_guest_needs_a_reason_which_the_guest_then_reads(
    gateway: httpx.Client,
    as_host: httpx.Client,
    as_guest: httpx.Client,
    guest: TestUser,
    host: TestUser,
    event: dict[str, Any],
) -> None:
    booking = _book_api(gateway, event, guest, seats=2)
    page = as_host.get(f"/hosting/events/{event['id']}")
    action = f"/hosting/events/{event['id']}/bookings/{booking['id']}/remove"
    assert f'action="{action}"' in page.text

    silent = as_host.post(action, data=form_data(page, reason="  "))
    assert silent.status_code == 400
    assert (
        field_error(silent, f"remove-{booking['id']}-reason")
        == "Tell the guest why: they are shown your reason."
    )
    assert (
        gateway.get(f"/booking/v1/bookings/{booking['id']}", headers=guest.headers).json()["status"]
        == "active"
    )

    removed = as_host.post(action, data=form_data(page, reason="The room is closed for repairs"))
    assert removed.headers["location"] == f"/hosting/events/{event['id']}?notice=removed"
    mine = as_guest.get("/bookings").text
    assert "the host removed you from the guest list" in mine
    assert "The room is closed for repairs" in mine


def test_a_blocked_guest_is_told_in_words_and_the_host_can_unblock(
    gateway: httpx.Client,
    as_host: httpx.Client,
    as_guest: httpx.Client,
    guest: TestUser,
    host: TestUser,
    event: dict[str, Any],
) -> None:
    page = as_host.get(f"/hosting/events/{event['id']}")
    blocked = as_host.post(
        "/hosting/blocked", data=form_data(page, user_id=str(guest.id), back=f"/hosting/events/{event['id']}")
    )
    assert blocked.headers["location"] == f"/hosting/events/{event['id']}?notice=blocked"
    listed = as_host.get("/hosting/blocked")
    assert f'id="blocked-{guest.id}"' in listed.text and "Guest Grisha" in listed.text

    evening = as_guest.get(f"/events/{event['id']}")
    refused = as_guest.post(
        f"/events/{event['id']}/book",
        data=form_data(evening, seats="1", idempotency_key=_key(evening, f"/events/{event['id']}/book")),
    )
    assert refused.status_code == 403
    assert "The host of this evening does not take your bookings." in refused.text
    assert "blocked_by_host" not in refused.text

    unblocked = as_host.post(f"/hosting/blocked/{guest.id}/unblock", data=form_data(listed))
    assert unblocked.headers["location"] == "/hosting/blocked?notice=unblocked"
    assert "You have not blocked anyone." in as_host.get("/hosting/blocked").text


def test_the_hoarding_limit_is_a_sentence_beside_the_seats(
    gateway: httpx.Client, as_guest: httpx.Client, guest: TestUser, host: TestUser, movie: dict[str, Any]
) -> None:
    place = make_place(gateway, host, capacity=8)
    events = [
        make_event(gateway, host, movie, place=place, capacity=2, starts_at=future(days=20 + day))
        for day in range(7)
    ]
    for event in events[:6]:
        _book_api(gateway, event, guest)
    page = as_guest.get(f"/events/{events[6]['id']}")
    refused = as_guest.post(
        f"/events/{events[6]['id']}/book",
        data=form_data(page, seats="1", idempotency_key=_key(page, f"/events/{events[6]['id']}/book")),
    )
    assert refused.status_code == 409
    assert field_error(refused, f"e{events[6]['id']}-seats").startswith(
        "You already hold as many open bookings or waiting-list places as one person may."
    )


def test_an_offer_shows_when_it_ends_is_claimed_and_a_lapsed_one_says_so(
    stack: Stack,
    gateway: httpx.Client,
    as_guest: httpx.Client,
    guest: TestUser,
    other_guest: TestUser,
    host: TestUser,
    movie: dict[str, Any],
    time_travel: TimeTravel,
) -> None:
    event = _one_seat_evening(gateway, host, movie)
    first = _book_api(gateway, event, other_guest)
    entry = gateway.post(
        f"/booking/v1/events/{event['id']}/waitlist", json={"seats": 1}, headers=guest.headers
    ).json()
    assert (
        gateway.post(f"/booking/v1/bookings/{first['id']}/cancel", headers=other_guest.headers).status_code
        == 200
    )

    mine = as_guest.get("/bookings")
    card = _card(mine, f"entry-{entry['id']}")
    assert "Seats offered to you" in mine.text
    offered = gateway.get("/booking/v1/waitlist", headers=guest.headers).json()["items"][0]
    expires = datetime.fromisoformat(offered["offer_expires_at"])
    assert f'datetime="{expires.isoformat()}"' in card, "the absolute time, for pages without script"
    assert "data-countdown" in card and 'aria-live="polite"' in card
    assert "Claim the seats" in card and "Decline" in card

    time_travel.to(expires + timedelta(minutes=5))
    late = as_guest.post(
        f"/waitlist/{entry['id']}/claim",
        data=form_data(mine, idempotency_key=_key(mine, f"/waitlist/{entry['id']}/claim")),
    )
    assert late.status_code == 410
    assert "This offer has ended: the seats went to the next person on the waiting list." in late.text
    time_travel.reset()


def test_claiming_an_offer_makes_a_booking(
    gateway: httpx.Client,
    as_guest: httpx.Client,
    guest: TestUser,
    other_guest: TestUser,
    host: TestUser,
    movie: dict[str, Any],
) -> None:
    event = _one_seat_evening(gateway, host, movie)
    first = _book_api(gateway, event, other_guest)
    entry = gateway.post(
        f"/booking/v1/events/{event['id']}/waitlist", json={"seats": 1}, headers=guest.headers
    ).json()
    gateway.post(f"/booking/v1/bookings/{first['id']}/cancel", headers=other_guest.headers)

    evening = as_guest.get(f"/events/{event['id']}")
    assert "Seats are offered to you" in evening.text
    mine = as_guest.get("/bookings")
    claimed = as_guest.post(
        f"/waitlist/{entry['id']}/claim",
        data=form_data(mine, idempotency_key=_key(mine, f"/waitlist/{entry['id']}/claim")),
    )
    assert claimed.headers["location"] == "/bookings?notice=claimed"
    booking = gateway.get(f"/booking/v1/bookings/{entry['id']}", headers=guest.headers).json()
    assert booking["status"] == "active" and booking["via_waitlist"]
    assert "from the waiting list" in _card(as_guest.get("/bookings"), f"booking-{entry['id']}")


def test_cancelling_after_the_deadline_warns_that_it_is_late(
    gateway: httpx.Client, as_guest: httpx.Client, guest: TestUser, host: TestUser, movie: dict[str, Any]
) -> None:
    soon = datetime.now(UTC) + timedelta(hours=10, minutes=7)
    event = make_event(gateway, host, movie, capacity=3, starts_at=soon.replace(microsecond=0))
    booking = _book_api(gateway, event, guest)
    card = _card(as_guest.get("/bookings"), f"booking-{booking['id']}")
    assert "The free cancellation period is over: cancelling now counts as a late cancellation." in card
    assert "it counts as a late cancellation on your record" in card, "the confirmation says so too"


def test_the_seat_rules_are_set_on_creation_and_changed_on_the_evening(
    gateway: httpx.Client, as_host: httpx.Client, host: TestUser, movie: dict[str, Any]
) -> None:
    place = make_place(gateway, host, name="Den", capacity=6)
    page = as_host.get("/hosting/events/new")
    assert "Who gets a seat" in page.text and "Empty: 24." in page.text
    start = future(days=8).astimezone(UTC).strftime("%Y-%m-%dT%H:%M")
    made = as_host.post(
        "/hosting/events",
        data=form_data(
            page,
            movie_id=movie["id"],
            place_id=place["id"],
            timezone="UTC",
            starts_at=start,
            capacity="3",
            approval="request",
            cancel_deadline_hours="48",
            waitlist_priority="reliable_first",
        ),
    )
    assert made.status_code == 303, made.text
    event_id = made.headers["location"].split("/")[3].split("?")[0]
    event = gateway.get(f"/booking/v1/events/{event_id}").json()
    assert (event["approval"], event["cancel_deadline_hours"], event["waitlist_priority"]) == (
        "request",
        48,
        "reliable_first",
    )

    evening = as_host.get(f"/hosting/events/{event_id}")
    assert 'value="request" checked' in evening.text
    bad = as_host.post(
        f"/hosting/events/{event_id}/settings",
        data=form_data(
            evening,
            capacity="3",
            approval="instant",
            cancel_deadline_hours="999",
            waitlist_priority="arrival",
        ),
    )
    assert bad.status_code == 422
    assert field_error(bad, "settings-cancel_deadline_hours") == "Enter 720 or less."
    saved = as_host.post(
        f"/hosting/events/{event_id}/settings",
        data=form_data(
            evening, capacity="5", approval="instant", cancel_deadline_hours="2", waitlist_priority="arrival"
        ),
    )
    assert saved.headers["location"] == f"/hosting/events/{event_id}?notice=event_saved"
    event = gateway.get(f"/booking/v1/events/{event_id}").json()
    assert (
        event["capacity"],
        event["approval"],
        event["cancel_deadline_hours"],
        event["waitlist_priority"],
    ) == (
        5,
        "instant",
        2,
        "arrival",
    )


def test_a_report_reaches_the_moderators_page_which_nobody_else_has(
    stack: Stack, gateway: httpx.Client, as_guest: httpx.Client, host: TestUser, event: dict[str, Any]
) -> None:
    evening = as_guest.get(f"/events/{event['id']}")
    assert "Report this evening" in evening.text
    form = as_guest.get(f"/report?target_type=event&target_id={event['id']}&back=/events/{event['id']}")
    assert "What happened?" in form.text
    unchosen = as_guest.post(
        "/report", data=form_data(form, target_type="event", target_id=event["id"], back="/")
    )
    assert unchosen.status_code == 400 and "Choose what happened." in unchosen.text
    sent = as_guest.post(
        "/report",
        data=form_data(
            form,
            target_type="event",
            target_id=event["id"],
            reason="misleading",
            text="The film shown was a different one",
            back=f"/events/{event['id']}",
        ),
    )
    assert sent.headers["location"] == f"/events/{event['id']}?notice=reported"

    assert as_guest.get("/moderation/reports").status_code == 404
    moderator = new_user(stack, groups=["moderator"], name="Moderator Masha")
    with web_client(stack, moderator) as as_moderator:
        listing = as_moderator.get("/moderation/reports")
        assert listing.status_code == 200
        assert 'href="/moderation/reports"' in listing.text, "the navigation links moderators to it"
        reports = gateway.get(
            "/booking/v1/reports", params={"status": "open", "size": 100}, headers=moderator.headers
        )
        [mine] = [r for r in reports.json()["items"] if r["target_id"] == event["id"]]
        card = _card(listing, f"report-{mine['id']}")
        assert "Misleading or fake" in card and "The film shown was a different one" in card
        resolved = as_moderator.post(
            f"/moderation/reports/{mine['id']}/resolve", data=form_data(listing, action="dismiss")
        )
        assert resolved.headers["location"] == "/moderation/reports?notice=report_resolved"
    after = gateway.get(
        "/booking/v1/reports", params={"status": "resolved", "size": 100}, headers=moderator.headers
    )
    [done] = [r for r in after.json()["items"] if r["id"] == mine["id"]]
    assert done["action"] == "dismiss"
