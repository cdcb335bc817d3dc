"""Errors of the reviews domain (and the film check it shares with subscriptions)."""

from common.errors import Conflict, NotFound, PermissionDenied
from ugc_api.integrations.movies import MovieApiUnavailable, MovieNotFound

__all__ = [
    "MovieApiUnavailable",
    "MovieNotFound",
    "NotReviewAuthor",
    "OwnReviewVote",
    "ReviewExists",
    "ReviewNotFound",
]


class ReviewNotFound(NotFound):
    code = "review_not_found"
    detail = "No review with this id (or it does not belong to this film and user)."


class ReviewExists(Conflict):
    code = "review_exists"
    detail = "You have already reviewed this film; edit that review instead."


class NotReviewAuthor(PermissionDenied):
    code = "not_review_author"
    detail = "Only the author may do this to a review."


class OwnReviewVote(PermissionDenied):
    code = "own_review_vote"
    detail = "You cannot like or dislike your own review."
