"""The shipped catalog file (`movie_api/data/films.json`): its record shape, loading and fingerprint."""

import hashlib
import json
import unicodedata
import uuid
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator

from movie_api.movies.schemas import AgeRating, Genre

# The namespace the film ids were derived from (uuid5 of "title|year"), kept for adding films later.
FILM_ID_NAMESPACE = uuid.UUID("6f1c2b7e-5d3a-4c9e-9a47-2e8d1f0b7c61")


class FilmRecord(BaseModel):
    """One film as written in films.json."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: uuid.UUID
    title: str = Field(min_length=1, max_length=300)
    original_title: str | None = Field(default=None, min_length=1, max_length=300)
    year: int = Field(ge=1895, le=2026)
    duration_minutes: int = Field(ge=40, le=300)
    genres: tuple[Genre, ...] = Field(min_length=1)
    description: str = Field(min_length=20, max_length=400)
    age_rating: AgeRating
    watch_party: bool = False

    @field_validator("genres")
    @classmethod
    def _distinct(cls, value: tuple[Genre, ...]) -> tuple[Genre, ...]:
        if len(set(value)) != len(value):
            raise ValueError("genres repeat")
        return value


_RECORDS = TypeAdapter(list[FilmRecord])


def film_id(title: str, year: int) -> uuid.UUID:
    """The id a new film gets: stable, derived from its English title and year."""
    return uuid.uuid5(FILM_ID_NAMESPACE, f"{title}|{year}")


def fold(text: str) -> str:
    """Text for case- and accent-insensitive matching: 'Amélie' and 'amelie', 'Ёлки' and 'елки' agree."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def search_text(title: str, original_title: str | None) -> str:
    # A newline separates the titles, so a (stripped, single-line) query never matches across them.
    return "\n".join(fold(t) for t in (title, original_title) if t)


def default_path() -> Path:
    return Path(str(resources.files("movie_api.data") / "films.json"))


def load_films(path: Path | None = None) -> list[FilmRecord]:
    """Read and validate the catalog file; duplicates of id or (title, year) are an error."""
    records = _RECORDS.validate_json((path or default_path()).read_bytes())
    seen_ids: set[uuid.UUID] = set()
    seen_titles: set[tuple[str, int]] = set()
    for record in records:
        if record.id in seen_ids:
            raise ValueError(f"films.json: id {record.id} repeats")
        if (record.title, record.year) in seen_titles:
            raise ValueError(f"films.json: {record.title} ({record.year}) repeats")
        seen_ids.add(record.id)
        seen_titles.add((record.title, record.year))
    return records


def row_values(record: FilmRecord) -> dict[str, Any]:
    """The `movies` row of a record."""
    return {
        "id": record.id,
        "title": record.title,
        "original_title": record.original_title,
        "year": record.year,
        "duration_minutes": record.duration_minutes,
        "genres": [str(g) for g in record.genres],
        "description": record.description,
        "age_rating": str(record.age_rating),
        "watch_party": record.watch_party,
        "search_text": search_text(record.title, record.original_title),
    }


def catalog_version(rows: list[dict[str, Any]]) -> str:
    """Fingerprint of the rows as stored (search_text included, so a new folding rule changes it too)."""
    canonical = sorted(json.dumps(row, sort_keys=True, default=str, ensure_ascii=False) for row in rows)
    return hashlib.sha256("\n".join(canonical).encode()).hexdigest()[:16]
