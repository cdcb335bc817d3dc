"""Opaque secrets handed to people: refresh tokens and the tokens in emailed links."""

import hashlib
import secrets


def new_secret_token() -> tuple[str, str]:
    """A fresh opaque token (a refresh token, an emailed link's) and the hash stored in its place. 256
    random bits need no slow hash: nobody can guess one from its SHA-256."""
    token = secrets.token_urlsafe(32)
    return token, hash_secret_token(token)


def hash_secret_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
