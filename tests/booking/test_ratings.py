"""Ratings of hosts and guests: attendance, who rates whom, blind reveal, scores, requirements, moderation.

Time moves with the stack's injectable clock (TEST_CLOCK_FILE): no test sleeps for an evening to end."""

import asyncio
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta

import httpx
import pytest

from booking_api.core.scores import bayesian, no_show_rate
from booking_api.housekeeping.jobs import Done, run_housekeeping
from booking_api.uow import BookingUnitOfWork
from common.clock import FakeClock
from common.db import Database
from common.demo import DEMO_USERS
from devstack.stack import Stack
from tests.booking.conftest import BookingDb, future, make_event, make_place
from tests.conftest import TimeTravel
from tests.factories import TestUser, login, new_user

MODERATOR = next(u for u in DEMO_USERS if "moderator" in u.groups)


class Evening:
    """An event of `host` with booked `guests`, and helpers to act at a moment of it."""

    def __init__(
        self, gateway: httpx.Client, host: TestUser, guests: list[TestUser], movie: dict, *, days: float = 2
    ):
        self.gateway = gateway
        self.host = host
        self.event = make_event(gateway, host, movie, capacity=5, starts_at=future(days=days))
        self.id = self.event["id"]
        self.start = datetime.fromisoformat(self.event["starts_at"])
        self.end = datetime.fromisoformat(self.event["ends_at"])
        self.bookings = {}
        for guest in guests:
            response = gateway.post(
                f"/booking/v1/events/{self.id}/bookings", json={"seats": 1}, headers=guest.headers
            )
            assert response.status_code == 201, response.text
            self.bookings[guest.id] = response.json()["id"]

    def settle(self, time_travel: TimeTravel, marks: dict[uuid.UUID, bool], *, after_end: timedelta) -> None:
        """The host marks attendance just after the start; then time moves to `after_end` past the end."""
        time_travel.to(self.start + timedelta(minutes=10))
        assert self.mark(self.host, marks).status_code == 200
        time_travel.to(self.end + after_end)

    def mark(self, user: TestUser, marks: dict[uuid.UUID, bool]) -> httpx.Response:
        body = {"marks": [{"booking_id": self.bookings[g], "attended": a} for g, a in marks.items()]}
        return self.gateway.post(f"/booking/v1/events/{self.id}/attendance", json=body, headers=user.headers)

    def rate(
        self, rater: TestUser, ratee: TestUser | uuid.UUID, score: int, text: str | None = None
    ) -> httpx.Response:
        ratee_id = ratee.id if isinstance(ratee, TestUser) else ratee
        body = {"ratee_id": str(ratee_id), "score": score, **({"text": text} if text else {})}
        return self.gateway.post(f"/booking/v1/events/{self.id}/ratings", json=body, headers=rater.headers)

    def mine(self, user: TestUser) -> httpx.Response:
        return self.gateway.get(f"/booking/v1/events/{self.id}/ratings", headers=user.headers)


def ratings_of(gateway: httpx.Client, user: TestUser) -> dict:
    response = gateway.get(f"/booking/v1/users/{user.id}/ratings")
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def guests(stack: Stack) -> list[TestUser]:
    return [new_user(stack, name=f"Guest {i}") for i in range(3)]


def test_scores_match_an_example_worked_by_hand() -> None:
    # Prior 4.0 worth 5 ratings: two 5s give (5*4 + 10) / 7 = 4.2857.
    assert bayesian(2, 10) == 4.29
    # 5, 5, 4: (20 + 14) / 8 = 4.25, while the plain average is 4.67.
    assert bayesian(3, 14) == 4.25
    assert bayesian(0, 0) == 4.0
    assert no_show_rate(attended=3, no_shows=1) == 0.25
    assert no_show_rate(0, 0) is None


def test_nothing_is_rated_before_the_end_and_attendance_opens_at_the_start(
    gateway: httpx.Client,
    host: TestUser,
    guests: list[TestUser],
    watch_party_movie: dict,
    time_travel: TimeTravel,
) -> None:
    evening = Evening(gateway, host, guests[:1], watch_party_movie)
    early = evening.mark(host, {guests[0].id: True})
    assert (early.status_code, early.json()["code"]) == (409, "attendance_not_open")
    time_travel.to(evening.start + timedelta(minutes=5))
    assert evening.mark(guests[0], {guests[0].id: True}).json()["code"] == "not_your_event"
    marked = evening.mark(host, {guests[0].id: True})
    assert marked.status_code == 200
    assert marked.json()[0]["attendance"] == "attended"
    guest_list = gateway.get(f"/booking/v1/events/{evening.id}/bookings", headers=host.headers).json()
    assert [g["attendance"] for g in guest_list["guests"]] == ["attended"]
    recent = gateway.get("/booking/v1/events", params={"host_id": str(host.id), "when": "past"}).json()
    assert [e["id"] for e in recent["items"]] == [evening.id], (
        "a started evening is among the host's past ones"
    )
    upcoming = gateway.get("/booking/v1/events", params={"host_id": str(host.id)}).json()
    assert evening.id not in [e["id"] for e in upcoming["items"]]
    too_soon = evening.rate(guests[0], host, 5)
    assert (too_soon.status_code, too_soon.json()["code"]) == (409, "rating_window_not_open")


def test_a_guest_who_rates_before_the_end_is_told_the_window_is_not_open_not_that_they_did_not_attend(
    stack: Stack,
    gateway: httpx.Client,
    host: TestUser,
    guests: list[TestUser],
    watch_party_movie: dict,
    time_travel: TimeTravel,
) -> None:
    # Before the end nobody has attended yet: an unmarked guest must hear "not yet" (docs/ratings.md),
    # before the evening and during it alike; a stranger still learns only that they took no part.
    guest = guests[0]
    evening = Evening(gateway, host, [guest], watch_party_movie)
    for moment in (evening.start - timedelta(hours=1), evening.start + timedelta(minutes=30)):
        time_travel.to(moment)
        early = evening.rate(guest, host, 5)
        assert (early.status_code, early.json()["code"]) == (409, "rating_window_not_open"), moment
        assert early.json()["opens_at"].startswith(evening.end.strftime("%Y-%m-%dT%H:%M"))
        assert evening.rate(host, guest, 5).json()["code"] == "rating_window_not_open"
        assert evening.rate(new_user(stack), host, 1).json()["code"] == "not_part_of_event"
    time_travel.to(evening.end + timedelta(hours=49))
    assert evening.rate(guest, host, 5).status_code == 201, "the same guest rates once the window is open"


def test_who_rates_whom_after_the_evening(
    stack: Stack,
    gateway: httpx.Client,
    host: TestUser,
    guests: list[TestUser],
    watch_party_movie: dict,
    time_travel: TimeTravel,
) -> None:
    came, missed = guests[0], guests[1]
    evening = Evening(gateway, host, [came, missed], watch_party_movie)
    evening.settle(time_travel, {came.id: True, missed.id: False}, after_end=timedelta(hours=1))

    assert evening.rate(came, host, 5, "Lovely evening").status_code == 201
    assert evening.rate(missed, host, 1).json()["code"] == "did_not_attend"
    stranger = new_user(stack)
    assert evening.rate(stranger, host, 1).json()["code"] == "not_part_of_event"
    assert evening.rate(came, missed, 3).json()["code"] == "not_rateable", "guests rate the host only"
    assert evening.rate(host, missed, 1).json()["code"] == "not_rateable", "no-shows are not rated"
    assert evening.rate(host, host, 5).json()["code"] == "not_rateable"
    assert evening.rate(came, host, 6).status_code == 422
    assert evening.rate(came, host, 5, "x" * 1001).status_code == 422
    edited = evening.rate(came, host, 4, "Lovely evening, a bit cold")
    assert (edited.status_code, edited.json()["score"]) == (200, 4)

    locked = evening.mark(host, {came.id: False})
    assert (locked.status_code, locked.json()["code"]) == (409, "attendance_locked")
    host_view = evening.mine(host).json()
    assert host_view["can_rate"] == [{"ratee_id": str(came.id), "role": "guest"}]
    assert host_view["given"] == []


def test_a_rating_stays_blind_until_both_sides_rated(
    gateway: httpx.Client,
    host: TestUser,
    guests: list[TestUser],
    watch_party_movie: dict,
    time_travel: TimeTravel,
) -> None:
    guest = guests[0]
    evening = Evening(gateway, host, [guest], watch_party_movie)
    evening.settle(time_travel, {guest.id: True}, after_end=timedelta(hours=2))
    evening.rate(guest, host, 2, "The projector kept failing")

    hidden = ratings_of(gateway, host)
    assert (hidden["as_host"]["count"], hidden["reviews"], hidden["total"]) == (0, [], 0)
    assert (
        "projector" not in gateway.get(f"/booking/v1/events/{evening.id}/ratings", headers=host.headers).text
    )
    assert "projector" not in gateway.get(f"/booking/v1/events/{evening.id}").text
    assert (
        "projector" not in gateway.get(f"/booking/v1/events/{evening.id}/bookings", headers=host.headers).text
    )
    assert "projector" not in gateway.get("/booking/v1/hosts", params={"sort": "score"}).text
    mine = evening.mine(guest).json()["given"]
    assert mine[0]["text"] == "The projector kept failing" and mine[0]["revealed"] is False

    evening.rate(host, guest, 5, "A delight")
    shown = ratings_of(gateway, host)
    assert shown["as_host"] == {"score": 3.67, "average": 2.0, "count": 1, "is_new": True}
    assert [r["text"] for r in shown["reviews"]] == ["The projector kept failing"]
    assert ratings_of(gateway, guest)["reviews"][0]["text"] == "A delight"
    assert evening.mine(guest).json()["given"][0]["revealed"] is True
    retaliation = evening.rate(host, guest, 1, "Actually awful")
    assert (retaliation.status_code, retaliation.json()["code"]) == (409, "rating_locked")
    assert ratings_of(gateway, guest)["reviews"][0]["text"] == "A delight", (
        "a revealed rating stays as it was"
    )


def test_the_window_closing_reveals_a_one_sided_rating_and_ends_writing(
    stack: Stack,
    gateway: httpx.Client,
    host: TestUser,
    guests: list[TestUser],
    watch_party_movie: dict,
    time_travel: TimeTravel,
    booking_db: BookingDb,
) -> None:
    guest = guests[0]
    evening = Evening(gateway, host, [guest], watch_party_movie)
    evening.settle(time_travel, {guest.id: True}, after_end=timedelta(days=13, hours=23))
    evening.rate(guest, host, 3, "Fine")
    assert ratings_of(gateway, host)["as_host"]["count"] == 0

    closed_at = evening.end + timedelta(days=14)
    time_travel.to(closed_at + timedelta(minutes=1))
    assert ratings_of(gateway, host)["as_host"]["count"] == 1, "visible once the window closed"
    late = evening.rate(host, guest, 5)
    assert (late.status_code, late.json()["code"]) == (409, "rating_window_closed")

    # Either this round or the service's own loop (every 15 s, at the moved clock) reveals it: once.
    housekeeping_at(stack, closed_at + timedelta(minutes=1))
    types = [
        r["type"]
        for r in booking_db.fetch(
            "SELECT type FROM outbox WHERE aggregate_id = $1 ORDER BY seq", uuid.UUID(evening.id)
        )
    ]
    assert "event.ended" in types
    assert types.count("rating.revealed") == 1


def housekeeping_at(stack: Stack, moment: datetime) -> Done:
    async def run() -> Done:
        database = Database(stack.database_urls["booking_api"], pool_size=1, max_overflow=0)
        try:
            return await run_housekeeping(
                uow=BookingUnitOfWork(database.sessionmaker), clock=FakeClock(moment)
            )
        finally:
            await database.dispose()

    return asyncio.run(run())


def test_an_unmarked_guest_counts_as_attended_48_hours_after_the_end(
    gateway: httpx.Client,
    host: TestUser,
    guests: list[TestUser],
    watch_party_movie: dict,
    time_travel: TimeTravel,
) -> None:
    guest = guests[0]
    evening = Evening(gateway, host, [guest], watch_party_movie)
    time_travel.to(evening.end + timedelta(hours=1))
    assert evening.rate(guest, host, 4).json()["code"] == "did_not_attend", "not settled yet"
    time_travel.to(evening.end + timedelta(hours=49))
    assert evening.rate(guest, host, 4).status_code == 201
    assert evening.mark(host, {guest.id: False}).json()["code"] == "attendance_not_open"


def test_host_score_from_three_guests_matches_the_worked_example_and_shows_on_event_and_hosts(
    stack: Stack,
    gateway: httpx.Client,
    host: TestUser,
    guests: list[TestUser],
    watch_party_movie: dict,
    time_travel: TimeTravel,
) -> None:
    evening = Evening(gateway, host, guests, watch_party_movie)
    evening.settle(time_travel, {g.id: True for g in guests}, after_end=timedelta(hours=1))
    for guest, score in zip(guests, (5, 5, 4), strict=True):
        evening.rate(guest, host, score)
        evening.rate(host, guest, 5)
    scores = ratings_of(gateway, host)["as_host"]
    assert scores == {"score": 4.25, "average": 4.67, "count": 3, "is_new": False}
    later = make_event(gateway, host, watch_party_movie, starts_at=future(days=9))
    detail = gateway.get(f"/booking/v1/events/{later['id']}").json()
    assert detail["host"]["rating"] == {"score": 4.25, "average": 4.67, "count": 3, "is_new": False}
    listed = gateway.get("/booking/v1/events", params={"host_id": str(host.id)}).json()["items"]
    assert listed[0]["host"]["rating"]["score"] == 4.25


def test_hosts_can_be_sorted_by_score(
    stack: Stack, gateway: httpx.Client, watch_party_movie: dict, time_travel: TimeTravel
) -> None:
    city = f"Score-{uuid.uuid4().hex[:6]}"
    good, poor = new_user(stack, name="Good Host"), new_user(stack, name="Poor Host")
    guest = new_user(stack)
    for days, (host_user, score) in zip((2, 4), ((poor, 1), (good, 5)), strict=True):
        evening = Evening(gateway, host_user, [guest], watch_party_movie, days=days)
        evening.settle(time_travel, {guest.id: True}, after_end=timedelta(hours=1))
        evening.rate(guest, host_user, score)
        evening.rate(host_user, guest, 5)
    for host_user in (poor, good):
        place = make_place(gateway, host_user, city=city)
        make_event(gateway, host_user, watch_party_movie, place=place, starts_at=future(days=10))
    by_time = gateway.get("/booking/v1/hosts", params={"city": city}).json()["items"]
    by_score = gateway.get("/booking/v1/hosts", params={"city": city, "sort": "score"}).json()["items"]
    assert [h["name"] for h in by_score] == ["Good Host", "Poor Host"]
    assert [h["rating"]["count"] for h in by_score] == [1, 1]
    assert {h["name"] for h in by_time} == {"Good Host", "Poor Host"}


def test_host_requirements_keep_out_low_rated_and_no_show_guests_but_let_new_ones_in(
    stack: Stack, gateway: httpx.Client, host: TestUser, watch_party_movie: dict, time_travel: TimeTravel
) -> None:
    rude, absent, fresh = new_user(stack), new_user(stack), new_user(stack)
    evening = Evening(gateway, host, [rude, absent], watch_party_movie)
    evening.settle(time_travel, {rude.id: True, absent.id: False}, after_end=timedelta(hours=1))
    evening.rate(host, rude, 1, "Shouted at the screen")
    evening.rate(rude, host, 3)

    strict = make_event(
        gateway, host, watch_party_movie, starts_at=future(days=8), min_guest_rating=3.8, max_no_show_rate=0.5
    )
    path = f"/booking/v1/events/{strict['id']}/bookings"
    refused = gateway.post(path, json={"seats": 1}, headers=rude.headers)
    assert (refused.status_code, refused.json()["code"]) == (403, "guest_requirements_not_met")
    assert refused.json()["your_rating"] == 3.5  # (5 * 4 + 1) / 6
    no_show = gateway.post(path, json={"seats": 1}, headers=absent.headers)
    assert (no_show.status_code, no_show.json()["your_no_show_rate"]) == (403, 1.0)
    assert gateway.post(path, json={"seats": 1}, headers=fresh.headers).status_code == 201


def test_moderator_hides_a_review_text_the_score_stays_and_the_author_is_told(
    stack: Stack,
    gateway: httpx.Client,
    host: TestUser,
    guests: list[TestUser],
    watch_party_movie: dict,
    time_travel: TimeTravel,
    booking_db: BookingDb,
) -> None:
    guest = guests[0]
    evening = Evening(gateway, host, [guest], watch_party_movie)
    evening.settle(time_travel, {guest.id: True}, after_end=timedelta(hours=1))
    rating_id = evening.rate(guest, host, 1, "Something rude").json()["id"]
    evening.rate(host, guest, 4)

    refused = gateway.post(
        f"/booking/v1/ratings/{rating_id}/hide", json={"reason": "Insults"}, headers=guest.headers
    )
    assert (refused.status_code, refused.json()["code"]) == (403, "not_a_moderator")
    moderator = login(stack, MODERATOR.email)
    hidden = gateway.post(
        f"/booking/v1/ratings/{rating_id}/hide", json={"reason": "Insults"}, headers=moderator.headers
    )
    assert hidden.status_code == 200, hidden.text
    again = gateway.post(
        f"/booking/v1/ratings/{rating_id}/hide", json={"reason": "Insults"}, headers=moderator.headers
    )
    assert again.status_code == 200
    review = ratings_of(gateway, host)["reviews"][0]
    assert (review["text"], review["text_hidden"], review["hidden_reason"], review["score"]) == (
        None,
        True,
        "Insults",
        1,
    )
    assert ratings_of(gateway, host)["as_host"]["count"] == 1
    told = booking_db.fetch(
        "SELECT payload FROM outbox WHERE type = 'rating.hidden' AND aggregate_id = $1", uuid.UUID(evening.id)
    )
    assert len(told) == 1 and str(guest.id) in told[0]["payload"]


def test_evening_end_is_announced_once_for_the_rate_your_evening_message(
    stack: Stack,
    gateway: httpx.Client,
    host: TestUser,
    guests: list[TestUser],
    watch_party_movie: dict,
    booking_db: BookingDb,
) -> None:
    evening = Evening(gateway, host, guests[:2], watch_party_movie)
    first = housekeeping_at(stack, evening.end + timedelta(minutes=1))
    second = housekeeping_at(stack, evening.end + timedelta(minutes=2))
    assert first.events_ended >= 1
    rows = booking_db.fetch(
        "SELECT payload FROM outbox WHERE type = 'event.ended' AND aggregate_id = $1", uuid.UUID(evening.id)
    )
    assert len(rows) == 1, "announced exactly once"
    assert second.events_ended == 0 or len(rows) == 1


@pytest.fixture(autouse=True)
def _no_leftover_offset(time_travel: TimeTravel) -> Iterator[None]:
    yield
