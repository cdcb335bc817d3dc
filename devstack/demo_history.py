"""Past demo evenings with attendance and ratings, so scores, badges and reviews show on first start.

The booking API cannot make an evening in the past (a start must be 30 minutes to a year ahead), so
the launcher writes this history straight into the booking database, as booking itself would have
left it: events that ended (already announced), bookings with attendance, ratings both ways, revealed.
Only written when a demo host has no past evening yet."""

import asyncio
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg

from common.demo import DEMO_GUESTS, DEMO_HOSTS, DemoUser

# (days ago, film index, [(guest index, seats, attended, guest's score of the host, review, host's score)])
_EVENINGS: tuple[tuple[int, int, list[tuple[int, int, bool, int | None, str, int | None]]], ...] = (
    (
        27,
        2,
        [
            (0, 2, True, 5, "Тёплый вечер: чай, плед и разговор о фильме до полуночи.", 5),
            (1, 1, True, 5, "Отличный звук и очень радушная хозяйка. Приду ещё!", 5),
            (2, 1, False, None, "", None),
        ],
    ),
    (
        20,
        3,
        [
            (0, 1, True, 4, "Хороший выбор фильма, немного тесновато, но уютно.", 5),
            (2, 2, True, 5, "Лучший киновечер в городе, спасибо!", 4),
        ],
    ),
    (
        4,
        4,
        [
            (1, 2, True, 5, "Обсуждение после фильма — отдельное удовольствие.", 5),
            (2, 1, True, 4, "Всё понравилось, только начали на десять минут позже.", 5),
        ],
    ),
)


@dataclass(frozen=True)
class _Place:
    id: uuid.UUID
    capacity: int


def _plain_url(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


async def _write(database_url: str, films: list[dict[str, Any]], places: dict[uuid.UUID, _Place]) -> int:
    conn = await asyncpg.connect(_plain_url(database_url), timeout=10)
    made = 0
    try:
        now = datetime.now(UTC).replace(second=0, microsecond=0)
        for offset, host in enumerate(DEMO_HOSTS):
            place = places.get(host.id)
            if place is None:
                continue
            past = await conn.fetchval(
                "SELECT count(*) FROM events WHERE host_id = $1 AND starts_at < $2", host.id, now
            )
            if past:
                continue
            async with conn.transaction():
                for days, film_index, guests in _EVENINGS:
                    film = films[(film_index + offset * 3) % len(films)]
                    made += await _evening(
                        conn, host, place, film, now - timedelta(days=days + offset), guests
                    )
    finally:
        await conn.close()
    return made


async def _evening(
    conn: asyncpg.Connection,
    host: DemoUser,
    place: _Place,
    film: dict[str, Any],
    starts_at: datetime,
    guests: list[tuple[int, int, bool, int | None, str, int | None]],
) -> int:
    event_id = uuid.uuid4()
    ends_at = starts_at + timedelta(minutes=film["duration_minutes"] + 30)
    taken = sum(seats for _, seats, *_rest in guests)
    await conn.execute(
        """INSERT INTO events (id, host_id, host_name, movie_id, movie_title, duration_minutes, place_id,
                               starts_at, ends_at, capacity, seats_taken, description, status,
                               ended_notified_at, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'scheduled', $9, $13, $9)""",
        event_id,
        host.id,
        host.name,
        uuid.UUID(film["id"]),
        film["title"],
        film["duration_minutes"],
        place.id,
        starts_at,
        ends_at,
        max(taken, min(place.capacity, 10)),
        taken,
        f"{film['title']}: чай и обсуждение после фильма.",
        starts_at - timedelta(days=10),
    )
    window_closes = ends_at + timedelta(days=14)
    for guest_index, seats, came, guest_score, review, host_score in guests:
        guest = DEMO_GUESTS[guest_index]
        await conn.execute(
            """INSERT INTO bookings (id, event_id, guest_id, seats, status, attendance, attendance_marked_at,
                                     created_at, updated_at)
               VALUES ($1, $2, $3, $4, 'active', $5, $6, $7, $6)""",
            uuid.uuid4(),
            event_id,
            guest.id,
            seats,
            "attended" if came else "no_show",
            ends_at + timedelta(hours=1),
            starts_at - timedelta(days=5),
        )
        if not came:
            continue
        rated_at = ends_at + timedelta(hours=20)
        for rater, ratee, role, score, text in (
            (guest, host, "host", guest_score, review),
            (host, guest, "guest", host_score, None),
        ):
            if score is None:
                continue
            await conn.execute(
                """INSERT INTO ratings (id, event_id, rater_id, ratee_id, role, score, text, window_closes_at,
                                        revealed_at, created_at, updated_at)
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $9)""",
                uuid.uuid4(),
                event_id,
                rater.id,
                ratee.id,
                role,
                score,
                text or None,
                window_closes,
                rated_at + timedelta(hours=1),
            )
    return 1


def write_history(
    database_url: str, films: list[dict[str, Any]], places: dict[uuid.UUID, dict[str, Any]]
) -> int:
    """Write the past evenings of the demo hosts that have none; how many evenings were written."""
    known = {host: _Place(uuid.UUID(str(p["id"])), int(p["capacity"])) for host, p in places.items()}
    return asyncio.run(_write(database_url, films, known))
