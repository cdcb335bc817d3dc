"""`make run` loads demo places and screenings for the demo people, through the public API."""

import httpx

from common.demo import DEMO_GUESTS, DEMO_HOSTS
from devstack.demo import seed
from devstack.stack import Stack
from tests.factories import login


def test_demo_hosts_have_upcoming_weekly_screenings_and_demo_guests_have_bookings(
    stack: Stack, gateway: httpx.Client
) -> None:
    hosts = {h["id"]: h for h in gateway.get("/booking/v1/hosts", params={"size": 100}).json()["items"]}
    for host in DEMO_HOSTS:
        assert str(host.id) in hosts, f"{host.name} hosts nothing"
        assert hosts[str(host.id)]["upcoming_events"] >= 4
        assert hosts[str(host.id)]["name"] == host.name
    booked = [
        gateway.get("/booking/v1/bookings", headers=login(stack, guest.email).headers).json()["total"]
        for guest in DEMO_GUESTS
    ]
    assert all(total >= 1 for total in booked), booked


def test_seeding_again_adds_nothing(stack: Stack, gateway: httpx.Client) -> None:
    before = gateway.get("/booking/v1/hosts", params={"size": 100}).json()
    made = seed(
        auth_url=stack.service_url("auth_api"),
        booking_url=stack.service_url("booking_api"),
        movie_url=stack.service_url("movie_api"),
    )
    assert made == 0
    assert gateway.get("/booking/v1/hosts", params={"size": 100}).json() == before
