"""Sign up, sign in and sign out: the tokens go into HttpOnly cookies (web/session.py)."""

from urllib.parse import quote

from fastapi import APIRouter
from fastapi.responses import Response

from web.deps import PageDep
from web.forms import FormErrors, errors_from, text
from web.i18n import _, supported
from web.language import remember_language
from web.pages import Page, safe_next

router = APIRouter(include_in_schema=False)

SIGN_UP_FIELDS = ("email", "name", "password")
SIGN_UP_CODES: dict[str, str | None] = {"email_taken": "email"}
SIGN_IN_FIELDS = ("email", "password")
SIGN_IN_CODES: dict[str, str | None] = {
    "invalid_credentials": "password",
    "too_many_login_attempts": "password",
}


@router.get("/signin")
async def sign_in_page(page: PageDep, next: str = "/") -> Response:
    """The sign-in form."""
    return await page.render("accounts/signin.html", next=safe_next(next))


@router.post("/signin")
async def sign_in(page: PageDep) -> Response:
    """Sign in with email and password."""
    form = await page.form(back="/signin")
    next_path = safe_next(form.get("next"))
    values = {"email": text(form, "email")}
    errors = FormErrors()
    if not values["email"]:
        errors.add("email", _("Enter your email."))
    if not form.get("password"):
        errors.add("password", _("Enter your password."))
    if not errors:
        answer = await page.api.post(
            "auth",
            "/auth/v1/login",
            json={"email": values["email"], "password": form.get("password", "")},
            as_user=False,
        )
        if answer.ok:
            await page.session.sign_in(answer.body)
            await _adopt_account_language(page)
            return page.redirect(next_path, "signed_in" if next_path == "/" else None)
        errors = errors_from(answer, fields=SIGN_IN_FIELDS, codes=SIGN_IN_CODES)
    return await page.render("accounts/signin.html", status=400, errors=errors, values=values, next=next_path)


@router.get("/signup")
async def sign_up_page(page: PageDep, next: str = "/") -> Response:
    """The sign-up form."""
    return await page.render("accounts/signup.html", next=safe_next(next))


@router.post("/signup")
async def sign_up(page: PageDep) -> Response:
    """Create an account, then sign in with it."""
    form = await page.form(back="/signup")
    next_path = safe_next(form.get("next"))
    values = {"email": text(form, "email"), "name": text(form, "name")}
    password = form.get("password", "")
    answer = await page.api.post(
        "auth", "/auth/v1/register/", json={**values, "password": password}, as_user=False
    )
    if answer.status == 201:
        login = await page.api.post(
            "auth", "/auth/v1/login", json={"email": values["email"], "password": password}, as_user=False
        )
        if login.ok:
            await page.session.sign_in(login.body)
            # A new account reads the site in the language it was made in (notifications too).
            await page.api.call("auth", "PATCH", "/auth/v1/me", json={"language": page.language})
            return page.redirect(next_path, "signed_up" if next_path == "/" else None)
        return page.redirect(f"/signin?next={quote(next_path, safe='/')}")
    errors = errors_from(answer, fields=SIGN_UP_FIELDS, codes=SIGN_UP_CODES)
    return await page.render("accounts/signup.html", status=400, errors=errors, values=values, next=next_path)


async def _adopt_account_language(page: Page) -> None:
    """After sign-in, the account's language (when it has one) becomes this browser's too."""
    await page.forget_profile()
    profile = await page.profile()
    language = supported((profile or {}).get("language"))
    if language is not None:
        remember_language(page, language)


@router.post("/signout")
async def sign_out(page: PageDep) -> Response:
    """End the session: auth revokes the refresh token's family, the cookies go."""
    if await page.user() is None:
        # Already signed out (the session ran out): nothing to protect, only cookies to drop.
        page.session.sign_out()
        return page.redirect("/", "signed_out")
    await page.form(back="/")
    if page.session.refresh_token:
        await page.api.post(
            "auth", "/auth/v1/logout", json={"refresh_token": page.session.refresh_token}, as_user=False
        )
    page.session.sign_out()
    return page.redirect("/", "signed_out")
