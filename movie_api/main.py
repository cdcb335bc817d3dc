"""Entry point: `uvicorn movie_api.main:create_app --factory`."""

from fastapi import FastAPI

from common.app import create_service_app
from movie_api.config import get_settings
from movie_api.movies.router import router as movies_router
from movie_api.movies.service import CatalogVersion

DESCRIPTION = """The film catalog, including the watch-party films that can be booked.

The catalog is reference data shipped with the service (`movie_api/data/films.json`) and loaded into
PostgreSQL on every start. Answers are cached in Redis under keys that carry the loaded catalog's
version, so a reloaded catalog is never answered from old entries; when Redis is down the answers come
from PostgreSQL.
"""


async def _start(app: FastAPI) -> None:
    app.state.catalog_version = CatalogVersion(
        refresh_seconds=app.state.settings.catalog_version_refresh_seconds
    )


def create_app() -> FastAPI:
    return create_service_app(
        settings=get_settings(),
        title="Kinoclub Movie API",
        description=DESCRIPTION,
        routers=[movies_router],
        on_startup=[_start],
    )
