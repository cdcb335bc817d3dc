"""Errors of the catalog use cases (mapped to HTTP by common.errors)."""

from common.errors import InvalidInput, NotFound


class MovieNotFound(NotFound):
    code = "movie_not_found"
    detail = "There is no film with this id."


class InvalidYearRange(InvalidInput):
    code = "invalid_year_range"
    detail = "year_from must not be greater than year_to."
