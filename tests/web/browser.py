"""Driving Debian's chromium with Playwright: pages in a language and at a width, signed in by cookies,
and axe-core (the copy bundled by the axe-playwright-python package) for accessibility."""

from pathlib import Path
from typing import Any

import httpx

from devstack.stack import Stack
from tests.factories import TestUser, login

CHROMIUM = Path("/usr/bin/chromium")
PHONE, DESKTOP = 360, 1280

# What the tests click and read, in each language (the site's own words, from its catalog).
WORDS = {
    "ru": {
        "seats": "Места",
        "book": "Забронировать",
        "email": "Почта",
        "password": "Пароль",
        "sign_in": "Войти",
        "menu": "Меню",
        "sign_out": "Выйти",
        "full": "Мест нет",
        "mark_all": "Отметить все как прочитанные",
        "not_found": "Не найдено",
        "cancel_booking": "Отменить бронь",
        "find": "Найти",
        "date": "Дата",
        "film": "Фильм",
        "change": "изменить или отменить",
        "map": "Карта",
        "request": "Попросить места",
        "pending": "Ждём ответа хозяина (до ",
        "approve": "Одобрить",
        "full_join": "Мест нет · встаньте в лист ожидания",
        "join": "Встать в лист ожидания",
        "in_line": "Вы 1-й в листе ожидания",
        "offered": "Вам предлагают места",
        "left": "осталось",
        "claim": "Забрать места",
        "remove": "Убрать из списка",
        "why": "Причина (гость её увидит)",
        "removed": "хозяин убрал вас из списка гостей",
        "block": "Заблокировать",
        "blocked": "Хозяин этого вечера не принимает ваши брони.",
    },
    "en": {
        "seats": "Seats",
        "book": "Book",
        "email": "Email",
        "password": "Password",
        "sign_in": "Sign in",
        "menu": "Menu",
        "sign_out": "Sign out",
        "full": "Full",
        "mark_all": "Mark all as read",
        "not_found": "Not found",
        "cancel_booking": "Cancel booking",
        "find": "Find",
        "date": "Date",
        "film": "Film",
        "change": "change or cancel",
        "map": "Map",
        "request": "Request seats",
        "pending": "Waiting for the host's answer (by ",
        "approve": "Approve",
        "full_join": "Full · join the waiting list",
        "join": "Join the waiting list",
        "in_line": "You are number 1 on the waiting list",
        "offered": "Seats are offered to you",
        "left": "left",
        "claim": "Claim the seats",
        "remove": "Remove",
        "why": "Why (the guest is shown this)",
        "removed": "the host removed you from the guest list",
        "block": "Block",
        "blocked": "The host of this evening does not take your bookings.",
    },
}


def launch(playwright: Any) -> Any:
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM),
        args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    )


def open_page(
    browser: Any, stack: Stack, *, language: str, width: int = DESKTOP, user: TestUser | None = None
) -> Any:
    """A new context reading `language` at `width`; with `user`, signed in by a fresh token pair."""
    context = browser.new_context(
        base_url=stack.url,
        viewport={"width": width, "height": 800 if width > PHONE else 740},
        locale="ru-RU" if language == "ru" else "en-GB",
        extra_http_headers={"Accept-Language": language},
    )
    if user is not None:
        fresh = login(stack, user.email, user.password)
        host = httpx.URL(stack.url).host
        context.add_cookies(
            [
                {"name": "kc_access", "value": fresh.access_token, "domain": host, "path": "/"},
                {"name": "kc_refresh", "value": fresh.refresh_token, "domain": host, "path": "/"},
            ]
        )
    page = context.new_page()
    page.set_default_timeout(20_000)
    return page


def axe_violations(page: Any) -> list[str]:
    """axe-core's violations on the page as it is now: `rule: target` lines (empty when none)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page).response
    return [
        f"{violation['id']} ({violation['impact']}): {node['target']} {violation['help']}"
        for violation in results["violations"]
        for node in violation["nodes"]
    ]


def no_sideways_scroll(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))
