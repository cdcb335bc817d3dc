"""Settings of the web front."""

from functools import lru_cache

from pydantic import Field

from common.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "web"
    url_prefix: str = "/web"

    # Pages call the APIs on behalf of people: a weekly schedule of 52 evenings takes longer than the
    # 2 s a service-to-service lookup gets.
    http_timeout_seconds: float = 10.0

    # Signs the CSRF tokens. Empty: derived from SERVICE_CLIENT_SECRET, which devstack and compose set
    # per service (the same in every worker); with neither, each process makes its own (one worker only).
    web_secret_key: str = ""
    # None: Secure cookies exactly when the request came over https (nginx's X-Forwarded-Proto).
    cookie_secure: bool | None = None
    # Times are shown in the reader's zone (notification settings); this one for visitors.
    display_timezone: str = "Europe/Moscow"
    # How long a refreshed token pair is kept for a twin request that still carries the old refresh
    # token (parallel requests of one browser), so it does not trip auth's reuse detection.
    refresh_share_seconds: int = Field(default=5, ge=1, le=300)
    profile_cache_seconds: int = Field(default=300, ge=1)
    catalog_cache_seconds: int = Field(default=600, ge=1)


@lru_cache
def get_settings() -> Settings:
    return Settings()
