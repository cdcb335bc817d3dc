"""What the catalog answers, and the controlled vocabularies its films use."""

import uuid
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Genre(StrEnum):
    ACTION = "action"
    ADVENTURE = "adventure"
    ANIMATION = "animation"
    BIOGRAPHY = "biography"
    COMEDY = "comedy"
    CRIME = "crime"
    DRAMA = "drama"
    FAMILY = "family"
    FANTASY = "fantasy"
    HISTORY = "history"
    HORROR = "horror"
    MUSICAL = "musical"
    MYSTERY = "mystery"
    ROMANCE = "romance"
    SCIENCE_FICTION = "science_fiction"
    SPORT = "sport"
    THRILLER = "thriller"
    WAR = "war"
    WESTERN = "western"


class AgeRating(StrEnum):
    """Russian-style age classification."""

    ALL = "0+"
    SIX = "6+"
    TWELVE = "12+"
    SIXTEEN = "16+"
    EIGHTEEN = "18+"


class MovieRead(BaseModel):
    """A film of the catalog."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    title: str = Field(description="English title.")
    original_title: str | None = Field(description="Title in the original language, when it differs.")
    year: int = Field(description="Year of release.")
    duration_minutes: int
    genres: list[Genre]
    description: str
    age_rating: AgeRating
    watch_party: bool = Field(description="Whether watch parties of this film can be booked.")


class MovieFilter(BaseModel):
    """Search criteria of the catalog list; every given criterion must hold."""

    model_config = ConfigDict(frozen=True)

    title: str | None = None
    genres: tuple[Genre, ...] = ()
    year: int | None = None
    year_from: int | None = None
    year_to: int | None = None
    watch_party: bool | None = None
