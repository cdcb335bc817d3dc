"""The screenshot set of docs/web.md: every main page in Russian at 360 and 1280 px.

    .venv/bin/python tools/screenshots.py [--out docs/screenshots] [--url http://127.0.0.1:8000]

Without --url it starts the whole stack with demo data (free ports, a temporary data dir), as the
tests do. It adds what the set needs on top of the demo: a full evening. Pages: home, film, host,
evening (open, full, booked), sign-in, my bookings, hosting, inbox, an error. Needs Debian's chromium.
"""

import argparse
import sys
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common.demo import DEMO_GUESTS, DEMO_HOSTS, DEMO_PASSWORD  # noqa: E402
from tests.support import demo_stack  # noqa: E402
from tests.web.browser import DESKTOP, PHONE, launch  # noqa: E402

VERA, GLEB = DEMO_GUESTS[0], DEMO_GUESTS[1]
ANNA, BORIS = DEMO_HOSTS


def _token(api: httpx.Client, email: str) -> dict[str, str]:
    answer = api.post("/auth/v1/login", json={"email": email, "password": DEMO_PASSWORD})
    answer.raise_for_status()
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def prepare(url: str) -> dict[str, str]:
    """The evenings the set shows: one open, one full (made here), one Vera has booked."""
    with httpx.Client(base_url=url, timeout=30) as api:
        vera = _token(api, VERA.email)
        booked = next(
            b["event_id"]
            for b in api.get("/booking/v1/bookings", params={"status": "active"}, headers=vera).json()[
                "items"
            ]
            if b["event"]["status"] == "scheduled"
        )
        anna_events = api.get(f"/booking/v1/hosts/{ANNA.id}/events").json()["items"]
        open_event = next(e for e in anna_events if e["id"] != booked and e["seats_left"] > 0)
        boris = _token(api, BORIS.email)
        place = api.get("/booking/v1/places", headers=boris).json()["items"][0]
        start = (datetime.now(UTC) + timedelta(days=2)).replace(hour=16, minute=0, second=0, microsecond=0)
        full = api.post(
            "/booking/v1/events",
            json={
                "movie_id": open_event["movie"]["id"],
                "place_id": place["id"],
                "starts_at": start.isoformat(),
                "capacity": 2,
            },
            headers=boris,
        )
        full.raise_for_status()
        filled = api.post(
            f"/booking/v1/events/{full.json()['id']}/bookings",
            json={"seats": 2},
            headers=_token(api, GLEB.email),
        )
        filled.raise_for_status()
        return {
            "open": open_event["id"],
            "full": full.json()["id"],
            "booked": booked,
            "film": open_event["movie"]["id"],
        }


def _signed_in(browser: Any, url: str, width: int, email: str | None) -> Any:
    context = browser.new_context(
        base_url=url,
        viewport={"width": width, "height": 760 if width == PHONE else 900},
        locale="ru-RU",
        extra_http_headers={"Accept-Language": "ru"},
    )
    page = context.new_page()
    if email:
        page.goto("/signin")
        page.fill("#email", email)
        page.fill("#password", DEMO_PASSWORD)
        page.press("#password", "Enter")
        page.wait_for_url("**/?notice=signed_in")
    return page


def shoot(url: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    ids = prepare(url)
    shots = [
        (None, "home", "/"),
        (None, "film", f"/films/{ids['film']}"),
        (None, "host", f"/hosts/{ANNA.id}"),
        (None, "evening-open", f"/events/{ids['open']}"),
        (None, "evening-full", f"/events/{ids['full']}"),
        (None, "sign-in", f"/signin?next=/events/{ids['open']}"),
        (None, "error", "/events/not-an-evening"),
        (VERA.email, "evening-booked", f"/events/{ids['booked']}"),
        (VERA.email, "my-bookings", "/bookings"),
        (VERA.email, "inbox", "/inbox"),
        (ANNA.email, "hosting", "/hosting"),
    ]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        for width in (PHONE, DESKTOP):
            pages: dict[str | None, Any] = {}
            for who, name, path in shots:
                if who not in pages:
                    pages[who] = _signed_in(browser, url, width, who)
                page = pages[who]
                page.goto(path)
                target = out / f"{name}-{width}.png"
                page.screenshot(path=str(target), full_page=True)
                written.append(target)
            for page in pages.values():
                page.context.close()
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--url", help="a running stack with demo data (default: start one)")
    args = parser.parse_args()
    with ExitStack() as cleanup:
        url = args.url
        if not url:
            url = demo_stack(cleanup, prefix="kinoclub-shots-").url
        for path in shoot(url, Path(args.out)):
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    main()
