"""What runs in the stack: the services (uvicorn apps) and their places behind nginx, and the extra
processes that are no web service (the outbox relay, the notification and auth workers, the local SMTP
sink)."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ServiceSpec:
    name: str  # package, process and compose service name
    prefix: str  # URL prefix through nginx
    port: int  # default local port
    upstream_var: str  # nginx template variable holding host:port
    workers: int = 1
    has_database: bool = True
    extra_prefixes: tuple[str, ...] = field(default=())

    @property
    def db_suffix(self) -> str:
        return self.name.removesuffix("_api")


SERVICES: tuple[ServiceSpec, ...] = (
    ServiceSpec("auth_api", "/auth", 8001, "AUTH_API_ADDR"),
    ServiceSpec("ugc_api", "/ugc", 8002, "UGC_API_ADDR"),
    ServiceSpec("movie_api", "/movie_api", 8003, "MOVIE_API_ADDR"),
    ServiceSpec("booking_api", "/booking", 8004, "BOOKING_API_ADDR", workers=2),
    ServiceSpec("url_shortener", "/url", 8005, "URL_SHORTENER_ADDR", extra_prefixes=("/s",)),
    ServiceSpec("notification", "/notification", 8006, "NOTIFICATION_ADDR"),
    # The web front: pages at the root (nginx's `location /`), health and docs under /web; no database.
    ServiceSpec("web", "/web", 8007, "WEB_ADDR", has_database=False),
)

BY_NAME = {spec.name: spec for spec in SERVICES}

# How each service's base URL reaches the others (ServiceSettings field names).
URL_SETTINGS = {
    "auth_api": "AUTH_URL",
    "ugc_api": "UGC_URL",
    "movie_api": "MOVIE_URL",
    "booking_api": "BOOKING_URL",
    "url_shortener": "URL_SHORTENER_URL",
    "notification": "NOTIFICATION_URL",
}


@dataclass(frozen=True)
class ProcessSpec:
    """A background process, `python -m <module> <args>`, started after the services."""

    name: str  # process name, log file name, and compose service name
    module: str
    # Runs with this service's environment (its database, its client credentials), or the common one.
    env_of: str | None = None
    port: int | None = None  # default local port, for a process that listens
    args: tuple[str, ...] = field(default=())


SMTP_SINK = "smtp_sink"

# In start order; the stack stops them in reverse, before the services.
PROCESSES: tuple[ProcessSpec, ...] = (
    ProcessSpec(SMTP_SINK, "devstack.smtp_sink", port=1025),
    ProcessSpec("booking_relay", "booking_api.outbox.relay", env_of="booking_api"),
    ProcessSpec("notification_worker", "notification.worker", env_of="notification"),
    ProcessSpec("auth_worker", "auth_api.worker", env_of="auth_api"),
)

PROCESS_BY_NAME = {spec.name: spec for spec in PROCESSES}
