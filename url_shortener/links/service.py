"""Use cases of short links: shorten a URL, follow a code, read a link's stats, count clicks."""

import hashlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from common.cache import Cache
from common.clock import Clock
from common.pagination import Page, PageParams
from common.security import Principal
from url_shortener.config import Settings
from url_shortener.links.clicks import ClickCounter
from url_shortener.links.codes import CODE_SHAPE, CodeGenerator, check_alias, code_generator
from url_shortener.links.exceptions import (
    AliasTaken,
    CodeSpaceExhausted,
    ExpiryInPast,
    ExpiryTooFar,
    LinkExpired,
    LinkNotFound,
)
from url_shortener.links.models import Link
from url_shortener.links.schemas import LinkOut, LinkStats
from url_shortener.links.targets import TargetPolicy
from url_shortener.uow import ShortenerUnitOfWork


@dataclass(frozen=True)
class Shortened:
    link: LinkOut
    created: bool


def cache_key(code: str) -> str:
    return f"link:{code}"


def _dedup_key(owner: Principal, url: str) -> str:
    return hashlib.sha256(f"{owner.kind}\n{owner.subject}\n{url}".encode()).hexdigest()


def _expired(link: Link, now: datetime) -> bool:
    return link.expires_at is not None and link.expires_at <= now


def _owns(owner: Principal, link: Link) -> bool:
    return link.owner_kind == owner.kind and link.owner_id == owner.subject


def _out(link: Link, settings: Settings) -> LinkOut:
    return LinkOut(
        code=link.code, short_url=settings.short_url(link.code), url=link.url, expires_at=link.expires_at
    )


def _cache_entry(url: str, expires_at: datetime | None) -> dict[str, Any]:
    return {"url": url, "exp": None if expires_at is None else expires_at.timestamp()}


async def shorten(
    *,
    uow: ShortenerUnitOfWork,
    cache: Cache,
    clock: Clock,
    settings: Settings,
    policy: TargetPolicy,
    owner: Principal,
    url: str,
    expires_at: datetime | None = None,
    alias: str | None = None,
    code_length: int | None = None,
    new_code: CodeGenerator | None = None,
) -> Shortened:
    """A short link for `url`, owned by the caller (a user or a service).

    Without an alias the owner's live link for the same URL is returned when there is one
    (`created=False`); with an alias, the alias is the code, and asking again for the same alias
    and URL returns that link, while an alias held by anyone else or for another URL is 409.
    """
    target = policy.check(url)
    now = clock.now()
    if expires_at is not None:
        if expires_at <= now:
            raise ExpiryInPast(expires_at=expires_at)
        if expires_at - now > timedelta(days=settings.max_link_lifetime_days):
            raise ExpiryTooFar(
                f"expires_at may be at most {settings.max_link_lifetime_days} days ahead.",
                max_days=settings.max_link_lifetime_days,
            )
        expires_at = expires_at.astimezone(UTC)
    if alias is not None:
        alias = check_alias(alias, min_length=settings.alias_min_length, max_length=settings.alias_max_length)
    length = max(settings.code_length, code_length or 0)
    new_code = new_code or code_generator(settings.code_alphabet, length)

    def candidate(code: str, *, dedup_key: str | None, is_alias: bool) -> Link:
        return Link(
            id=uuid.uuid4(),
            code=code,
            url=target,
            owner_kind=owner.kind,
            owner_id=owner.subject,
            is_alias=is_alias,
            dedup_key=dedup_key,
            clicks=0,
            created_at=now,
            expires_at=expires_at,
        )

    async with uow:
        if alias is not None:
            link = candidate(alias, dedup_key=None, is_alias=True)
            if not await uow.links.insert(link):
                existing = await uow.links.get_by_code(alias)
                if (
                    existing
                    and _owns(owner, existing)
                    and existing.url == target
                    and not _expired(existing, now)
                ):
                    return Shortened(_out(existing, settings), created=False)
                raise AliasTaken(alias=alias)
        else:
            key = _dedup_key(owner, target)
            existing = await uow.links.get_by_dedup_key(key)
            if existing is not None:
                if not _expired(existing, now):
                    return Shortened(_out(existing, settings), created=False)
                await uow.links.release_dedup_key(existing.id)
            for _ in range(settings.code_attempts):
                link = candidate(new_code(), dedup_key=key, is_alias=False)
                if await uow.links.insert(link):
                    break
                # Either the code was taken (draw another) or the same owner shortened the same
                # URL at the same moment (its link is committed now: answer with it).
                twin = await uow.links.get_by_dedup_key(key)
                if twin is not None and not _expired(twin, now):
                    return Shortened(_out(twin, settings), created=False)
            else:
                raise CodeSpaceExhausted()
        await uow.commit()
    # Written rather than deleted: it replaces a "missing" entry for an alias someone tried before.
    await cache.set_json(cache_key(link.code), _cache_entry(target, expires_at), settings.link_cache_seconds)
    return Shortened(_out(link, settings), created=True)


async def follow(
    *,
    uow: ShortenerUnitOfWork,
    cache: Cache,
    clock: Clock,
    clicks: ClickCounter,
    code: str,
    link_ttl: int,
    missing_ttl: int,
    count: bool = True,
) -> str:
    """The target of a code, counting the click (unless `count` is off, for HEAD): from Redis, else
    PostgreSQL (then cached).

    Unknown codes are cached too, briefly, so a flood of made-up codes does not reach the database.
    """
    if not CODE_SHAPE.match(code):
        raise LinkNotFound()
    key = cache_key(code)
    entry = await cache.get_json(key)
    if entry is None:
        async with uow:
            found = await uow.links.target_of(code)
        if found is None:
            await cache.set_json(key, {"missing": True}, missing_ttl)
            raise LinkNotFound()
        entry = _cache_entry(*found)
        await cache.set_json(key, entry, link_ttl)
    if entry.get("missing"):
        raise LinkNotFound()
    expires = entry.get("exp")
    if expires is not None and expires <= clock.now().timestamp():
        raise LinkExpired()
    if count:
        clicks.hit(code)
    return str(entry["url"])


def _stats(link: Link, settings: Settings, now: datetime) -> LinkStats:
    return LinkStats(
        **_out(link, settings).model_dump(),
        clicks=link.clicks,
        created_at=link.created_at,
        expired=_expired(link, now),
        alias=link.is_alias,
    )


async def link_stats(
    *, uow: ShortenerUnitOfWork, clock: Clock, settings: Settings, owner: Principal, code: str
) -> LinkStats:
    """The owner's view of a link; to anyone else the link does not exist (404, not 403)."""
    if not CODE_SHAPE.match(code):
        raise LinkNotFound()
    async with uow:
        link = await uow.links.get_by_code(code)
    if link is None or not _owns(owner, link):
        raise LinkNotFound()
    return _stats(link, settings, clock.now())


async def my_links(
    *, uow: ShortenerUnitOfWork, clock: Clock, settings: Settings, owner: Principal, page: PageParams
) -> Page[LinkStats]:
    """The caller's links, newest first."""
    async with uow:
        links, total = await uow.links.list_by_owner(
            owner.kind, owner.subject, offset=page.offset, limit=page.limit
        )
    now = clock.now()
    return Page[LinkStats].of([_stats(link, settings, now) for link in links], total, page)


async def record_clicks(*, uow: ShortenerUnitOfWork, counts: Mapping[str, int]) -> None:
    """Add a batch of click counts (code -> clicks) in one transaction."""
    async with uow:
        await uow.links.add_clicks(counts)
        await uow.commit()
