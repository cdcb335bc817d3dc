"""The comparison point of bench/booking.py: a bare FastAPI endpoint running the booking service's
own SQL (the same repository calls, one transaction) with no auth, no logging, no cache, no idempotency.

    DATABASE_URL=... uvicorn bench.bare_app:app --workers 2
"""

import os
import uuid
from datetime import UTC, datetime

from fastapi import FastAPI, Header
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from booking_api.uow import BookingUnitOfWork
from common.db import Database

app = FastAPI()
database = Database(os.environ["DATABASE_URL"], pool_size=8, max_overflow=0, application_name="bench-bare")


class Body(BaseModel):
    seats: int


@app.post("/bare/events/{event_id}/bookings")
async def book(event_id: uuid.UUID, body: Body, x_guest: uuid.UUID = Header()) -> JSONResponse:
    now = datetime.now(UTC)
    booking_id = uuid.uuid4()
    # The same unit of work and statement the service uses for a booking without Idempotency-Key.
    async with BookingUnitOfWork(database.sessionmaker, database.autocommit_sessionmaker).autocommit() as uow:
        row = await uow.bookings.book(
            booking_id=booking_id,
            event_id=event_id,
            guest_id=x_guest,
            guest_name="",
            seats=body.seats,
            now=now,
        )
        if row is None:
            return JSONResponse({"code": "not_enough_seats"}, status_code=409)
        await uow.commit()
    return JSONResponse({"id": str(booking_id), "seats_left": row["seats_left"]}, status_code=201)
