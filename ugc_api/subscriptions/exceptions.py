"""Errors of the subscriptions domain: only the film check can fail (see ugc_api.integrations.movies)."""

from ugc_api.integrations.movies import MovieApiUnavailable, MovieNotFound

__all__ = ["MovieApiUnavailable", "MovieNotFound"]
