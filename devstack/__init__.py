"""The launcher: one command brings up PostgreSQL, Redis, every service and nginx, without Docker."""
