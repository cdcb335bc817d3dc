"""Settings of the auth_api service."""

from functools import lru_cache
from pathlib import Path

from pydantic import Field

from common.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "auth_api"
    url_prefix: str = "/auth"

    data_dir: Path = Path(".data")
    # Where the RSA signing keys live; an operator may put their own PEM file there instead of the
    # generated one. Defaults to DATA_DIR/auth_keys.
    auth_keys_dir: Path | None = None

    access_token_ttl_seconds: int = 15 * 60
    refresh_token_ttl_seconds: int = 30 * 24 * 3600
    service_token_ttl_seconds: int = 10 * 60

    # {client_id: secret} of every service allowed to ask for a service token (devstack sets it).
    service_clients: dict[str, str] = Field(default_factory=dict)
    # Service clients that may put a person in (or take them out of) the `banned` group: booking's
    # moderation resolves reports with a ban.
    ban_clients: list[str] = Field(default_factory=lambda: ["booking_api"])

    # Failed sign-ins allowed per account and per client address within the window; then 429.
    login_max_failures_per_account: int = 5
    login_max_failures_per_ip: int = 20
    login_failure_window_seconds: int = 15 * 60

    @property
    def keys_dir(self) -> Path:
        return self.auth_keys_dir or self.data_dir / "auth_keys"


@lru_cache
def get_settings() -> Settings:
    return Settings()
