"""JWKS document (RFC 7517) as published at /auth/v1/jwks."""

from pydantic import BaseModel


class Jwk(BaseModel):
    kty: str
    kid: str
    alg: str
    use: str
    n: str
    e: str


class Jwks(BaseModel):
    keys: list[Jwk]
