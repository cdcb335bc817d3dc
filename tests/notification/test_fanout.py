"""A new screening is announced to the host's friends and the film's subscribers: once per person per
screening, never to the host; with UGC down the announcement waits and goes out when it is back."""

import json
import uuid
from datetime import timedelta

import httpx

from common.clock import FakeClock
from common.events import Envelope
from devstack.stack import Stack
from notification.events.service import ingest
from notification.fanout.service import FanoutPolicy, run_fanout
from tests.booking.conftest import make_event
from tests.factories import TestUser, new_user, service_headers
from tests.notification.conftest import (
    InProcess,
    Sql,
    envelope,
    eventually,
    far_future_clock_start,
    inbox,
    kinds_for,
    mail_kinds,
    quiet_worker,
    screening,
)


def _befriend(gateway: httpx.Client, a: TestUser, b: TestUser) -> None:
    for one, other in ((a, b), (b, a)):
        response = gateway.put(f"/ugc/v1/me/friends/{other.id}", headers=one.headers)
        assert response.status_code == 200, response.text


def _subscribe(gateway: httpx.Client, user: TestUser, movie_id: str) -> None:
    response = gateway.put(f"/ugc/v1/movies/{movie_id}/subscription", headers=user.headers)
    assert response.status_code in {200, 201}, response.text


def test_a_new_screening_is_announced_once_to_friends_and_subscribers_and_never_to_the_host(
    stack: Stack, gateway: httpx.Client, booking_sql: Sql, notification_sql: Sql, movie: dict
) -> None:
    host = new_user(stack, name="Host Vika")
    friend, friend_and_fan, fan, stranger = (new_user(stack) for _ in range(4))
    for person in (friend, friend_and_fan):
        _befriend(gateway, host, person)
    for person in (friend_and_fan, fan, host):
        _subscribe(gateway, person, movie["id"])

    event = make_event(gateway, host, movie, capacity=6)

    for person in (friend, friend_and_fan, fan):
        eventually(lambda p=person: kinds_for(gateway, p, event["id"]), what=f"{person.name}'s announcement")
    row = booking_sql.fetch(
        "SELECT id, type, occurred_at, request_id, payload FROM outbox WHERE aggregate_id = $1 AND type = $2",
        uuid.UUID(event["id"]),
        "event.created",
    )[0]
    again = gateway.post(
        "/notification/v1/events",
        json={
            "id": str(row["id"]),
            "type": row["type"],
            "occurred_at": row["occurred_at"].isoformat(),
            "request_id": row["request_id"],
            "data": json.loads(row["payload"]),
        },
        headers=service_headers(stack, "booking_api"),
    )
    assert (again.status_code, again.json()["status"]) == (200, "duplicate")
    jobs = notification_sql.value(
        "SELECT count(*) FROM fanout_jobs WHERE event_id = $1", uuid.UUID(event["id"])
    )
    assert jobs == 1

    for person in (friend, friend_and_fan, fan):
        assert kinds_for(gateway, person, event["id"]) == {"new_watch_party": 1}, person.name
        eventually(
            lambda p=person: mail_kinds(stack, p.email, event["id"]) == {"new_watch_party": 1},
            what=f"{person.name}'s email",
        )
    assert kinds_for(gateway, host, event["id"]) == {}
    assert kinds_for(gateway, stranger, event["id"]) == {}
    assert mail_kinds(stack, host.email, event["id"]) == {}
    as_friend = next(i for i in inbox(gateway, friend)["items"] if i["event_id"] == event["id"])
    as_fan = next(i for i in inbox(gateway, fan)["items"] if i["event_id"] == event["id"])
    assert as_friend["title"] == f"Новый просмотр «{movie['title']}» у Host Vika"
    assert "Ваш друг Host Vika" in as_friend["body"]
    assert "на который вы подписаны" in as_fan["body"]
    assert "Tverskaya" not in as_fan["body"], "the address is for booked guests only"


async def test_with_ugc_down_the_announcement_waits_and_goes_out_when_it_is_back(
    stack: Stack, gateway: httpx.Client, notification_sql: Sql, inproc: InProcess
) -> None:
    host, friend = new_user(stack), new_user(stack)
    _befriend(gateway, host, friend)
    quiet_worker(notification_sql)
    clock = FakeClock(far_future_clock_start())
    event = screening(host_id=host.id, starts_at=clock.now() + timedelta(days=5))
    await ingest(
        uow=inproc.uow(),
        clock=clock,
        links=inproc.links,
        envelope=Envelope.model_validate(envelope("event.created", event)),
        source="booking_api",
        allowed_sources=["booking_api"],
    )
    policy = FanoutPolicy(backoff_base_seconds=10, backoff_max_seconds=60)

    async def job() -> dict:
        rows = await notification_sql.afetch(
            "SELECT status, attempts, next_attempt_at, last_error FROM fanout_jobs WHERE event_id = $1",
            uuid.UUID(event["event_id"]),
        )
        return dict(rows[0])

    stack.stop_service("ugc_api")
    try:
        await run_fanout(
            uow_factory=inproc.uow, audience=inproc.audience, clock=clock, links=inproc.links, policy=policy
        )
    finally:
        stack.start_service("ugc_api")
    waiting = await job()
    assert (waiting["status"], waiting["attempts"]) == ("pending", 1)
    assert waiting["next_attempt_at"] == clock.now() + timedelta(seconds=10)
    assert "ugc" in waiting["last_error"]

    clock.advance(timedelta(seconds=9))
    await run_fanout(
        uow_factory=inproc.uow, audience=inproc.audience, clock=clock, links=inproc.links, policy=policy
    )
    assert (await job())["status"] == "pending", "not before its next attempt"
    clock.advance(timedelta(seconds=1))
    await run_fanout(
        uow_factory=inproc.uow, audience=inproc.audience, clock=clock, links=inproc.links, policy=policy
    )
    assert (await job())["status"] == "done"
    assert kinds_for(gateway, friend, event["event_id"]) == {"new_watch_party": 1}


def test_a_private_screening_is_announced_to_friends_only_or_to_nobody(
    stack: Stack, gateway: httpx.Client, notification_sql: Sql, movie: dict
) -> None:
    host = new_user(stack, name="Host Lena")
    friend, fan = new_user(stack), new_user(stack)
    _befriend(gateway, host, friend)
    _subscribe(gateway, fan, movie["id"])
    for_friends = make_event(gateway, host, movie, capacity=4, visibility="friends")
    by_invitation = make_event(gateway, host, movie, capacity=4, visibility="invite")
    unlisted = make_event(gateway, host, movie, capacity=4, visibility="unlisted")
    public = make_event(gateway, host, movie, capacity=4)

    # The public one is announced to both; by the time the fan has it, every earlier job is done too.
    eventually(lambda: kinds_for(gateway, fan, public["id"]), what="the fan's announcement")
    eventually(lambda: kinds_for(gateway, friend, for_friends["id"]), what="the friend's announcement")
    assert kinds_for(gateway, fan, for_friends["id"]) == {}, "film subscribers are not the host's friends"
    for private in (by_invitation, unlisted):
        assert kinds_for(gateway, friend, private["id"]) == {}
        assert kinds_for(gateway, fan, private["id"]) == {}
        assert (
            notification_sql.value(
                "SELECT count(*) FROM fanout_jobs WHERE event_id = $1", uuid.UUID(private["id"])
            )
            == 0
        )
    audience = notification_sql.value(
        "SELECT audience FROM fanout_jobs WHERE event_id = $1", uuid.UUID(for_friends["id"])
    )
    assert audience == "friends"
