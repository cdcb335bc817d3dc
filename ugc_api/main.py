"""Entry point: `uvicorn ugc_api.main:create_app --factory`."""

from fastapi import FastAPI

from common.app import create_service_app
from ugc_api.config import get_settings


def create_app() -> FastAPI:
    return create_service_app(
        settings=get_settings(),
        title="Kinoclub UGC API",
        description="Friends, film subscriptions, reviews and review likes.",
    )
