"""Settings of the url_shortener service."""

from functools import lru_cache

from common.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "url_shortener"
    url_prefix: str = "/url"


@lru_cache
def get_settings() -> Settings:
    return Settings()
