"""Use cases of film subscriptions: who wants to hear about new watch parties of a film."""

import uuid

from common.clock import Clock
from common.pagination import Page, PageParams
from ugc_api.integrations.movies import MovieCatalog
from ugc_api.subscriptions.schemas import SubscribedMovie, Subscriber, SubscriptionOut
from ugc_api.uow import UgcUnitOfWork


async def subscribe(
    *, uow: UgcUnitOfWork, movies: MovieCatalog, clock: Clock, user_id: uuid.UUID, movie_id: uuid.UUID
) -> SubscriptionOut:
    """Subscribe to a film of the catalog; subscribing again keeps the first subscription."""
    await movies.require(movie_id)
    async with uow:
        subscription = await uow.subscriptions.add(movie_id, user_id, at=clock.now())
        await uow.commit()
    return SubscriptionOut.model_validate(subscription)


async def unsubscribe(*, uow: UgcUnitOfWork, user_id: uuid.UUID, movie_id: uuid.UUID) -> None:
    """Drop the subscription if there is one."""
    async with uow:
        await uow.subscriptions.remove(movie_id, user_id)
        await uow.commit()


async def list_subscribers(*, uow: UgcUnitOfWork, movie_id: uuid.UUID, page: PageParams) -> Page[Subscriber]:
    """A film's subscribers, earliest first."""
    async with uow:
        rows, total = await uow.subscriptions.subscribers(movie_id, offset=page.offset, limit=page.limit)
        return Page.of([Subscriber.model_validate(row) for row in rows], total, page)


async def list_my_films(*, uow: UgcUnitOfWork, user_id: uuid.UUID, page: PageParams) -> Page[SubscribedMovie]:
    """The films a user is subscribed to, latest first."""
    async with uow:
        rows, total = await uow.subscriptions.of_user(user_id, offset=page.offset, limit=page.limit)
        return Page.of([SubscribedMovie.model_validate(row) for row in rows], total, page)
