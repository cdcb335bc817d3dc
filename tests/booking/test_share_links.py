"""Every event gets a short share link (made once), and notifications carry it."""

import asyncio
import json
import uuid
from datetime import UTC, datetime

import httpx

from booking_api.housekeeping.jobs import Done, run_housekeeping
from booking_api.integrations.shortener import ShareLinks
from booking_api.uow import BookingUnitOfWork
from common.clock import FakeClock
from common.db import Database
from common.http import create_http_client
from common.service_auth import ServiceTokenProvider
from common.service_client import ServiceClient
from devstack.stack import Stack
from tests.booking.conftest import BookingDb, make_event, make_place
from tests.factories import TestUser


def test_new_event_has_a_share_link_that_redirects_to_its_page(
    stack: Stack, gateway: httpx.Client, host: TestUser, watch_party_movie: dict, booking_db: BookingDb
) -> None:
    event = make_event(gateway, host, watch_party_movie)
    share_url = event["share_url"]
    assert share_url and "/s/" in share_url
    redirect = gateway.get("/s/" + share_url.rsplit("/s/", 1)[1], follow_redirects=False)
    assert redirect.status_code == 302
    assert redirect.headers["location"].endswith(f"/events/{event['id']}")
    assert gateway.get(f"/booking/v1/events/{event['id']}").json()["share_url"] == share_url
    created = booking_db.fetch(
        "SELECT payload FROM outbox WHERE type = 'event.created' AND aggregate_id = $1",
        uuid.UUID(event["id"]),
    )
    assert json.loads(created[0]["payload"])["share_url"] == share_url


def test_an_event_made_while_the_shortener_is_down_gets_its_link_later(
    stack: Stack, gateway: httpx.Client, host: TestUser, watch_party_movie: dict, booking_db: BookingDb
) -> None:
    place = make_place(gateway, host)
    stack.stop_service("url_shortener")
    try:
        event = make_event(gateway, host, watch_party_movie, place=place)
    finally:
        stack.start_service("url_shortener")
    assert event["share_url"] is None, "the event is created anyway"

    async def backfill() -> Done:
        secret = json.loads((stack.data_dir / "secrets.json").read_text())["booking_api"]
        database = Database(stack.database_urls["booking_api"], pool_size=1, max_overflow=0)
        async with create_http_client(timeout=5) as http:
            tokens = ServiceTokenProvider(
                http, auth_url=stack.service_url("auth_api"), client_id="booking_api", client_secret=secret
            )
            links = ShareLinks(
                ServiceClient(http, base_url=stack.service_url("url_shortener"), tokens=tokens),
                public_base_url=f"http://localhost:{stack.port}",
            )
            try:
                return await run_housekeeping(
                    uow=BookingUnitOfWork(database.sessionmaker),
                    clock=FakeClock(datetime.now(UTC)),
                    links=links,
                )
            finally:
                await database.dispose()

    assert asyncio.run(backfill()).links_made >= 1
    stored = booking_db.value("SELECT share_url FROM events WHERE id = $1", uuid.UUID(event["id"]))
    assert stored and "/s/" in stored
