"""Reports of evenings, hosts and guests, and moderators resolving them."""

import uuid

import httpx

from common.demo import DEMO_USERS
from devstack.stack import Stack
from tests.booking.conftest import make_event
from tests.booking.seats import book
from tests.factories import TestUser, admin, login, new_user

MODERATOR = next(u for u in DEMO_USERS if "moderator" in u.groups)


def report(gateway: httpx.Client, user: TestUser, **body: object) -> httpx.Response:
    return gateway.post("/booking/v1/reports", json=body, headers=user.headers)


def test_anyone_reports_and_only_moderators_list_and_resolve(
    stack: Stack, gateway: httpx.Client, host: TestUser, watch_party_movie: dict
) -> None:
    reporter, guest = new_user(stack, name="Reporter"), new_user(stack, name="Guest")
    moderator = login(stack, MODERATOR.email)
    event = make_event(gateway, host, watch_party_movie)
    made = report(
        gateway, reporter, target_type="event", target_id=event["id"], reason="Spam", text="x" * 2000
    )
    assert made.status_code == 201, made.text
    assert (made.json()["status"], made.json()["target_type"]) == ("open", "event")
    assert (
        report(gateway, reporter, target_type="event", target_id=event["id"], reason="y" * 2001).status_code
        == 422
    )
    unknown = report(gateway, reporter, target_type="guest", target_id=str(uuid.uuid4()), reason="Rude")
    assert (unknown.status_code, unknown.json()["code"]) == (404, "report_target_not_found")
    self_report = report(gateway, reporter, target_type="guest", target_id=str(reporter.id), reason="Me")
    assert (self_report.status_code, self_report.json()["code"]) == (422, "cannot_report_self")
    on_guest = report(gateway, reporter, target_type="guest", target_id=str(guest.id), reason="No-show twice")
    assert on_guest.status_code == 201

    for who in (reporter, host):
        refused = gateway.get("/booking/v1/reports", headers=who.headers)
        assert (refused.status_code, refused.json()["code"]) == (403, "not_a_moderator")
        resolve = gateway.post(
            f"/booking/v1/reports/{made.json()['id']}/resolve",
            json={"action": "dismiss"},
            headers=who.headers,
        )
        assert resolve.status_code == 403
    listed = gateway.get(
        "/booking/v1/reports", params={"status": "open", "size": 100}, headers=moderator.headers
    )
    assert listed.status_code == 200
    assert {made.json()["id"], on_guest.json()["id"]} <= {r["id"] for r in listed.json()["items"]}
    wrong = gateway.post(
        f"/booking/v1/reports/{on_guest.json()['id']}/resolve",
        json={"action": "hide_event"},
        headers=moderator.headers,
    )
    assert (wrong.status_code, wrong.json()["code"]) == (422, "action_not_applicable")
    dismissed = gateway.post(
        f"/booking/v1/reports/{on_guest.json()['id']}/resolve",
        json={"action": "dismiss", "note": "Not enough to act on"},
        headers=moderator.headers,
    )
    assert (dismissed.json()["status"], dismissed.json()["action"]) == ("resolved", "dismiss")
    twice = gateway.post(
        f"/booking/v1/reports/{on_guest.json()['id']}/resolve",
        json={"action": "dismiss"},
        headers=moderator.headers,
    )
    assert (twice.status_code, twice.json()["code"]) == (409, "report_resolved")


def test_hiding_an_evening_takes_it_out_of_lists_and_away_from_strangers(
    stack: Stack, gateway: httpx.Client, host: TestUser, watch_party_movie: dict
) -> None:
    guest, stranger = new_user(stack, name="Booked"), new_user(stack, name="Stranger")
    moderator = login(stack, MODERATOR.email)
    event = make_event(gateway, host, watch_party_movie, capacity=3)
    assert book(gateway, guest, event["id"]).status_code == 201
    made = report(
        gateway, stranger, target_type="event", target_id=event["id"], reason="Offensive description"
    )
    hidden = gateway.post(
        f"/booking/v1/reports/{made.json()['id']}/resolve",
        json={"action": "hide_event"},
        headers=moderator.headers,
    )
    assert hidden.status_code == 200, hidden.text
    assert gateway.get(f"/booking/v1/events/{event['id']}").status_code == 404
    assert gateway.get(f"/booking/v1/events/{event['id']}", headers=stranger.headers).status_code == 404
    assert gateway.get(f"/booking/v1/events/{event['id']}", headers=host.headers).status_code == 200
    assert gateway.get(f"/booking/v1/events/{event['id']}", headers=guest.headers).status_code == 200
    seen = gateway.get(f"/booking/v1/events/{event['id']}", headers=moderator.headers)
    assert seen.status_code == 200, "moderators still see what they hid, to judge further reports"
    assert seen.json()["place"].get("address") is None
    listed = gateway.get("/booking/v1/events", params={"host_id": str(host.id)}).json()["items"]
    assert event["id"] not in [e["id"] for e in listed]
    refused = book(gateway, stranger, event["id"])
    assert (refused.status_code, refused.json()["code"]) == (404, "event_not_found")


def test_a_ban_goes_through_auth_and_stops_the_person_booking(
    stack: Stack, gateway: httpx.Client, host: TestUser, watch_party_movie: dict
) -> None:
    troll, reporter = new_user(stack, name="Troll"), new_user(stack, name="Reporter")
    moderator = login(stack, MODERATOR.email)
    made = report(gateway, reporter, target_type="guest", target_id=str(troll.id), reason="Harassed a host")
    banned = gateway.post(
        f"/booking/v1/reports/{made.json()['id']}/resolve", json={"action": "ban"}, headers=moderator.headers
    )
    assert banned.status_code == 200, banned.text
    troll_account = gateway.get(f"/auth/v1/user_info/{troll.id}", headers=admin(stack).headers).json()
    assert "banned" in troll_account["groups"]
    event = make_event(gateway, host, watch_party_movie)
    refused = book(gateway, troll, event["id"])
    # The shared token check refuses a banned person's writes in every service (issue 15).
    assert (refused.status_code, refused.json()["code"]) == (403, "banned")
