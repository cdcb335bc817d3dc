"""Settings of the notification service."""

from functools import lru_cache

from common.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "notification"
    url_prefix: str = "/notification"


@lru_cache
def get_settings() -> Settings:
    return Settings()
