"""Entry point: `uvicorn web.main:create_app --factory`.

Pages are served at the root (nginx sends `/` here); health, readiness, docs and the static files live
under `/web`. Errors are pages for people, and JSON for clients that ask for JSON.
"""

import logging
import re
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from common.app import create_service_app
from common.clock import clock_from_setting
from common.errors import add_handler
from web.accounts.router import router as accounts_router
from web.api import ServiceUnavailable
from web.bookings.router import router as bookings_router
from web.bookings.waitlist import router as waitlist_router
from web.catalog.evenings import router as evenings_router
from web.catalog.router import router as catalog_router
from web.config import get_settings
from web.deps import get_page
from web.hosting.guests import router as hosting_guests_router
from web.hosting.router import router as hosting_router
from web.i18n import LANGUAGE_COOKIE, _, negotiate, set_language
from web.inbox.router import router as inbox_router
from web.language import router as language_router
from web.pages import BadForm, CsrfFailed, PageNotFound, SignInRequired
from web.ratings.router import router as ratings_router
from web.rendering import templates
from web.reports.router import router as reports_router
from web.session import CookieMiddleware, HeadMiddleware, csrf_key

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"

DESCRIPTION = """The web front of Kinoclub: server-rendered pages at `/` (films, hosts, events, My
bookings, hosting, ratings, inbox) over the platform's APIs. Only health and readiness are API routes;
see docs/web.md for the pages and the sign-in and CSRF design."""


async def _start(app: FastAPI) -> None:
    state = app.state
    settings = state.settings
    state.clock = clock_from_setting(settings.test_clock_file)
    state.csrf_secret = csrf_key(settings)
    state.api_bases = {
        "auth": settings.auth_url.rstrip("/"),
        "booking": settings.booking_url.rstrip("/"),
        "movie": settings.movie_url.rstrip("/"),
        "notification": settings.notification_url.rstrip("/"),
    }


def _wants_json(request: Request) -> bool:
    if request.url.path.startswith("/web/"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


async def _error_page(request: Request, status: int, title: str, message: str, **extra: object) -> Response:
    if _wants_json(request):
        codes = {400: "bad_request", 403: "forbidden", 404: "not_found", 405: "method_not_allowed"}
        code = codes.get(status, "service_unavailable" if status in (502, 503) else "error")
        return JSONResponse({"code": code, "detail": message}, status_code=status)
    if status < 500:
        # With the navigation of a normal page: the person is still signed in on an error page.
        try:
            page = await get_page(request)
            return await page.render("error.html", status=status, title=title, message=message, **extra)
        except Exception:
            logger.warning("error page without navigation", exc_info=True)
    language = negotiate(
        cookie=request.cookies.get(LANGUAGE_COOKIE), accept_language=request.headers.get("accept-language")
    )
    set_language(language)
    context = {
        "title": title,
        "message": message,
        "me": None,
        "unread": None,
        "csrf_token": "",
        "notice": None,
        "tz": "UTC",
        "lang": language,
        "languages": [],
        "meta": None,
        "request_id": request.headers.get("x-request-id", ""),
        "path": request.url.path,
        **extra,
    }
    response = templates.TemplateResponse(request, "error.html", context, status_code=status)
    response.headers["content-language"] = language
    return response


# Addresses that only take a form (POST), and the page that shows that form: a reload or a shared
# link of such an address shows the form again instead of "not allowed".
_FORM_PAGES = [
    (re.compile(r"^/events/([^/]+)/(book|waitlist)$"), r"/events/\1"),
    (re.compile(r"^/bookings/[^/]+/(seats|cancel|withdraw)$"), "/bookings"),
    (re.compile(r"^/waitlist/[^/]+/(claim|decline|leave)$"), "/bookings"),
    (re.compile(r"^/hosting/blocked(/[^/]+/unblock)?$"), "/hosting/blocked"),
    (
        re.compile(r"^/hosting/events/([^/]+)/(settings|bookings/[^/]+/(approve|decline|remove))$"),
        r"/hosting/events/\1",
    ),
    (re.compile(r"^/report$"), "/"),
    (re.compile(r"^/moderation/reports/[^/]+/resolve$"), "/moderation/reports"),
    (re.compile(r"^/inbox/.*$"), "/inbox"),
    (re.compile(r"^/hosting/places$"), "/hosting/places/new"),
    (re.compile(r"^/hosting/places/([^/]+)/delete$"), r"/hosting/places/\1"),
    (re.compile(r"^/hosting/(events|schedules)$"), "/hosting/events/new"),
    (re.compile(r"^/hosting/events/([^/]+)/(attendance|cancel)$"), r"/hosting/events/\1"),
    (re.compile(r"^/(signout|language)$"), "/"),
]


def _form_page(path: str) -> str | None:
    for pattern, target in _FORM_PAGES:
        if pattern.match(path):
            return pattern.sub(target, path)
    return None


def _install_page_errors(app: FastAPI) -> None:
    async def sign_in_required(request: Request, exc: SignInRequired) -> Response:
        return RedirectResponse(f"/signin?next={quote(exc.next_path, safe='/')}", status_code=303)

    async def csrf_failed(request: Request, exc: CsrfFailed) -> Response:
        back = exc.back
        return await _error_page(
            request,
            403,
            _("This form has expired"),
            _(
                "The form was not sent from this site, or it is too old. Nothing was changed. "
                "Go back, reload the page and try again."
            ),
            back=back,
        )

    async def not_found(request: Request, exc: PageNotFound) -> Response:
        return await _error_page(request, 404, _("Not found"), exc.message)

    async def bad_form(request: Request, exc: BadForm) -> Response:
        return await _error_page(
            request, 400, _("Bad request"), _("The form could not be read. Nothing was changed.")
        )

    async def unavailable(request: Request, exc: ServiceUnavailable) -> Response:
        _language_for(request)
        if exc.maybe_done:
            message = _(
                "%(service)s did not answer in time. Your change may or may not have been made: "
                "check before trying again.",
                service=exc.what,
            )
        else:
            message = _(
                "%(service)s is not answering right now. Please try again in a minute.", service=exc.what
            )
        return await _error_page(request, 503, _("Temporarily unavailable"), message)

    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        _language_for(request)
        if exc.status_code == 404:
            return await _error_page(request, 404, _("Not found"), _("There is nothing at this address."))
        if exc.status_code == 405:
            target = _form_page(request.url.path) if request.method in ("GET", "HEAD") else None
            if target is not None and not _wants_json(request):
                return RedirectResponse(target, status_code=303)
            return await _error_page(
                request, 405, _("Not allowed"), _("This address does not take that kind of request.")
            )
        return await _error_page(
            request, exc.status_code, _("Error"), _("The request could not be completed.")
        )

    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        _language_for(request)
        return await _error_page(
            request, 400, _("Bad request"), _("The address or form has values this page cannot use.")
        )

    async def unexpected(request: Request, exc: Exception) -> Response:
        logger.exception("unhandled error on %s %s", request.method, request.url.path)
        _language_for(request)
        request_id = request.headers.get("x-request-id", "")
        return await _error_page(
            request,
            500,
            _("Something went wrong"),
            _(
                "It is our fault, and it has been logged. Please try again in a minute; if it keeps "
                "happening, tell us the code %(request_id)s.",
                request_id=request_id[:64] or "-",
            ),
        )

    add_handler(app, SignInRequired, sign_in_required)
    add_handler(app, CsrfFailed, csrf_failed)
    add_handler(app, PageNotFound, not_found)
    add_handler(app, BadForm, bad_form)
    add_handler(app, ServiceUnavailable, unavailable)
    add_handler(app, StarletteHTTPException, http_error)
    add_handler(app, RequestValidationError, invalid_request)
    add_handler(app, Exception, unexpected)


def _language_for(request: Request) -> None:
    """The language of an error raised before the page knew the person (cookie, Accept-Language)."""
    set_language(
        negotiate(
            cookie=request.cookies.get(LANGUAGE_COOKIE),
            accept_language=request.headers.get("accept-language"),
        )
    )


def create_app() -> FastAPI:
    app = create_service_app(
        settings=get_settings(),
        title="Kinoclub web",
        description=DESCRIPTION,
        root_routers=[
            accounts_router,
            catalog_router,
            evenings_router,
            bookings_router,
            waitlist_router,
            hosting_router,
            hosting_guests_router,
            reports_router,
            ratings_router,
            inbox_router,
            language_router,
        ],
        on_startup=[_start],
        use_database=False,
    )
    app.mount("/web/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_middleware(CookieMiddleware)
    app.add_middleware(HeadMiddleware)
    _install_page_errors(app)
    return app
