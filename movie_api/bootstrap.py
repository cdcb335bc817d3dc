"""Reference data: the film catalog from `data/films.json`, upserted by id on every start.

Films missing from the file are kept, not deleted: bookings and reviews in other services may point
at them. Cache invalidation needs no Redis here: the catalog version written to `catalog_state` is
part of every cache key (see `movies.service.CatalogVersion`).
"""

import logging
from pathlib import Path

from sqlalchemy import func, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine
from sqlalchemy.pool import NullPool

from common.db import async_url
from movie_api.movies.catalog import catalog_version, load_films, row_values
from movie_api.movies.models import CatalogState, Movie

logger = logging.getLogger(__name__)

_UPDATABLE = (
    "title",
    "original_title",
    "year",
    "duration_minutes",
    "genres",
    "description",
    "age_rating",
    "watch_party",
    "search_text",
)


async def load_catalog(conn: AsyncConnection, rows: list[dict]) -> int:
    """Upsert the rows by id, touching only the films that changed; returns how many were written."""
    statement = insert(Movie).values(rows)
    excluded = statement.excluded
    upsert = statement.on_conflict_do_update(
        index_elements=[Movie.id],
        set_={**{name: excluded[name] for name in _UPDATABLE}, "updated_at": func.now()},
        where=or_(*(getattr(Movie, name).is_distinct_from(excluded[name]) for name in _UPDATABLE)),
    ).returning(Movie.id)
    written = (await conn.execute(upsert)).all()
    version = catalog_version(rows)
    state = insert(CatalogState).values(id=1, version=version, films=len(rows))
    await conn.execute(
        state.on_conflict_do_update(
            index_elements=[CatalogState.id],
            set_={"version": version, "films": len(rows), "loaded_at": func.now()},
            where=CatalogState.version.is_distinct_from(version),
        )
    )
    return len(written)


async def run(database_url: str, *, demo: bool, data_dir: Path) -> None:
    """Load the catalog (reference data, whatever `demo` says); safe to run on every start."""
    rows = [row_values(record) for record in load_films()]
    engine = create_async_engine(async_url(database_url), poolclass=NullPool)
    try:
        async with engine.begin() as conn:
            written = await load_catalog(conn, rows)
            total = await conn.scalar(select(func.count()).select_from(Movie))
    finally:
        await engine.dispose()
    logger.info("film catalog: %d in file, %d written, %d in database", len(rows), written, total)
