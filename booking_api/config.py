"""Settings of the booking_api service."""

from functools import lru_cache

from common.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "booking_api"
    url_prefix: str = "/booking"


@lru_cache
def get_settings() -> Settings:
    return Settings()
