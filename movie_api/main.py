"""Entry point: `uvicorn movie_api.main:create_app --factory`."""

from fastapi import FastAPI

from common.app import create_service_app
from movie_api.config import get_settings


def create_app() -> FastAPI:
    return create_service_app(
        settings=get_settings(),
        title="Kinoclub Movie API",
        description="The film catalog, including the watch-party films that can be booked.",
    )
