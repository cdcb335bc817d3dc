"""The inbox: my messages, newest first; the unread count is in the navigation of every page."""

from fastapi import APIRouter
from fastapi.responses import Response

from web.api import ServiceUnavailable, page_of
from web.deps import PageDep
from web.i18n import _
from web.pages import PageNotFound, page_number, parse_uuid

router = APIRouter(include_in_schema=False)


@router.get("/inbox")
async def inbox(page: PageDep, p: str | None = None) -> Response:
    """My messages."""
    await page.require_user()
    number = page_number(p)
    answer = await page.api.get("notification", "/notification/v1/inbox", params={"page": number, "size": 20})
    listing = page_of(answer)
    return await page.render(
        "inbox/list.html",
        messages=listing["items"],
        listing=listing,
        number=number,
        pages=max(1, -(-listing["total"] // 20)),
        inbox_unread=answer.body.get("unread") if answer.ok else None,
    )


@router.post("/inbox/read-all")
async def mark_all_read(page: PageDep) -> Response:
    """Mark every message read."""
    await page.require_user(next_path="/inbox")
    await page.form(back="/inbox")
    answer = await page.api.post("notification", "/notification/v1/inbox/read-all")
    if not answer.ok:
        raise ServiceUnavailable("notification")
    return page.redirect("/inbox", "all_read")


@router.post("/inbox/{message_id}/read")
async def mark_read(page: PageDep, message_id: str) -> Response:
    """Mark one message read."""
    message_id = parse_uuid(message_id)
    await page.require_user(next_path="/inbox")
    form = await page.form(back="/inbox")
    answer = await page.api.post("notification", f"/notification/v1/inbox/{message_id}/read")
    if not answer.ok:
        raise PageNotFound(_("There is no such message in your inbox."))
    number = page_number(form.get("p"))
    return page.redirect(f"/inbox?p={number}" if number > 1 else "/inbox", "read")
