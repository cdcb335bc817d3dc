"""Kinoclub UGC API: Friends, film subscriptions, reviews and review likes."""
