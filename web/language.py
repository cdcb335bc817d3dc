"""The language switcher in the header: a cookie for everyone, and the account's preference when
signed in (auth `PATCH /auth/v1/me {"language"}`), which notifications and emails follow too."""

import logging
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from fastapi import APIRouter
from fastapi.responses import Response

from web.api import ServiceUnavailable
from web.deps import PageDep
from web.i18n import LANGUAGE_COOKIE, set_language, supported
from web.pages import Page, safe_next

logger = logging.getLogger(__name__)

router = APIRouter(include_in_schema=False)

LANGUAGE_COOKIE_SECONDS = 365 * 24 * 3600


def remember_language(page: Page, language: str) -> None:
    """The `kc_lang` cookie, so the next pages (and error pages) are in `language` at once."""
    page.session.set_cookie(LANGUAGE_COOKIE, language, max_age=LANGUAGE_COOKIE_SECONDS)


def _without_notice(path: str) -> str:
    """The same page without the one-time notice it was reached with ("Booked", ...)."""
    parts = urlsplit(path)
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "notice"])
    return urlunsplit(("", "", parts.path, query, ""))


@router.post("/language")
async def choose_language(page: PageDep) -> Response:
    """Switch the site's language (and the account's, when signed in); back to the same page."""
    form = await page.form(back="/")
    next_path = _without_notice(safe_next(form.get("next")))
    language = supported(form.get("language"))
    if language is None:
        return page.redirect(next_path)
    remember_language(page, language)
    if page.session.signed_in:
        try:
            answer = await page.api.call("auth", "PATCH", "/auth/v1/me", json={"language": language})
        except ServiceUnavailable:
            # The cookie already holds the choice; the account learns it at the next switch.
            logger.warning("auth unavailable: language kept in the cookie only")
        else:
            if answer.ok:
                await page.forget_profile()
    page.language = language
    set_language(language)
    return page.redirect(next_path)
