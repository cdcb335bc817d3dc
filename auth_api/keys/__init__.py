"""Signing keys: RSA keys on disk, the JWKS that publishes them, and `python -m auth_api.keys`."""
