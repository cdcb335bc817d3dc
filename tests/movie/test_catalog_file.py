"""The shipped catalog file itself: real-looking, consistent reference data."""

import json
import uuid
from collections import Counter
from typing import Any

import pytest

from movie_api.movies.catalog import default_path, film_id, fold, load_films
from movie_api.movies.schemas import AgeRating, Genre


@pytest.fixture(scope="module")
def films() -> list[dict[str, Any]]:
    return json.loads(default_path().read_text(encoding="utf-8"))


def test_catalog_has_at_least_150_films_of_which_a_group_can_be_booked(films: list[dict[str, Any]]) -> None:
    watch_party = [f for f in films if f["watch_party"]]
    assert len(films) >= 150
    assert 40 <= len(watch_party) <= 60


def test_ids_are_unique_uuids_derived_once_from_title_and_year(films: list[dict[str, Any]]) -> None:
    ids = [uuid.UUID(f["id"]) for f in films]
    assert len(set(ids)) == len(ids)
    assert all(uuid.UUID(f["id"]) == film_id(f["title"], f["year"]) for f in films)


def test_title_and_year_pairs_are_unique(films: list[dict[str, Any]]) -> None:
    repeated = [k for k, n in Counter((f["title"], f["year"]) for f in films).items() if n > 1]
    assert repeated == []


def test_years_durations_ratings_and_genres_are_plausible(films: list[dict[str, Any]]) -> None:
    vocabulary = {g.value for g in Genre}
    ratings = {r.value for r in AgeRating}
    for film in films:
        assert 1895 <= film["year"] <= 2026, film["title"]
        assert 40 <= film["duration_minutes"] <= 300, film["title"]
        assert film["age_rating"] in ratings, film["title"]
        assert film["genres"] and set(film["genres"]) <= vocabulary, film["title"]
        assert len(set(film["genres"])) == len(film["genres"]), film["title"]


def test_descriptions_are_short_sentences_and_titles_non_empty(films: list[dict[str, Any]]) -> None:
    for film in films:
        assert film["title"].strip() == film["title"] and film["title"]
        description = film["description"]
        assert 20 <= len(description) <= 400, film["title"]
        assert description.endswith((".", "!", "?")), film["title"]


def test_original_titles_are_given_only_where_they_differ(films: list[dict[str, Any]]) -> None:
    with_original = [f for f in films if "original_title" in f]
    assert all(f["original_title"] and f["original_title"] != f["title"] for f in with_original)
    assert any(any("а" <= ch <= "я" for ch in f["original_title"].lower()) for f in with_original)


def test_the_loader_accepts_the_file_and_rejects_a_repeated_film(tmp_path, films) -> None:
    assert len(load_films()) == len(films)
    broken = tmp_path / "films.json"
    broken.write_text(json.dumps([*films, films[0]]), encoding="utf-8")
    with pytest.raises(ValueError, match="repeats"):
        load_films(broken)


def test_folding_ignores_case_accents_and_yo() -> None:
    assert fold("Amélie") == fold("AMELIE") == "amelie"
    assert fold("Летят журавли") == fold("ЛЕТЯТ ЖУРАВЛИ")
    assert fold("Ёлки") == fold("елки")
