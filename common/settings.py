"""Settings base shared by every service (pydantic-settings, read from the environment)."""

from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    """What every service reads from its environment; services subclass it to add their own."""

    model_config = SettingsConfigDict(extra="ignore", env_file=None)

    service_name: str = "service"
    # The public path prefix through nginx; the service serves its routes under it too.
    url_prefix: str = "/service"

    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/kinoclub"
    db_pool_size: int = 10
    db_max_overflow: int = 10
    redis_url: str = "redis://127.0.0.1:6379/0"
    redis_prefix: str = ""
    redis_timeout_seconds: float = 0.3

    # Ended sessions and bans (common/revocation.py): auth writes them, every service reads them, so all
    # must use one Redis (REVOCATION_REDIS_URL, else REDIS_URL) and this one prefix.
    revocation_redis_url: str | None = None
    revocation_redis_prefix: str = "kinoclub:revocations:"
    revocation_cache_seconds: float = 0.5

    jwt_issuer: str = "kinoclub-auth"
    jwt_audience: str = "kinoclub"
    jwks_cache_seconds: int = 300

    auth_url: str = "http://127.0.0.1:8001"
    ugc_url: str = "http://127.0.0.1:8002"
    movie_url: str = "http://127.0.0.1:8003"
    booking_url: str = "http://127.0.0.1:8004"
    url_shortener_url: str = "http://127.0.0.1:8005"
    notification_url: str = "http://127.0.0.1:8006"
    public_base_url: str = "http://localhost:8000"
    http_timeout_seconds: float = 2.0
    http_retries: int = 2

    # Credential this service presents to others (client credentials at auth); see docs/service-auth.md.
    service_client_id: str = ""
    service_client_secret: str = ""

    # Tests only: a file holding seconds to add to the clock (common.clock.OffsetFileClock).
    test_clock_file: str | None = None

    log_level: str = "INFO"
    graylog_host: str | None = None
    graylog_port: int = 12201

    @property
    def redis_key_prefix(self) -> str:
        return self.redis_prefix or f"kinoclub:{self.service_name}:"
