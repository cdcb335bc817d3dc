"""Settings of the notification service and its worker."""

from functools import lru_cache
from typing import Literal

from pydantic import Field

from common.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "notification"
    url_prefix: str = "/notification"

    # Service clients allowed to hand in domain events (`POST /notification/v1/events`): booking's relay,
    # and auth's worker (account.deleted).
    ingest_clients: list[str] = Field(default_factory=lambda: ["booking_api", "auth_api"])

    default_language: Literal["ru", "en"] = "ru"
    default_timezone: str = "Europe/Moscow"

    smtp_host: str = "127.0.0.1"
    smtp_port: int = 1025
    smtp_timeout_seconds: float = 10.0
    mail_from: str = "Kinoclub <noreply@kinoclub.local>"

    # The worker (`python -m notification.worker`): how often it looks for work, and its retry rules.
    worker_poll_seconds: float = 0.25
    reminder_scan_seconds: float = 5.0
    email_batch_size: int = 50
    email_backoff_base_seconds: float = 5.0
    email_backoff_max_seconds: float = 600.0
    # A temporary SMTP failure is retried until the message is this old; a reminder days late helps nobody.
    email_give_up_hours: float = 48.0
    fanout_backoff_base_seconds: float = 2.0
    fanout_backoff_max_seconds: float = 300.0
    # devstack waits for this file to name the worker's pid; the worker touches it on every round.
    ready_file: str = ""


@lru_cache
def get_settings() -> Settings:
    return Settings()
