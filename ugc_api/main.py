"""Entry point: `uvicorn ugc_api.main:create_app --factory`."""

from fastapi import FastAPI

from common.app import create_service_app
from common.clock import SystemClock
from common.service_client import ServiceClient
from ugc_api.accounts.router import router as accounts_router
from ugc_api.config import get_settings
from ugc_api.friends.router import router as friends_router
from ugc_api.integrations.movies import MovieApiUnavailable, MovieCatalog
from ugc_api.reviews.router import router as reviews_router
from ugc_api.subscriptions.router import router as subscriptions_router

DESCRIPTION = """Friends, film subscriptions, reviews and review likes. More in `docs/ugc.md`.

**Friends: mutual once both add.** `PUT /ugc/v1/me/friends/{id}` adds a person; until they add you
back it is a request (`status: requested`, listed under `/ugc/v1/me/friend_requests` for both of
you), and when both have added each other you are friends (`status: friends`).
`DELETE /ugc/v1/me/friends/{id}` unfriends, cancels your request or declines theirs, and removes both
sides, so reconnecting takes both adding again. Any UUID can be added: UGC does not ask auth whether a
person exists, and a request to an id that is no account simply never becomes a friendship.

**Visibility.** Confirmed friends (`GET /ugc/v1/friends/{user_id}`) and a film's subscribers
(`subscribers/{movie_id}`) are shown to any signed-in user and to services (the notification service
reads them with its service token); pending requests only to the two people concerned. Reviews,
`review_info` and `likes_count` are public.

**Films.** Subscribing and reviewing check the film with the Movie API: an id it does not know is
422 `movie_not_found`, and 503 `movie_api_unavailable` when it cannot be asked (nothing is changed).
Reads never ask it: an unknown film has no subscribers and no reviews.

**Reviews and votes.** One review per user per film (409 `review_exists`); only the author edits it,
the author, a moderator or an admin deletes it (its votes go with it). One vote per user per review:
voting again switches it; nobody votes on their own review (403 `own_review_vote`).

**Banned people** read but change nothing: every write answers 403 `banned` (the shared token check).

**Deleted accounts.** When a person deletes their account (auth tells UGC with `account.deleted`),
their reviews stay with `user_id: null` ("deleted user"); their votes, friendships, requests and
subscriptions go.

The brief's paths answer exactly as written (POST) and have GET twins with the same answer.
"""


async def _start(app: FastAPI) -> None:
    settings = app.state.settings
    app.state.clock = SystemClock()
    movies = ServiceClient(
        app.state.http,
        base_url=settings.movie_url,
        unavailable=MovieApiUnavailable,
        detail=MovieApiUnavailable.detail,
    )
    app.state.movies = MovieCatalog(movies, app.state.cache, ttl=settings.movie_exists_cache_seconds)


def create_app() -> FastAPI:
    return create_service_app(
        settings=get_settings(),
        title="Kinoclub UGC API",
        description=DESCRIPTION,
        routers=[friends_router, subscriptions_router, reviews_router, accounts_router],
        on_startup=[_start],
    )
