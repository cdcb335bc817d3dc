"""Entry point: `uvicorn notification.main:create_app --factory`."""

from fastapi import FastAPI

from common.app import create_service_app
from notification.config import get_settings


def create_app() -> FastAPI:
    return create_service_app(
        settings=get_settings(),
        title="Kinoclub Notification service",
        description="Delivers booking notifications by email and in-app inbox.",
    )
