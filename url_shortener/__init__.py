"""Kinoclub URL shortener: Short share links for events (`/s/{code}` redirects)."""
