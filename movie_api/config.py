"""Settings of the movie_api service."""

from functools import lru_cache

from common.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "movie_api"
    url_prefix: str = "/movie_api"

    # The catalog changes only when bootstrap reloads it, and keys carry its version, so entries can
    # live long; the TTL only bounds memory and what a reload under a running service may leave stale.
    movie_cache_ttl_seconds: int = 3600
    movie_list_cache_ttl_seconds: int = 600
    catalog_version_refresh_seconds: float = 30.0


@lru_cache
def get_settings() -> Settings:
    return Settings()
