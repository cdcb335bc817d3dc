"""The demo data `make run` loads: friendships, subscriptions, reviews and votes among the demo people
(the same ids as in auth), on films of the catalog, and loading it again changes nothing."""

import asyncio
import uuid
from pathlib import Path

import httpx
import pytest

from common.demo import DEMO_USERS
from devstack.stack import Stack
from movie_api.movies.catalog import load_films
from tests.factories import TestUser, login
from tests.ugc.helpers import ids, ok
from ugc_api import bootstrap

ANNA, BORIS, VERA, GLEB, DINA = (str(user.id) for user in DEMO_USERS[:5])
SOLARIS = next(film.id for film in load_films() if film.title == "Solaris")


@pytest.fixture(scope="module")
def anna(stack: Stack) -> TestUser:
    return login(stack, DEMO_USERS[0].email)


def snapshot(gateway: httpx.Client, anna: TestUser) -> dict[str, object]:
    films = bootstrap.DEMO_FILMS
    return {
        "friends": {
            user: ids(ok(gateway.get(f"/ugc/v1/friends/{user}", headers=anna.headers)))
            for user in (ANNA, BORIS, VERA, GLEB, DINA)
        },
        "requests": ids(ok(gateway.get("/ugc/v1/me/friend_requests", headers=anna.headers))),
        "subscribers": [
            ids(ok(gateway.get(f"/ugc/v1/subscribers/{film}", headers=anna.headers))) for film in films
        ],
        "reviews": [ok(gateway.get(f"/ugc/v1/movies/{film}/reviews"))["items"] for film in films],
    }


def test_demo_films_are_watch_party_films_of_the_catalog_solaris_first() -> None:
    catalog = {film.id: film for film in load_films()}
    assert bootstrap.DEMO_FILMS[0] == SOLARIS
    assert len(set(bootstrap.DEMO_FILMS)) == 4
    assert all(catalog[film].watch_party for film in bootstrap.DEMO_FILMS)


def test_the_hosts_have_demo_friends_and_anna_a_pending_request(
    gateway: httpx.Client, anna: TestUser
) -> None:
    data = snapshot(gateway, anna)
    assert set(data["friends"][ANNA]) == {BORIS, VERA, GLEB}
    assert set(data["friends"][BORIS]) == {ANNA, VERA, DINA}
    assert data["requests"] == [DINA]


def test_demo_films_have_subscribers_and_reviews_with_votes(gateway: httpx.Client, anna: TestUser) -> None:
    data = snapshot(gateway, anna)
    assert set(data["subscribers"][0]) == {VERA, GLEB, DINA}
    solaris_reviews = {r["user_id"]: r for r in data["reviews"][0]}
    assert set(solaris_reviews) == {ANNA, BORIS}
    annas = solaris_reviews[ANNA]
    assert (annas["likes"], annas["dislikes"]) == (2, 1)
    info = ok(gateway.post(f"/ugc/v1/review_info/{SOLARIS}/{ANNA}/{annas['id']}"))
    assert info == annas
    assert ok(gateway.post(f"/ugc/v1/likes_count/{annas['id']}"))["total"] == 3


def test_loading_the_demo_data_again_changes_nothing(
    stack: Stack, gateway: httpx.Client, anna: TestUser
) -> None:
    before = snapshot(gateway, anna)
    asyncio.run(bootstrap.run(stack.database_urls["ugc_api"], demo=True, data_dir=stack.data_dir))
    assert snapshot(gateway, anna) == before


def test_without_the_catalog_file_no_film_rows_are_planned(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(bootstrap, "catalog_path", lambda: None)
    assert bootstrap.load_demo_films() == []
    broken = tmp_path / "films.json"
    broken.write_text("[{", encoding="utf-8")
    monkeypatch.setattr(bootstrap, "catalog_path", lambda: broken)
    assert bootstrap.load_demo_films() == []


def test_demo_films_fall_back_to_other_watch_party_films_when_the_preferred_are_missing() -> None:
    records = [
        {"id": str(uuid.UUID(int=1)), "title": "Solaris", "watch_party": True},
        {"id": str(uuid.UUID(int=2)), "title": "Not bookable", "watch_party": False},
        {"id": str(uuid.UUID(int=3)), "title": "Some film", "watch_party": True},
    ]
    assert bootstrap.pick_films(records, 2) == [uuid.UUID(int=1), uuid.UUID(int=3)]
