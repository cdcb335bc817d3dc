"""Settings of the ugc_api service."""

from functools import lru_cache

from common.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "ugc_api"
    url_prefix: str = "/ugc"


@lru_cache
def get_settings() -> Settings:
    return Settings()
