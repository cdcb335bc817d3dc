"""Scores: a Bayesian (IMDb-style) average that does not let three 5s beat a hundred 4.8s.

    score = (PRIOR_WEIGHT * PRIOR_MEAN + sum of scores) / (PRIOR_WEIGHT + number of ratings)

PRIOR_MEAN is what an ordinary good evening earns on the 1–5 scale, and PRIOR_WEIGHT how many
ratings that belief is worth: a host with two 5s scores (5*4 + 10) / 7 = 4.29, not 5. Only revealed
ratings count. With fewer than NEW_UNTIL ratings a person is shown as "new" (the score is still given).
Ratings produce scores; events show the host's and bookings check the guest's, so the arithmetic and
its shape on the wire live here, below all of them.
"""

from dataclasses import dataclass

from pydantic import BaseModel, Field

PRIOR_MEAN = 4.0
PRIOR_WEIGHT = 5
NEW_UNTIL = 3


def bayesian(count: int, total: int) -> float:
    return round((PRIOR_WEIGHT * PRIOR_MEAN + total) / (PRIOR_WEIGHT + count), 2)


@dataclass(frozen=True)
class Score:
    count: int
    total: int

    @property
    def score(self) -> float:
        return bayesian(self.count, self.total)

    @property
    def average(self) -> float | None:
        return round(self.total / self.count, 2) if self.count else None

    @property
    def is_new(self) -> bool:
        return self.count < NEW_UNTIL


NO_SCORE = Score(count=0, total=0)


def no_show_rate(attended: int, no_shows: int) -> float | None:
    seen = attended + no_shows
    return round(no_shows / seen, 3) if seen else None


class ScoreRead(BaseModel):
    score: float = Field(description="Bayesian average: prior 4.0 worth 5 ratings (see docs/ratings.md).")
    average: float | None = Field(description="The plain average of the ratings.")
    count: int
    is_new: bool = Field(description="Fewer than 3 ratings.")

    @classmethod
    def of(cls, score: Score) -> "ScoreRead":
        return cls(score=score.score, average=score.average, count=score.count, is_new=score.is_new)
