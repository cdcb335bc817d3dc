"""Settings of the ugc_api service."""

from functools import lru_cache

from common.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "ugc_api"
    url_prefix: str = "/ugc"
    # How long a film the Movie API confirmed is trusted without asking again.
    movie_exists_cache_seconds: int = 86_400


@lru_cache
def get_settings() -> Settings:
    return Settings()
