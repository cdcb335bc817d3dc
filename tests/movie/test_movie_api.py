"""The catalog through nginx: a film by id (both forms), the search and its validation."""

import uuid
from typing import Any

import httpx
import pytest

from movie_api.movies.catalog import load_films, search_text

FILMS = {str(f.id): f for f in load_films()}
SOLARIS = next(f for f in FILMS.values() if f.title == "Solaris")
UNKNOWN_ID = "00000000-0000-4000-8000-00000000beef"


def search(gateway: httpx.Client, **params: Any) -> dict[str, Any]:
    response = gateway.get("/movie_api/v1/movies", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def titles(body: dict[str, Any]) -> list[str]:
    return [m["title"] for m in body["items"]]


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_film_by_id_answers_on_the_briefs_post_path_and_its_get_twin(
    gateway: httpx.Client, method: str
) -> None:
    response = gateway.request(method, f"/movie_api/v1/movie/{SOLARIS.id}")
    assert response.status_code == 200, response.text
    assert response.json() == {
        "id": str(SOLARIS.id),
        "title": "Solaris",
        "original_title": "Солярис",
        "year": 1972,
        "duration_minutes": SOLARIS.duration_minutes,
        "genres": [str(g) for g in SOLARIS.genres],
        "description": SOLARIS.description,
        "age_rating": "12+",
        "watch_party": SOLARIS.watch_party,
    }


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_unknown_film_is_404_movie_not_found(gateway: httpx.Client, method: str) -> None:
    response = gateway.request(method, f"/movie_api/v1/movie/{UNKNOWN_ID}")
    assert response.status_code == 404
    assert response.json()["code"] == "movie_not_found"
    assert response.json()["movie_id"] == UNKNOWN_ID


@pytest.mark.parametrize("method", ["POST", "GET"])
@pytest.mark.parametrize("bad", ["not-a-uuid", "12345", "00000000-0000-4000-8000-00000000beeg"])
def test_malformed_film_id_is_422_validation_error(gateway: httpx.Client, method: str, bad: str) -> None:
    response = gateway.request(method, f"/movie_api/v1/movie/{bad}")
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


def test_the_whole_catalog_is_loaded_with_its_watch_party_group(gateway: httpx.Client) -> None:
    everything = search(gateway, size=1)
    booked = search(gateway, watch_party="true", size=100)
    others = search(gateway, watch_party="false", size=1)
    assert everything["total"] == len(FILMS) >= 150
    assert booked["total"] == sum(f.watch_party for f in FILMS.values()) >= 40
    assert booked["total"] + others["total"] == everything["total"]
    assert all(m["watch_party"] for m in booked["items"])


def test_title_search_ignores_case_and_matches_part_of_the_title(gateway: httpx.Client) -> None:
    body = search(gateway, title="GODFATHER")
    assert titles(body) == ["The Godfather", "The Godfather Part II"]
    assert body["total"] == 2


@pytest.mark.parametrize("query", ["Солярис", "солярис", "СОЛЯ"])
def test_title_search_matches_the_original_title(gateway: httpx.Client, query: str) -> None:
    assert "Solaris" in titles(search(gateway, title=query))


def test_title_search_ignores_accents_and_yo(gateway: httpx.Client) -> None:
    assert titles(search(gateway, title="amelie")) == ["Amélie"]
    assert "The Return" in titles(search(gateway, title="возвращение"))
    assert "Morozko" in titles(search(gateway, title="МОРОЗКО"))
    irony = search(gateway, title="с легким паром")
    assert titles(irony) == ["The Irony of Fate"]


@pytest.mark.parametrize("query", ["%", "_", "\\", "%%%"])
def test_like_wildcards_in_a_title_query_are_taken_literally(gateway: httpx.Client, query: str) -> None:
    assert search(gateway, title=query)["total"] == 0


def test_a_blank_title_query_does_not_filter(gateway: httpx.Client) -> None:
    assert search(gateway, title="   ")["total"] == len(FILMS)


def test_genre_filter_returns_only_films_of_that_genre(gateway: httpx.Client) -> None:
    body = search(gateway, genre="western", size=100)
    expected = sorted(f.title for f in FILMS.values() if "western" in f.genres)
    assert body["total"] == len(expected) > 0
    assert sorted(titles(body)) == expected


def test_repeated_genre_requires_every_genre(gateway: httpx.Client) -> None:
    body = search(gateway, genre=["animation", "war"], size=100)
    assert body["total"] > 0
    assert all({"animation", "war"} <= set(m["genres"]) for m in body["items"])
    assert "Grave of the Fireflies" in titles(body)


def test_unknown_genre_is_422_listing_the_vocabulary(gateway: httpx.Client) -> None:
    response = gateway.get("/movie_api/v1/movies", params={"genre": "telenovela"})
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"
    assert "science_fiction" in response.text


def test_year_filter_returns_the_films_of_that_year(gateway: httpx.Client) -> None:
    body = search(gateway, year=1957, size=100)
    assert {m["year"] for m in body["items"]} == {1957}
    assert {"12 Angry Men", "The Cranes Are Flying", "The Seventh Seal"} <= set(titles(body))
    assert body["total"] == sum(f.year == 1957 for f in FILMS.values())


def test_year_range_is_inclusive(gateway: httpx.Client) -> None:
    body = search(gateway, year_from=1970, year_to=1979, size=100)
    assert body["total"] == sum(1970 <= f.year <= 1979 for f in FILMS.values())
    assert {m["year"] for m in body["items"]} <= set(range(1970, 1980))
    assert {1970, 1979} & {m["year"] for m in body["items"]}
    only_from = search(gateway, year_from=2015, size=100)
    assert only_from["total"] == sum(f.year >= 2015 for f in FILMS.values())


def test_reversed_year_range_is_422_invalid_year_range(gateway: httpx.Client) -> None:
    response = gateway.get("/movie_api/v1/movies", params={"year_from": 2000, "year_to": 1990})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_year_range"


@pytest.mark.parametrize(
    "params",
    [
        {"year": 1700},
        {"year": "nineteen"},
        {"year_to": 3000},
        {"watch_party": "maybe"},
        {"title": "x" * 201},
        {"title": "a\x00b"},
        {"title": "tab\there"},
    ],
)
def test_invalid_filter_values_are_422(gateway: httpx.Client, params: dict[str, Any]) -> None:
    response = gateway.get("/movie_api/v1/movies", params=params)
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


def test_filters_combine(gateway: httpx.Client) -> None:
    body = search(gateway, genre="comedy", year_from=1960, year_to=1989, watch_party="true", size=100)
    expected = sorted(
        f.title for f in FILMS.values() if "comedy" in f.genres and 1960 <= f.year <= 1989 and f.watch_party
    )
    assert sorted(titles(body)) == expected
    assert "The Diamond Arm" in expected


def test_list_has_the_page_shape_with_default_size_20(gateway: httpx.Client) -> None:
    body = search(gateway)
    assert set(body) == {"items", "total", "page", "size"}
    assert (body["page"], body["size"], len(body["items"])) == (1, 20, 20)


def test_pages_walk_the_catalog_in_a_stable_order_without_gaps(gateway: httpx.Client) -> None:
    seen: list[dict[str, Any]] = []
    page = 1
    while True:
        body = search(gateway, page=page, size=37)
        if not body["items"]:
            break
        seen.extend(body["items"])
        page += 1
    assert len(seen) == len({m["id"] for m in seen}) == len(FILMS)
    expected = sorted(
        FILMS.values(), key=lambda f: (search_text(f.title, f.original_title).encode(), f.year, str(f.id))
    )
    assert [m["id"] for m in seen] == [str(f.id) for f in expected]
    assert search(gateway, page=2, size=37)["items"] == seen[37:74]


def test_a_page_past_the_end_is_empty_but_keeps_the_total(gateway: httpx.Client) -> None:
    body = search(gateway, page=1000, size=100)
    assert body["items"] == []
    assert body["total"] == len(FILMS)


@pytest.mark.parametrize("params", [{"size": 101}, {"size": 0}, {"page": 0}, {"page": -1}, {"page": "x"}])
def test_page_bounds_are_enforced(gateway: httpx.Client, params: dict[str, Any]) -> None:
    response = gateway.get("/movie_api/v1/movies", params=params)
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


def test_size_100_is_allowed(gateway: httpx.Client) -> None:
    assert len(search(gateway, size=100)["items"]) == 100


def test_openapi_documents_both_forms_the_search_and_their_errors(gateway: httpx.Client) -> None:
    spec = gateway.get("/movie_api/openapi.json").json()
    movie = spec["paths"]["/movie_api/v1/movie/{uuid}"]
    assert set(movie) == {"get", "post"}
    assert "movie_not_found" in movie["post"]["responses"]["404"]["description"]
    movies = spec["paths"]["/movie_api/v1/movies"]["get"]
    genre = next(p for p in movies["parameters"] if p["name"] == "genre")
    assert "422" in genre["description"]
    assert "invalid_year_range" in movies["responses"]["422"]["description"]


def test_film_ids_in_answers_are_uuids(gateway: httpx.Client) -> None:
    assert all(uuid.UUID(m["id"]) for m in search(gateway, size=5)["items"])
