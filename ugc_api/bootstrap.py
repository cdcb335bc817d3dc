"""Demo data, run by `make run` on every start (so every step is idempotent): friendships, film
subscriptions, reviews and votes among the demo people of `common.demo` (the same ids as in auth).

The films come from the Movie API's catalog file (`movie_api/data/films.json`, read as data, not
imported as code); without it the film-dependent rows are skipped and only friendships are made.
"""

import importlib.util
import json
import logging
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from common.db import Database
from common.demo import DEMO_USERS
from ugc_api.friends.models import FriendLink
from ugc_api.reviews.models import DISLIKE, LIKE, Review, ReviewVote
from ugc_api.subscriptions.models import Subscription

logger = logging.getLogger(__name__)

ANNA, BORIS, VERA, GLEB, DINA = (user.id for user in DEMO_USERS[:5])

# Demo ids are derived, so every start (and every machine) makes the same rows.
_NAMESPACE = uuid.UUID("5f0c1e9a-3b7d-4c2e-9a41-6d8e2f7b0c13")

# Watch-party films the demo revolves around, so that booking's demo events have subscribers to notify.
PREFERRED_TITLES = ("Solaris", "The Irony of Fate", "Amélie", "Spirited Away")

# Both added each other: friends. The hosts (Anna, Boris) have friends to tell about their parties.
FRIENDS = ((ANNA, BORIS), (ANNA, VERA), (ANNA, GLEB), (BORIS, VERA), (BORIS, DINA))
# Only the first added the second: a request waiting in Anna's incoming list.
REQUESTS = ((DINA, ANNA),)

# (user, film index) pairs.
SUBSCRIPTIONS = ((VERA, 0), (GLEB, 0), (DINA, 0), (VERA, 1), (DINA, 1), (GLEB, 2), (ANNA, 3))

# (author, film index, score, text)
REVIEWS = (
    (ANNA, 0, 9, "Slow, strange and beautiful: a film about memory more than about space."),
    (BORIS, 0, 7, "Hypnotic, though the first hour tests your patience. Worth it on a big screen."),
    (VERA, 1, 10, "We watch it every New Year's Eve, and it still makes the whole family laugh."),
    (GLEB, 2, 6, "Charming and very pretty, if a little too sweet for my taste."),
)

# (voter, index into REVIEWS, value)
VOTES = ((BORIS, 0, LIKE), (VERA, 0, LIKE), (GLEB, 0, DISLIKE), (ANNA, 2, LIKE), (DINA, 2, LIKE))


def catalog_path() -> Path | None:
    """The Movie API's catalog file, in the source tree or the installed package, if it is there."""
    try:
        spec = importlib.util.find_spec("movie_api")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "films.json"
    return path if path.is_file() else None


def pick_films(records: list[dict[str, Any]], count: int) -> list[uuid.UUID]:
    """`count` watch-party films: the preferred titles first, then others in file order."""
    bookable = [r for r in records if r.get("watch_party")]
    by_title = {r.get("title"): r for r in bookable}
    chosen = [by_title[title] for title in PREFERRED_TITLES if title in by_title]
    chosen += [r for r in bookable if r not in chosen]
    return [uuid.UUID(str(r["id"])) for r in chosen[:count]]


def load_demo_films(count: int = len(PREFERRED_TITLES)) -> list[uuid.UUID]:
    """Film ids for the demo rows; empty when the catalog file is missing or unreadable."""
    path = catalog_path()
    if path is None:
        return []
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
        films = pick_films(records, count)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        logger.warning("cannot read the film catalog at %s: %s", path, exc)
        return []
    return films if len(films) == count else []


DEMO_FILMS = load_demo_films()


def review_id(author: uuid.UUID, movie_id: uuid.UUID) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, f"review:{author}:{movie_id}")


async def run(database_url: str, *, demo: bool, data_dir: Path) -> None:
    """With `demo`, create the demo friendships, subscriptions, reviews and votes that are missing."""
    if not demo:
        return
    database = Database(database_url, pool_size=1, max_overflow=0, application_name="ugc_api-bootstrap")
    try:
        async with database.sessionmaker() as session:
            now = datetime.now(UTC)
            await _friends(session, now)
            if DEMO_FILMS:
                await _film_rows(session, now, DEMO_FILMS)
            else:
                logger.warning("no film catalog file: demo subscriptions and reviews skipped")
            await session.commit()
    finally:
        await database.dispose()


async def _friends(session: AsyncSession, now: datetime) -> None:
    links = [*FRIENDS, *((b, a) for a, b in FRIENDS), *REQUESTS]
    await session.execute(
        insert(FriendLink)
        .values([{"user_id": a, "friend_id": b, "created_at": now} for a, b in links])
        .on_conflict_do_nothing()
    )


async def _film_rows(session: AsyncSession, now: datetime, films: list[uuid.UUID]) -> None:
    await session.execute(
        insert(Subscription)
        .values([{"movie_id": films[i], "user_id": user, "created_at": now} for user, i in SUBSCRIPTIONS])
        .on_conflict_do_nothing()
    )
    reviews = [
        {
            "id": review_id(author, films[i]),
            "movie_id": films[i],
            "user_id": author,
            "score": score,
            "text": text,
            "created_at": now,
            "updated_at": now,
        }
        for author, i, score, text in REVIEWS
    ]
    # No conflict target: a demo user who replaced their demo review keeps their own one.
    await session.execute(insert(Review).values(reviews).on_conflict_do_nothing())
    present = set(
        (await session.scalars(select(Review.id).where(Review.id.in_([r["id"] for r in reviews])))).all()
    )
    # Votes on a demo review its author has deleted (or replaced) are not brought back.
    votes = [
        {
            "review_id": reviews[i]["id"],
            "user_id": voter,
            "value": value,
            "created_at": now,
            "updated_at": now,
        }
        for voter, i, value in VOTES
        if reviews[i]["id"] in present
    ]
    if votes:
        await session.execute(insert(ReviewVote).values(votes).on_conflict_do_nothing())
