"""Entry point: `uvicorn auth_api.main:create_app --factory`."""

from fastapi import FastAPI

from auth_api.config import get_settings
from common.app import create_service_app


def create_app() -> FastAPI:
    return create_service_app(
        settings=get_settings(),
        title="Kinoclub Auth API",
        description="Users, groups, sign-in and the public keys every service verifies tokens with.",
    )
