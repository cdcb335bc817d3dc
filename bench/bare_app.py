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

from booking_api.events.service import event_message
from booking_api.uow import BookingUnitOfWork
from common.db import Database

app = FastAPI()
database = Database(os.environ["DATABASE_URL"], pool_size=20, max_overflow=0, application_name="bench-bare")


class Body(BaseModel):
    seats: int


@app.post("/bare/events/{event_id}/bookings")
async def book(event_id: uuid.UUID, body: Body, x_guest: uuid.UUID = Header()) -> JSONResponse:
    now = datetime.now(UTC)
    # The same unit of work the service uses for a booking without Idempotency-Key: autocommit.
    async with BookingUnitOfWork(database.sessionmaker, database.autocommit_sessionmaker).autocommit() as uow:
        found = await uow.events.get_with_place(event_id)
        if found is None:
            return JSONResponse({"code": "event_not_found"}, status_code=404)
        event, place = found
        booking_id = uuid.uuid4()
        message = event_message(event, place)
        left = await uow.bookings.reserve(
            booking_id=booking_id,
            event_id=event_id,
            guest_id=x_guest,
            seats=body.seats,
            now=now,
            payload={**message, "booking_id": str(booking_id), "guest_id": str(x_guest), "seats": body.seats},
            full_payload={**message, "seats_left": 0},
        )
        if left is None:
            return JSONResponse({"code": "not_enough_seats"}, status_code=409)
        await uow.commit()
    return JSONResponse({"id": str(booking_id), "seats_left": left}, status_code=201)
