"""Routes of short links: create and inspect them under /url/v1, follow them at /s/{code}."""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Response
from fastapi.responses import RedirectResponse

from common.errors import NotAuthenticated, error_responses
from common.pagination import Page, Pagination
from common.security import AnyPrincipal, InvalidToken
from url_shortener.deps import CacheDep, ClicksDep, ClockDep, PolicyDep, SettingsDep, UnitOfWork
from url_shortener.links import service
from url_shortener.links.exceptions import (
    AliasReserved,
    AliasTaken,
    CodeSpaceExhausted,
    ExpiryInPast,
    ExpiryTooFar,
    InvalidAlias,
    InvalidUrl,
    LinkExpired,
    LinkNotFound,
    UrlHostNotAllowed,
    UrlIsShortLink,
    UrlSchemeNotAllowed,
    UrlTooLong,
)
from url_shortener.links.schemas import LinkCreate, LinkOut, LinkStats

router = APIRouter(tags=["links"])
redirect_router = APIRouter(tags=["redirect"])

Code = Annotated[str, Path(description="The link's code or alias.")]


@router.post(
    "/v1/links",
    status_code=201,
    response_model=LinkOut,
    responses={
        200: {"model": LinkOut, "description": "The caller's existing link for this URL (or alias)."},
        **error_responses(
            NotAuthenticated,
            InvalidToken,
            AliasTaken,
            InvalidUrl,
            UrlTooLong,
            UrlSchemeNotAllowed,
            UrlHostNotAllowed,
            UrlIsShortLink,
            ExpiryInPast,
            ExpiryTooFar,
            InvalidAlias,
            AliasReserved,
            CodeSpaceExhausted,
        ),
    },
)
async def create_link(
    body: LinkCreate,
    owner: AnyPrincipal,
    response: Response,
    uow: UnitOfWork,
    cache: CacheDep,
    clock: ClockDep,
    settings: SettingsDep,
    policy: PolicyDep,
) -> Any:
    """Shorten a URL (users and services): 201 for a new link, 200 with the caller's existing one."""
    result = await service.shorten(
        uow=uow,
        cache=cache,
        clock=clock,
        settings=settings,
        policy=policy,
        owner=owner,
        url=body.url,
        expires_at=body.expires_at,
        alias=body.alias,
        code_length=body.code_length,
    )
    if not result.created:
        response.status_code = 200
    return result.link


@router.get(
    "/v1/links", response_model=Page[LinkStats], responses=error_responses(NotAuthenticated, InvalidToken)
)
async def list_links(
    owner: AnyPrincipal, uow: UnitOfWork, clock: ClockDep, settings: SettingsDep, page: Pagination
) -> Any:
    """The caller's links with their click counts, newest first."""
    return await service.my_links(uow=uow, clock=clock, settings=settings, owner=owner, page=page)


@router.get(
    "/v1/links/{code}",
    response_model=LinkStats,
    responses=error_responses(NotAuthenticated, InvalidToken, LinkNotFound),
)
async def get_link(
    owner: AnyPrincipal, code: Code, uow: UnitOfWork, clock: ClockDep, settings: SettingsDep
) -> Any:
    """A link's stats (clicks, created, expires) for its owner; 404 for everyone else."""
    return await service.link_stats(uow=uow, clock=clock, settings=settings, owner=owner, code=code)


@redirect_router.get(
    "/s/{code}",
    status_code=302,
    response_class=RedirectResponse,
    responses={
        302: {"description": "Redirect to the link's target (`Location`)."},
        **error_responses(LinkNotFound, LinkExpired),
    },
)
async def follow_link(
    code: Code, uow: UnitOfWork, cache: CacheDep, clock: ClockDep, clicks: ClicksDep, settings: SettingsDep
) -> RedirectResponse:
    """Follow a short link: 302 to its target, 404 for an unknown code, 410 once it has expired."""
    return await _redirect(code, uow, cache, clock, clicks, settings, count=True)


@redirect_router.head(
    "/s/{code}",
    status_code=302,
    response_class=RedirectResponse,
    responses={
        302: {"description": "Where the link leads (`Location`); not counted as a click."},
        **error_responses(LinkNotFound, LinkExpired),
    },
)
async def check_link(
    code: Code, uow: UnitOfWork, cache: CacheDep, clock: ClockDep, clicks: ClicksDep, settings: SettingsDep
) -> RedirectResponse:
    """Where a short link leads, for link checkers and previewers: the GET's answer without a body,
    and no click counted."""
    return await _redirect(code, uow, cache, clock, clicks, settings, count=False)


async def _redirect(
    code: str,
    uow: UnitOfWork,
    cache: CacheDep,
    clock: ClockDep,
    clicks: ClicksDep,
    settings: SettingsDep,
    *,
    count: bool,
) -> RedirectResponse:
    target = await service.follow(
        uow=uow,
        cache=cache,
        clock=clock,
        clicks=clicks,
        code=code,
        link_ttl=settings.link_cache_seconds,
        missing_ttl=settings.missing_link_cache_seconds,
        count=count,
    )
    # no-store: a browser that cached the redirect would skip the click count next time.
    return RedirectResponse(target, status_code=302, headers={"Cache-Control": "private, no-store"})
