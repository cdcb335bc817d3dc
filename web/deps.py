"""Annotated dependencies of the pages (async, so FastAPI runs them without a thread hop)."""

from typing import Annotated

from fastapi import Depends, Request

from web.api import Api
from web.pages import Page
from web.session import Session


async def get_page(request: Request) -> Page:
    state = request.app.state
    bases = state.api_bases

    def api_for(session: Session) -> Api:
        return Api(http=state.http, bases=bases, session=session)

    session = Session(
        request,
        settings=state.settings,
        verifier=state.verifier,
        cache=state.cache,
        api_factory=api_for,
        csrf_secret=state.csrf_secret,
    )
    page = Page(request, session, state.settings, state.cache, state.clock)
    await page.start()
    return page


PageDep = Annotated[Page, Depends(get_page)]
