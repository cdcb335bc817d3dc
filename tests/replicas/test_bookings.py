"""Bookings with three booking_api replicas: no overbooking, one booking per Idempotency-Key whichever
replicas its copies reach, and a replica killed in the middle of a booking load costs no booking and
doubles none."""

import os
import queue
import signal
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx

from devstack.stack import Stack
from tests.booking.conftest import BookingDb, make_event
from tests.booking.test_races import fire
from tests.factories import TestUser
from tests.replicas.conftest import REPLICAS, now, upstreams_since


def _bookings_of(db: BookingDb, event_id: str) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """(booking id, guest id) of every active booking of an event."""
    rows = db.fetch(
        "SELECT id, guest_id FROM bookings WHERE event_id = $1 AND status = 'active'", uuid.UUID(event_id)
    )
    return [(row["id"], row["guest_id"]) for row in rows]


def test_clients_racing_across_three_replicas_never_overbook(
    replicated: Stack,
    front: httpx.Client,
    host: TestUser,
    guests: list[TestUser],
    movie: dict,
    db: BookingDb,
) -> None:
    event = make_event(front, host, movie, capacity=10)
    since = now()
    answers = fire(
        replicated,
        [("POST", f"/booking/v1/events/{event['id']}/bookings", g, {"seats": 1}, {}) for g in guests],
    )
    assert Counter(r.status_code for r in answers) == {201: 10, 409: len(guests) - 10}
    assert db.seats(event["id"]) == (10, 10, 10)
    time.sleep(0.3)
    used = set(upstreams_since(replicated, since, f"/booking/v1/events/{event['id']}/bookings"))
    assert len(used) == REPLICAS, f"the race reached {used}, not every replica"


def test_negative_control_a_check_then_write_path_oversells_across_replicas(
    replicated: Stack,
    front: httpx.Client,
    host: TestUser,
    guests: list[TestUser],
    movie: dict,
    db: BookingDb,
) -> None:
    event = make_event(front, host, movie, capacity=10)
    path = f"/booking/v1/test-only/naive/events/{event['id']}/bookings"
    answers = fire(replicated, [("POST", path, guest, {}, {}) for guest in guests])
    assert sum(r.status_code == 201 for r in answers) > 10, "the race must be able to catch an oversell"
    assert db.seats(event["id"])[2] > 10


def test_the_same_idempotency_key_sent_to_every_replica_at_once_makes_one_booking(
    replicated: Stack, host: TestUser, guests: list[TestUser], movie: dict, db: BookingDb
) -> None:
    guest = guests[0]
    with httpx.Client(base_url=replicated.url, timeout=30) as front:
        event = make_event(front, host, movie, capacity=10)
    path = f"/booking/v1/events/{event['id']}/bookings"
    key = {"Idempotency-Key": f"replicas-{uuid.uuid4()}"}
    replicas = replicated.replicas("booking_api")

    # Straight at the replicas, bypassing nginx: 4 copies to each, all released at once.
    def send(running_name: str) -> httpx.Response:
        with httpx.Client(base_url=replicated.service_url(running_name), timeout=30) as client:
            barrier.wait()
            return client.post(path, json={"seats": 2}, headers={**guest.headers, **key})

    names = [r.name for r in replicas] * 4
    barrier = threading.Barrier(len(names))
    results: list[httpx.Response] = []
    threads = [threading.Thread(target=lambda n=n: results.append(send(n))) for n in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    statuses = Counter(r.status_code for r in results)
    assert set(statuses) <= {201, 409} and statuses[201] >= 1, statuses
    assert {r.json()["code"] for r in results if r.status_code == 409} <= {"request_in_progress"}
    assert len({r.json()["id"] for r in results if r.status_code == 201}) == 1
    # Once answered, every replica replays the same booking.
    booking_id = next(r.json()["id"] for r in results if r.status_code == 201)
    for running in replicas:
        with httpx.Client(base_url=replicated.service_url(running.name), timeout=30) as client:
            again = client.post(path, json={"seats": 2}, headers={**guest.headers, **key})
        assert (again.status_code, again.json()["id"]) == (201, booking_id), running.name
        assert again.headers["idempotent-replayed"] == "true"
    assert _bookings_of(db, event["id"]) == [(uuid.UUID(booking_id), guest.id)]
    assert db.seats(event["id"]) == (10, 2, 2)


@dataclass
class Intent:
    """One guest's wish for one booking, sent with one Idempotency-Key until it has a final answer."""

    guest: TestUser
    event_id: str
    key: str = field(default_factory=lambda: f"load-{uuid.uuid4()}")
    attempts: int = 0
    status: int | None = None
    body: dict[str, Any] = field(default_factory=dict)
    # What made it try again: 502/503/504 from nginx, 409 request_in_progress, a dropped connection.
    retried_after: list[str] = field(default_factory=list)


_AGAIN = {502, 503, 504}


def _settle(client: httpx.Client, intent: Intent, deadline: float) -> None:
    """Send the intent until it gets a final answer (201, or a 409 other than request_in_progress)."""
    while time.monotonic() < deadline:
        intent.attempts += 1
        try:
            response = client.post(
                f"/booking/v1/events/{intent.event_id}/bookings",
                json={"seats": 1},
                headers={**intent.guest.headers, "Idempotency-Key": intent.key},
            )
        except httpx.TransportError as exc:
            intent.retried_after.append(type(exc).__name__)
            time.sleep(0.2)
            continue
        body = response.json()
        if response.status_code in _AGAIN or body.get("code") == "request_in_progress":
            intent.retried_after.append(f"{response.status_code} {body.get('code')}")
            time.sleep(0.3)
            continue
        intent.status, intent.body = response.status_code, body
        return


def test_killing_a_booking_replica_during_a_booking_load_loses_and_doubles_nothing(
    replicated: Stack,
    front: httpx.Client,
    host: TestUser,
    guests: list[TestUser],
    movie: dict,
    db: BookingDb,
) -> None:
    # A contested evening (fewer seats than guests) and a roomy one: 120 bookings wished for.
    contested = make_event(front, host, movie, capacity=25)
    roomy = make_event(front, host, movie, capacity=100)
    intents = [Intent(guest, event["id"]) for event in (contested, roomy) for guest in guests]
    todo: queue.Queue[Intent] = queue.Queue()
    for intent in intents:
        todo.put(intent)
    done = threading.Semaphore(0)
    deadline = time.monotonic() + 90
    victim = replicated.services["booking_api.2"]
    assert victim.proc is not None

    def client_loop() -> None:
        with httpx.Client(base_url=replicated.url, timeout=30) as client:
            while True:
                try:
                    intent = todo.get_nowait()
                except queue.Empty:
                    return
                _settle(client, intent, deadline)
                done.release()

    # A reader meanwhile: a GET that gets no answer from the dying replica is retried on another one.
    # Only a GET whose answer had begun to flow when the replica died cannot be (nginx has passed part
    # of it on): the one reader has at most one such request in flight.
    reads: Counter[str] = Counter()
    reading = threading.Event()

    def reader() -> None:
        with httpx.Client(base_url=replicated.url, timeout=30) as client:
            while not reading.is_set():
                try:
                    reads[str(client.get(f"/booking/v1/events/{roomy['id']}").status_code)] += 1
                except httpx.TransportError as exc:
                    reads[f"cut off: {type(exc).__name__}"] += 1
                time.sleep(0.02)

    since = now()
    workers = [threading.Thread(target=client_loop) for _ in range(8)] + [threading.Thread(target=reader)]
    for worker in workers:
        worker.start()
    try:
        for _ in range(len(intents) // 4):
            done.acquire()
        # A quarter of the load is settled: the replica dies at once, requests in flight and all.
        os.killpg(victim.proc.pid, signal.SIGKILL)
        victim.proc.wait(10)
        killed_at = time.monotonic()
        reads_before_kill = reads["200"]
        for worker in workers[:-1]:
            worker.join()
    finally:
        reading.set()
        for worker in workers:
            worker.join()
        replicated.start_service("booking_api", replica=2)

    unsettled = [i for i in intents if i.status is None]
    assert not unsettled, f"{len(unsettled)} bookings never got an answer: {unsettled[0].retried_after}"
    assert time.monotonic() - killed_at < 80
    assert set(reads) <= {"200", "cut off: RemoteProtocolError", "cut off: ReadError"}, reads
    assert sum(reads.values()) - reads["200"] <= 1, f"reads during the kill: {reads}"
    assert reads["200"] > reads_before_kill, "the reader went on after the kill"

    for event, capacity in ((contested, 25), (roomy, 100)):
        mine = [i for i in intents if i.event_id == event["id"]]
        booked = {uuid.UUID(i.body["id"]): i.guest.id for i in mine if i.status == 201}
        refused = Counter(i.body["code"] for i in mine if i.status != 201)
        in_db = dict(_bookings_of(db, event["id"]))
        assert in_db == booked, "every confirmed booking exists, and nothing exists that was not confirmed"
        assert len(set(in_db.values())) == len(in_db), "no guest holds two bookings of one evening"
        assert len(booked) == min(capacity, len(guests))
        assert set(refused) <= {"not_enough_seats"}, refused
        assert db.seats(event["id"]) == (capacity, len(booked), len(booked))

    # The replica really was serving this load before it died, and nginx moved on without it.
    time.sleep(0.3)
    upstreams = upstreams_since(replicated, since, "/booking/v1/events/")
    victim_address = f"127.0.0.1:{victim.port}"
    assert any(u == victim_address for u in upstreams), "the killed replica served none of the load"
    retried = [u for u in upstreams if "," in u and victim_address in u.split(",")[0]]
    assert retried, "no request was retried on another replica after the kill"
    print(
        f"\n{len(intents)} bookings, {sum(i.attempts for i in intents)} attempts; retried after: "
        f"{Counter(r for i in intents for r in i.retried_after)}; nginx retries: {len(retried)}; "
        f"reads: {dict(reads)}"
    )
