"""Adapters for the other services booking asks: Auth (people, groups) and Movie (films)."""
