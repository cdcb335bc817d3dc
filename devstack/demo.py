"""Demo places, weekly screenings and bookings, made through the public APIs as the demo people would,
and past evenings with attendance and ratings (devstack/demo_history.py), so that scores and reviews
show on first start.

Runs after the services are up, on every `make run` with demo data on; it only adds what is missing
(a host with upcoming screenings is left alone), so restarts do not pile up events."""

import logging
from typing import Any

import httpx

from common.demo import DEMO_GUESTS, DEMO_HOSTS, DEMO_PASSWORD, DemoUser
from devstack.demo_history import write_history

logger = logging.getLogger(__name__)

_PLACES = {
    DEMO_HOSTS[0].id: {
        "name": "Лофт Анны",
        "address": "ул. Покровка, 12, кв. 7",
        "city": "Москва",
        "latitude": 55.7590,
        "longitude": 37.6446,
        "capacity": 12,
        "notes": "Код домофона 47. Возьмите тапочки.",
    },
    DEMO_HOSTS[1].id: {
        "name": "Садовый кинотеатр Бориса",
        "address": "Каменноостровский пр., 26",
        "city": "Санкт-Петербург",
        "latitude": 59.9633,
        "longitude": 30.3117,
        "capacity": 8,
        "notes": "Проектор в саду, пледы дадим.",
    },
}
_WEEKLY = {
    DEMO_HOSTS[0].id: {"weekday": "friday", "time": "19:30", "timezone": "Europe/Moscow", "count": 4},
    DEMO_HOSTS[1].id: {"weekday": "saturday", "time": "18:00", "timezone": "Europe/Moscow", "count": 4},
}


def _check(response: httpx.Response) -> Any:
    if response.status_code >= 400:
        raise RuntimeError(
            f"{response.request.method} {response.request.url}: {response.status_code} {response.text}"
        )
    return response.json() if response.content else None


def _sign_in(auth: httpx.Client, user: DemoUser) -> dict[str, str]:
    tokens = _check(auth.post("/auth/v1/login", json={"email": user.email, "password": DEMO_PASSWORD}))
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def seed(*, auth_url: str, booking_url: str, movie_url: str, booking_database_url: str | None = None) -> int:
    """Create what the demo is missing; the number of screenings made."""
    made = 0
    with (
        httpx.Client(base_url=auth_url, timeout=10) as auth,
        httpx.Client(base_url=booking_url, timeout=30) as booking,
        httpx.Client(base_url=movie_url, timeout=10) as movies,
    ):
        films = _check(movies.get("/movie_api/v1/movies", params={"watch_party": "true", "size": 10}))[
            "items"
        ]
        if len(films) < 2:
            logger.warning("demo: fewer than two watch-party films, skipping screenings")
            return 0
        events: list[dict[str, Any]] = []
        places: dict[Any, dict[str, Any]] = {}
        for host in DEMO_HOSTS:
            headers = _sign_in(auth, host)
            mine = _check(booking.get("/booking/v1/places", headers=headers))["items"]
            places[host.id] = (
                mine[0]
                if mine
                else _check(booking.post("/booking/v1/places", json=_PLACES[host.id], headers=headers))
            )
        if booking_database_url:
            written = write_history(booking_database_url, films, places)
            if written:
                logger.info("demo: %d past evenings with attendance and ratings", written)
        for index, host in enumerate(DEMO_HOSTS):
            headers = _sign_in(auth, host)
            upcoming = _check(booking.get(f"/booking/v1/hosts/{host.id}/events", params={"size": 100}))
            if upcoming["total"]:
                events.extend(upcoming["items"])
                continue
            place = places[host.id]
            schedule = _check(
                booking.post(
                    "/booking/v1/schedules",
                    json={
                        "movie_id": films[index]["id"],
                        "place_id": place["id"],
                        "capacity": min(place["capacity"], 10),
                        "description": f"«{films[index]['title']}»: чай и короткое обсуждение после фильма.",
                        "weekly": _WEEKLY[host.id],
                    },
                    headers=headers,
                )
            )
            events.extend(schedule["events"])
            made += len(schedule["events"])
        for guest, event in zip(DEMO_GUESTS, events[::2], strict=False):
            headers = _sign_in(auth, guest)
            active = _check(
                booking.get("/booking/v1/bookings", params={"status": "active", "size": 100}, headers=headers)
            )["items"]
            if any(b["event"]["status"] == "scheduled" for b in active):
                continue
            response = booking.post(
                f"/booking/v1/events/{event['id']}/bookings",
                json={"seats": 2},
                headers={**headers, "Idempotency-Key": f"demo-{guest.id}-{event['id']}"},
            )
            if response.status_code not in (201, 409):
                _check(response)
    return made
