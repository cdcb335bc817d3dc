"""Settings of the movie_api service."""

from functools import lru_cache

from common.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "movie_api"
    url_prefix: str = "/movie_api"


@lru_cache
def get_settings() -> Settings:
    return Settings()
