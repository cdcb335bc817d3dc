"""Kinoclub Movie API: The film catalog, including the watch-party films that can be booked."""
