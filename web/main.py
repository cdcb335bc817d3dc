"""Entry point: `uvicorn web.main:create_app --factory`.

Pages are served at the root (nginx sends `/` here); health, readiness, docs and the static files live
under `/web`. Errors are pages for people, and JSON for clients that ask for JSON.
"""

import logging
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
from web.catalog.router import router as catalog_router
from web.config import get_settings
from web.deps import get_page
from web.hosting.router import router as hosting_router
from web.inbox.router import router as inbox_router
from web.pages import BadForm, CsrfFailed, PageNotFound, SignInRequired
from web.ratings.router import router as ratings_router
from web.rendering import templates
from web.session import CookieMiddleware, csrf_key

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
    context = {
        "title": title,
        "message": message,
        "me": None,
        "unread": None,
        "csrf_token": "",
        "notice": None,
        "tz": "UTC",
        "path": request.url.path,
        **extra,
    }
    return templates.TemplateResponse(request, "error.html", context, status_code=status)


def _install_page_errors(app: FastAPI) -> None:
    async def sign_in_required(request: Request, exc: SignInRequired) -> Response:
        return RedirectResponse(f"/signin?next={quote(exc.next_path, safe='/')}", status_code=303)

    async def csrf_failed(request: Request, exc: CsrfFailed) -> Response:
        return await _error_page(
            request,
            403,
            "This form has expired",
            "The form was not sent from this site, or it is too old. Nothing was changed. "
            "Go back, reload the page and try again.",
            back=exc.back,
        )

    async def not_found(request: Request, exc: PageNotFound) -> Response:
        return await _error_page(request, 404, "Not found", exc.message)

    async def bad_form(request: Request, exc: BadForm) -> Response:
        return await _error_page(
            request, 400, "Bad request", "The form could not be read. Nothing was changed."
        )

    async def unavailable(request: Request, exc: ServiceUnavailable) -> Response:
        if exc.maybe_done:
            message = (
                f"{exc.what.capitalize()} did not answer in time. Your change may or may not have been "
                "made: check before trying again."
            )
        else:
            message = f"{exc.what.capitalize()} is not answering right now. Please try again in a minute."
        return await _error_page(request, 503, "Temporarily unavailable", message)

    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            return await _error_page(request, 404, "Not found", "There is nothing at this address.")
        if exc.status_code == 405:
            return await _error_page(
                request, 405, "Not allowed", "This address does not take that kind of request."
            )
        return await _error_page(request, exc.status_code, "Error", str(exc.detail))

    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        return await _error_page(
            request, 400, "Bad request", "The address or form has values this page cannot use."
        )

    async def unexpected(request: Request, exc: Exception) -> Response:
        logger.exception("unhandled error on %s %s", request.method, request.url.path)
        return await _error_page(request, 500, "Something went wrong", "The error has been logged.")

    add_handler(app, SignInRequired, sign_in_required)
    add_handler(app, CsrfFailed, csrf_failed)
    add_handler(app, PageNotFound, not_found)
    add_handler(app, BadForm, bad_form)
    add_handler(app, ServiceUnavailable, unavailable)
    add_handler(app, StarletteHTTPException, http_error)
    add_handler(app, RequestValidationError, invalid_request)
    add_handler(app, Exception, unexpected)


def create_app() -> FastAPI:
    app = create_service_app(
        settings=get_settings(),
        title="Kinoclub web",
        description=DESCRIPTION,
        root_routers=[
            accounts_router,
            catalog_router,
            bookings_router,
            hosting_router,
            ratings_router,
            inbox_router,
        ],
        on_startup=[_start],
        use_database=False,
    )
    app.mount("/web/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_middleware(CookieMiddleware)
    _install_page_errors(app)
    return app
