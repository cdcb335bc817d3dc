"""Settings of the auth_api service."""

from functools import lru_cache

from common.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "auth_api"
    url_prefix: str = "/auth"


@lru_cache
def get_settings() -> Settings:
    return Settings()
