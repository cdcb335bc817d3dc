"""Settings of the auth_api service."""

from functools import lru_cache
from pathlib import Path
from typing import Literal

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
    # A session unused this long ends (each refresh renews it), and none lasts past its maximum age.
    refresh_token_ttl_seconds: int = 30 * 24 * 3600
    session_max_age_seconds: int = 90 * 24 * 3600
    service_token_ttl_seconds: int = 10 * 60

    # {client_id: secret} of every service allowed to ask for a service token (devstack sets it).
    service_clients: dict[str, str] = Field(default_factory=dict)
    # Service clients that may put a person in (or take them out of) the `banned` group: booking's
    # moderation resolves reports with a ban.
    ban_clients: list[str] = Field(default_factory=lambda: ["booking_api"])

    # Sign-in throttling (docs/auth.md): per account *and* address, `login_free_failures` failures,
    # then each further try waits twice as long as the one before (1 s, 2 s, 4 s, ... at most
    # `login_max_delay_seconds`); per address, at most `login_max_failures_per_ip` in the window.
    login_free_failures: int = 5
    login_max_delay_seconds: int = 15 * 60
    login_max_failures_per_ip: int = 20
    login_failure_window_seconds: int = 15 * 60
    # Registrations per client address in the window (nginx limits the request rate before that).
    register_max_per_ip: int = 20
    register_window_seconds: int = 10 * 60

    # Links sent by email: how long they work, and how often they may be sent.
    verification_link_ttl_seconds: int = 24 * 3600
    reset_link_ttl_seconds: int = 30 * 60
    verification_resend_cooldown_seconds: int = 60
    verification_resends_per_day: int = 5
    reset_mails_per_hour: int = 3

    # Mail (the worker sends it): with `make run`, the local sink that writes .data/mail/*.eml.
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 1025
    smtp_timeout_seconds: float = 10.0
    mail_from: str = "Kinoclub <noreply@kinoclub.local>"
    default_language: Literal["ru", "en"] = "ru"

    # The worker (`python -m auth_api.worker`): account events to the other services, and mail.
    worker_poll_seconds: float = 0.25
    relay_backoff_base_seconds: float = 0.5
    relay_backoff_max_seconds: float = 60.0
    mail_backoff_base_seconds: float = 5.0
    mail_backoff_max_seconds: float = 600.0
    mail_give_up_hours: float = 48.0
    ready_file: str = ""

    @property
    def keys_dir(self) -> Path:
        return self.auth_keys_dir or self.data_dir / "auth_keys"


@lru_cache
def get_settings() -> Settings:
    return Settings()
