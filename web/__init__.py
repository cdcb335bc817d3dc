"""The web front: server-rendered pages over the platform's APIs (see docs/web.md)."""
