"""Entry point: `uvicorn booking_api.main:create_app --factory`."""

from fastapi import FastAPI

from booking_api.config import get_settings
from common.app import create_service_app


def create_app() -> FastAPI:
    return create_service_app(
        settings=get_settings(),
        title="Kinoclub Booking API",
        description="Hosts' places and schedules, and seat bookings that never oversell.",
    )
