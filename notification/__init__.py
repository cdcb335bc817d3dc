"""Kinoclub Notification service: Delivers booking notifications by email and in-app inbox."""
