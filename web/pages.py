"""What every page handler gets: the person, the APIs, forms with CSRF checked, and rendering."""

from __future__ import annotations

import asyncio
import logging
import uuid
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.datastructures import UploadFile

from common.cache import Cache
from common.clock import Clock
from common.security import Principal
from web.api import Api, ServiceUnavailable
from web.config import Settings
from web.forms import FormErrors
from web.i18n import LANGUAGE_COOKIE, LANGUAGE_NAMES, LANGUAGES, N_, _, negotiate, set_language
from web.rendering import templates
from web.session import CSRF_FIELD, Session

logger = logging.getLogger(__name__)

# What a redirect may announce on the page it lands on (`?notice=`): fixed texts, never user input.
NOTICES = {
    "signed_in": N_("Welcome back."),
    "signed_up": N_("Your account is ready."),
    "signed_out": N_("You are signed out."),
    "booked": N_("Booked. See you there!"),
    "seats_changed": N_("Your booking now has the new number of seats."),
    "cancelled": N_("Your booking is cancelled."),
    "requested": N_("Your request is sent. The host is told and answers here and in your inbox."),
    "withdrawn": N_("Your request is withdrawn."),
    "waiting": N_("You are on the waiting list. We will tell you when seats free up."),
    "left_waitlist": N_("You have left the waiting list."),
    "claimed": N_("The seats are yours. See you there!"),
    "claimed_pending": N_("The seats are held for you: the host approves each booking and answers soon."),
    "offer_declined": N_("You passed the seats on to the next person on the waiting list."),
    "approved": N_("The request is approved; the guest is told."),
    "declined": N_("The request is declined; the guest is told."),
    "removed": N_("The guest is removed and told why; their seats go to the waiting list."),
    "blocked": N_("This person can no longer book your evenings."),
    "unblocked": N_("This person can book your evenings again."),
    "event_saved": N_("The evening is saved."),
    "reported": N_("Thank you: the moderators will look at your report."),
    "report_resolved": N_("The report is resolved."),
    "place_saved": N_("The place is saved."),
    "place_deleted": N_("The place is deleted."),
    "event_created": N_("The evening is on your schedule."),
    "schedule_created": N_("The weekly schedule is created."),
    "event_cancelled": N_("The evening is cancelled; its guests are told."),
    "attendance_saved": N_("Attendance is saved."),
    "rated": N_("Thank you: your rating is saved. It is shown once the other side has rated, or in 14 days."),
    "read": N_("Marked as read."),
    "all_read": N_("All messages are marked as read."),
}


class SignInRequired(Exception):
    def __init__(self, next_path: str):
        self.next_path = next_path
        super().__init__(next_path)


class CsrfFailed(Exception):
    def __init__(self, back: str):
        self.back = back
        super().__init__(back)


class PageNotFound(Exception):
    """A 404 page; `message` is a sentence already in the request's language."""

    def __init__(self, message: str | None = None):
        self.message = message or _("There is nothing at this address.")
        super().__init__(self.message)


class BadForm(Exception):
    pass


def safe_next(value: object, default: str = "/") -> str:
    """A local path to go on to after signing in: never another site (`//evil`, `https://...`)."""
    if not isinstance(value, str) or not value.startswith("/") or value.startswith(("//", "/\\")):
        return default
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or any(ord(c) < 32 for c in value):
        return default
    return value


def parse_uuid(value: str) -> str:
    """A path id, normalised; a malformed one is simply a page that does not exist."""
    try:
        return str(uuid.UUID(value))
    except (ValueError, AttributeError, TypeError) as exc:
        raise PageNotFound() from exc


def page_number(value: str | None) -> int:
    try:
        number = int(value or 1)
    except ValueError:
        return 1
    return min(max(number, 1), 100_000)


class Page:
    def __init__(self, request: Request, session: Session, settings: Settings, cache: Cache, clock: Clock):
        self.request = request
        self.session = session
        self.settings = settings
        self.cache = cache
        self.clock = clock
        self.language = negotiate(
            cookie=request.cookies.get(LANGUAGE_COOKIE),
            accept_language=request.headers.get("accept-language"),
        )
        self._catalog: dict[str, dict[str, Any]] | None = None
        self._profile: dict[str, Any] | None = None
        self._profile_loaded = False
        self._unread: asyncio.Task[int | None] | None = None
        set_language(self.language)

    async def start(self) -> None:
        """Who is at the browser and which language they read: the account's choice wins."""
        await self.session.load()
        if self.session.user_id is not None and self.request.method == "GET":
            # The unread count in the navigation: asked now, alongside the page's own calls.
            self._unread = asyncio.create_task(self._load_unread())
            # A page that ends in a redirect never awaits it: its outcome is read here, not lost.
            self._unread.add_done_callback(lambda task: task.cancelled() or task.exception())
        profile = await self.profile()
        if profile is not None and profile.get("language"):
            self.language = negotiate(
                preference=profile["language"],
                cookie=self.request.cookies.get(LANGUAGE_COOKIE),
                accept_language=self.request.headers.get("accept-language"),
            )
            set_language(self.language)

    @property
    def api(self) -> Api:
        return self.session.api

    @property
    def path(self) -> str:
        query = self.request.url.query
        return self.request.url.path + (f"?{query}" if query else "")

    async def user(self) -> Principal | None:
        return await self.session.load()

    async def require_user(self, next_path: str | None = None) -> Principal:
        principal = await self.session.load()
        if principal is None:
            if self.session.auth_unavailable:
                raise ServiceUnavailable("auth")
            raise SignInRequired(safe_next(next_path or self.path))
        return principal

    async def form(self, *, back: str) -> dict[str, str]:
        """The posted form as text fields, after the CSRF check (`back`: where the error page links)."""
        fields = await self.unchecked_form()
        await self.session.load()
        if not self.session.csrf_ok(fields.get(CSRF_FIELD)):
            raise CsrfFailed(safe_next(back))
        return fields

    async def unchecked_form(self) -> dict[str, str]:
        """The posted form's text fields before any CSRF check: only for what changes nothing."""
        try:
            data = await self.request.form(max_files=0, max_fields=500)
        except Exception as exc:
            # Starlette and python-multipart raise several kinds of error for a body that is no
            # readable form; each one means the same to the person: the form could not be read.
            raise BadForm() from exc
        fields: dict[str, str] = {}
        for key, value in data.multi_items():
            if not isinstance(value, UploadFile) and key not in fields:
                fields[key] = value
        return fields

    def redirect(self, url: str, notice: str | None = None) -> RedirectResponse:
        if notice:
            url = f"{url}{'&' if '?' in url else '?'}notice={quote(notice)}"
        return RedirectResponse(url, status_code=303)

    @property
    def default_zone(self) -> str:
        return self.settings.display_timezone

    @property
    def base_url(self) -> str:
        return self.settings.public_base_url.rstrip("/")

    async def render(self, template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
        await self.session.load()
        profile, unread = await asyncio.gather(self.profile(), self.unread())
        set_language(self.language)
        notice_key = self.request.query_params.get("notice", "")
        values = {
            "session": self.session,
            "me": profile,
            "unread": unread,
            "tz": (profile or {}).get("timezone") or self.settings.display_timezone,
            "default_zone": self.settings.display_timezone,
            "csrf_token": self.session.csrf_token(),
            "notice": _(NOTICES[notice_key]) if notice_key in NOTICES else None,
            "path": self.path,
            "lang": self.language,
            "languages": [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
            "public_base_url": self.base_url,
            "request_id": self.request.headers.get("x-request-id", ""),
            "errors": FormErrors(),
            "values": {},
            "meta": None,
            **context,
        }
        response = templates.TemplateResponse(self.request, template, values, status_code=status)
        response.headers["content-language"] = self.language
        response.headers["vary"] = "Cookie, Accept-Language"
        return response

    # -- data shared by many pages ------------------------------------------------------------------
    async def profile(self) -> dict[str, Any] | None:
        """The signed-in person's name, groups, language and time zone (cached a few minutes)."""
        if not self._profile_loaded:
            self._profile = await self._load_profile()
            self._profile_loaded = True
        return self._profile

    async def forget_profile(self) -> None:
        """After the person changed something the profile holds (their language)."""
        if self.session.user_id is not None:
            await self.cache.invalidate(delete=[f"profile:{self.session.user_id}"], bump=[])
        self._profile_loaded = False

    async def _load_profile(self) -> dict[str, Any] | None:
        user_id = self.session.user_id
        if user_id is None:
            return None
        key = f"profile:{user_id}"
        cached = await self.cache.get_json(key)
        if cached is not None:
            return cached
        me, prefs = await asyncio.gather(
            self.api.get("auth", "/auth/v1/me"),
            self.api.get("notification", "/notification/v1/settings"),
            return_exceptions=True,
        )
        if isinstance(me, BaseException) or not me.ok or not isinstance(me.body, dict):
            # Shown without a name while auth is away; not cached, so it comes back with auth.
            return {"id": user_id, "name": "", "groups": [], "timezone": None, "language": None}
        settings_known = not isinstance(prefs, BaseException) and prefs.ok and isinstance(prefs.body, dict)
        profile = {
            "id": user_id,
            "name": me.body.get("name", ""),
            "email": me.body.get("email", ""),
            "groups": me.body.get("groups", []),
            "language": me.body.get("language"),
            "timezone": prefs.body.get("timezone") if settings_known else None,  # type: ignore[union-attr]
        }
        if settings_known:
            await self.cache.set_json(key, profile, ttl=self.settings.profile_cache_seconds)
        return profile

    async def unread(self) -> int | None:
        if self._unread is not None:
            return await self._unread
        return await self._load_unread()

    async def _load_unread(self) -> int | None:
        if self.session.user_id is None:
            return None
        try:
            answer = await self.api.get("notification", "/notification/v1/inbox", params={"size": 1})
        except ServiceUnavailable:
            return None
        if answer.ok and isinstance(answer.body, dict):
            return answer.body.get("unread")
        return None

    async def catalog(self) -> dict[str, dict[str, Any]]:
        """Every watch-party film by id (cached): titles, years and genres for lists and forms."""
        if self._catalog is None:
            self._catalog = await self._load_catalog()
        return self._catalog

    async def _load_catalog(self) -> dict[str, dict[str, Any]]:
        cached = await self.cache.get_json("catalog:watch_party")
        if cached is not None:
            return cached
        films: dict[str, dict[str, Any]] = {}
        page = 1
        while True:
            try:
                answer = await self.api.get(
                    "movie",
                    "/movie_api/v1/movies",
                    params={"watch_party": "true", "size": 100, "page": page},
                    as_user=False,
                )
            except ServiceUnavailable:
                # Lists still show the titles booking copied onto its events, without year and genres.
                return films
            if not answer.ok:
                break
            for film in answer.body.get("items", []):
                films[film["id"]] = film
            if page * 100 >= answer.body.get("total", 0) or page >= 20:
                break
            page += 1
        if films:
            await self.cache.set_json("catalog:watch_party", films, ttl=self.settings.catalog_cache_seconds)
        return films

    async def movie(self, movie_id: str) -> dict[str, Any] | None:
        films = await self.catalog()
        if movie_id in films:
            return films[movie_id]
        answer = await self.api.get("movie", f"/movie_api/v1/movie/{movie_id}", as_user=False)
        return answer.body if answer.ok else None

    async def names(self, user_ids: list[str]) -> dict[str, str]:
        """Display names of people (one call for up to 100)."""
        wanted = list(dict.fromkeys(user_ids))[:100]
        if not wanted:
            return {}
        answer = await self.api.get("auth", "/auth/v1/profiles", params={"id": wanted}, as_user=False)
        if not answer.ok or not isinstance(answer.body, list):
            return {}
        return {person["id"]: person["name"] for person in answer.body}
