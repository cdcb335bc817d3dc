"""Request and response bodies of the reviews and votes routes."""

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Self

from pydantic import BaseModel, Field, StringConstraints, model_validator

from common.validation import Storable, StrictBody
from ugc_api.reviews.models import MAX_SCORE, MAX_TEXT_LENGTH, MIN_SCORE

Score = Annotated[int, Field(strict=True, ge=MIN_SCORE, le=MAX_SCORE, description="From 1 to 10.")]
ReviewText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT_LENGTH),
    Storable,
    Field(description=f"The review itself, 1 to {MAX_TEXT_LENGTH} characters."),
]


class ReviewCreate(StrictBody):
    score: Score
    text: ReviewText


class ReviewUpdate(StrictBody):
    """Only the fields given change; at least one is needed."""

    score: Score | None = None
    text: ReviewText | None = None

    @model_validator(mode="after")
    def _something_to_change(self) -> Self:
        if self.score is None and self.text is None:
            raise ValueError("give score, text or both")
        return self


class ReviewOut(BaseModel):
    """A review and the votes it has received."""

    id: uuid.UUID
    movie_id: uuid.UUID
    user_id: uuid.UUID | None = Field(description="The author; null when they deleted their account.")
    score: int
    text: str
    created_at: datetime
    updated_at: datetime
    likes: int
    dislikes: int


class VoteValue(StrEnum):
    LIKE = "like"
    DISLIKE = "dislike"


class VoteIn(StrictBody):
    value: VoteValue


class LikesCount(BaseModel):
    """The votes on a review."""

    review_id: uuid.UUID
    likes: int
    dislikes: int
    total: int = Field(description="Every vote: likes + dislikes.")


class VoteOut(LikesCount):
    """Your vote on a review, and the counts with it."""

    value: VoteValue
