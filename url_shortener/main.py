"""Entry point: `uvicorn url_shortener.main:create_app --factory`."""

from fastapi import FastAPI

from common.app import create_service_app
from url_shortener.config import get_settings


def create_app() -> FastAPI:
    return create_service_app(
        settings=get_settings(),
        title="Kinoclub URL shortener",
        description="Short share links for events (`/s/{code}` redirects).",
    )
