"""The services that hold personal data: where auth tells them an account was deleted, and where it
reads their part of a person's export. Each endpoint is internal (nginx does not route `/v1/internal/`)
and answers auth's service token only. See docs/auth.md, "Export and deletion"."""

from dataclasses import dataclass

from common.settings import ServiceSettings


@dataclass(frozen=True)
class DataHolder:
    name: str  # the service's client id, and its destination in auth's outbox
    base_url: str
    events_path: str  # POST: an event envelope; any 2xx once handled (a duplicate id included)
    export_path: str  # GET, `{user_id}` filled in: a JSON object of sections ({"reviews": [...], ...})


def data_holders(settings: ServiceSettings) -> list[DataHolder]:
    return [
        DataHolder(
            "ugc_api", settings.ugc_url, "/ugc/v1/internal/events", "/ugc/v1/internal/users/{user_id}/export"
        ),
        DataHolder(
            "notification",
            settings.notification_url,
            "/notification/v1/events",
            "/notification/v1/internal/users/{user_id}/export",
        ),
        DataHolder(
            "url_shortener",
            settings.url_shortener_url,
            "/url/v1/internal/events",
            "/url/v1/internal/users/{user_id}/export",
        ),
        # The booking service's two endpoints are specified in docs/auth.md; until it has them, its
        # deletion rows wait in the outbox (retried) and exports say `"booking_api": "unavailable"`.
        DataHolder(
            "booking_api",
            settings.booking_url,
            "/booking/v1/internal/events",
            "/booking/v1/internal/users/{user_id}/export",
        ),
    ]
