"""TEST-ONLY: a deliberately naive check-then-write booking path, mounted in the test stack alone.

It reads the seats, decides in Python, then writes the counter it computed: two requests that both
read "9 taken" both book the 10th seat. The negative-control race uses it to show that the race test
does catch oversells, and that the CHECK constraint alone would not stop them."""

import asyncio
import uuid

from fastapi import APIRouter, Request, Response
from sqlalchemy import text

from common.security import CurrentUser

router = APIRouter(prefix="/v1/test-only", include_in_schema=False)


@router.post("/naive/events/{event_id}/bookings")
async def naive_booking(event_id: uuid.UUID, user: CurrentUser, request: Request) -> Response:
    """Book one seat the wrong way."""
    async with request.app.state.db.sessionmaker() as session, session.begin():
        row = (
            await session.execute(
                text("SELECT capacity, seats_taken FROM events WHERE id = :id"), {"id": event_id}
            )
        ).one()
        if row.seats_taken + 1 > row.capacity:
            return Response(status_code=409)
        # The gap every check-then-write has (a network hop, other work); made visible on purpose.
        await asyncio.sleep(0.02)
        await session.execute(
            text("UPDATE events SET seats_taken = :taken WHERE id = :id"),
            {"taken": row.seats_taken + 1, "id": event_id},
        )
        await session.execute(
            text(
                "INSERT INTO bookings (id, event_id, guest_id, seats, status)"
                " VALUES (:id, :event_id, :guest_id, 1, 'active')"
            ),
            {"id": uuid.uuid4(), "event_id": event_id, "guest_id": user.user_id},
        )
    return Response(status_code=201)
