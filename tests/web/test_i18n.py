"""Russian first: the language comes from the account, else the switcher's cookie, else Accept-Language,
else Russian; <html lang> always matches; dates, numbers and plurals are Babel's; no raw validator text."""

import re
from typing import Any

import httpx
import pytest

from devstack.stack import Stack
from tests.factories import TestUser
from tests.web.conftest import form_data, web_client
from web import i18n
from web.api import Answer
from web.forms import errors_from
from web.i18n.check import problems


def _lang(page: httpx.Response) -> str:
    found = re.search(r'<html lang="([a-z]+)">', page.text)
    assert found, page.text[:300]
    return found.group(1)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, "ru"),
        ("en", "en"),
        ("en-GB,en;q=0.9", "en"),
        ("de-DE,de;q=0.9,en;q=0.5", "en"),
        ("fr,de", "ru"),
        ("en;q=0.3,ru;q=0.8", "ru"),
    ],
)
def test_without_a_choice_accept_language_decides_and_russian_is_the_default(
    stack: Stack, header: str | None, expected: str
) -> None:
    with web_client(stack, language=header) as browser:
        page = browser.get("/")
        assert _lang(page) == expected
        assert page.headers["content-language"] == expected
        heading = "Киновечера" if expected == "ru" else "Film evenings"
        assert f"<h1>{heading}</h1>" in page.text


def test_the_switcher_sets_a_cookie_that_beats_accept_language(stack: Stack) -> None:
    with web_client(stack, language="ru") as browser:
        home = browser.get("/events/nonsense")
        switched = browser.post("/language", data=form_data(home, language="en", next="/hosts?notice=booked"))
        assert switched.status_code == 303
        assert switched.headers["location"] == "/hosts", "back to the page, without its one-time notice"
        assert "kc_lang=en" in switched.headers["set-cookie"]
        assert _lang(browser.get("/hosts")) == "en"
        ignored = browser.post("/language", data=form_data(home, language="fr", next="/"))
        assert ignored.status_code == 303
        assert _lang(browser.get("/")) == "en", "an unknown language changes nothing"


def test_the_accounts_choice_beats_the_cookie_and_follows_the_person_to_a_new_browser(
    stack: Stack, gateway: httpx.Client, guest: TestUser
) -> None:
    with web_client(stack, guest, language="ru") as browser:
        page = browser.get("/bookings")
        assert _lang(page) == "ru"
        browser.post("/language", data=form_data(page, language="en", next="/bookings"))
        assert gateway.get("/auth/v1/me", headers=guest.headers).json()["language"] == "en"
    with web_client(stack, guest, language="ru") as elsewhere:
        elsewhere.cookies.set("kc_lang", "ru", domain=httpx.URL(stack.url).host)
        assert _lang(elsewhere.get("/bookings")) == "en", "the account's preference wins over the cookie"


def test_signing_in_takes_the_accounts_language_into_the_browser(
    stack: Stack, gateway: httpx.Client, guest: TestUser
) -> None:
    gateway.patch("/auth/v1/me", json={"language": "en"}, headers=guest.headers)
    with web_client(stack, language="ru") as browser:
        page = browser.get("/signin")
        signed = browser.post(
            "/signin", data=form_data(page, email=guest.email, password=guest.password, next="/")
        )
        assert signed.status_code == 303
        assert "kc_lang=en" in ";".join(signed.headers.get_list("set-cookie"))


def test_russian_plurals_dates_and_numbers_come_from_babel(
    stack: Stack, event: dict[str, Any], host: TestUser
) -> None:
    with web_client(stack, language="ru") as browser:
        page = browser.get(f"/hosts/{host.id}").text
    assert "Свободно 6 мест из 6" in page
    assert "(Москва, UTC+3)" in page, "the evening's zone is named"
    i18n.set_language("ru")
    assert [i18n.ngettext("%(num)s seat", "%(num)s seats", n) % {"num": n} for n in (1, 2, 5, 21)] == [
        "1 место",
        "2 места",
        "5 мест",
        "21 место",
    ]


def test_no_validator_text_reaches_a_person_and_unknown_errors_name_the_request() -> None:
    i18n.set_language("ru")
    validation = Answer(
        422,
        {
            "code": "validation_error",
            "detail": [
                {"type": "uuid_parsing", "loc": ["path", "event_id"], "msg": "Input should be a valid UUID"},
                {"type": "greater_than_equal", "loc": ["body", "seats"], "msg": "x", "ctx": {"ge": 1}},
            ],
        },
        httpx.Headers({"x-request-id": "req-42"}),
    )
    errors = errors_from(validation, fields=("seats",))
    assert errors.fields == {"seats": "Введите 1 или больше."}
    assert errors.general == ["Выберите вариант из списка."]
    unknown = Answer(
        409, {"code": "brand_new_code", "detail": "Internal words"}, httpx.Headers({"x-request-id": "req-42"})
    )
    [sentence] = errors_from(unknown, fields=("seats",)).general
    assert "req-42" in sentence and "Internal words" not in sentence


def test_every_message_of_the_site_has_a_russian_translation() -> None:
    assert problems() == []


def test_the_catalog_check_fails_on_a_message_missing_from_russian(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from babel.messages.pofile import read_po, write_po

    import web.i18n.check as check

    source = i18n.LOCALE_DIR / "ru" / "LC_MESSAGES" / "messages.po"
    with source.open("rb") as file:
        catalog = read_po(file, locale="ru")
    catalog.delete("Book")
    target = tmp_path / "ru" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "messages.po").open("wb") as file:
        write_po(file, catalog)
    monkeypatch.setattr(check, "LOCALE_DIR", tmp_path)
    assert check.problems() == ["missing: 'Book'"]
    assert check.main() == 1
