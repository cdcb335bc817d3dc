"""Shared library of the Kinoclub services: settings, logging, errors, auth, HTTP, health."""
