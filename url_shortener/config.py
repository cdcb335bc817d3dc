"""Settings of the url_shortener service."""

import json
from functools import lru_cache
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import Field, field_validator, model_validator
from pydantic_settings import NoDecode

from common.settings import ServiceSettings
from url_shortener.links.targets import HostRule

# Letters and digits without the look-alikes 0/O, 1/l/I: a code read aloud or retyped survives.
DEFAULT_CODE_ALPHABET = "23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ"
URL_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


class Settings(ServiceSettings):
    service_name: str = "url_shortener"
    url_prefix: str = "/url"

    # Hosts a link may point to besides the platform's own (PUBLIC_BASE_URL's host:port, always
    # allowed). `host` allows any port, `host:port` one port, `*.example.org` its subdomains.
    # ALLOWED_TARGET_HOSTS takes a JSON list or a comma-separated string.
    allowed_target_hosts: Annotated[list[str], NoDecode] = Field(default_factory=list)
    max_url_length: int = Field(default=2048, ge=64, le=32768)

    # 56^7 ≈ 1.7e12 codes: guessing one among a million links takes ~1.7 million tries.
    code_length: int = Field(default=7, ge=7, le=32)
    code_alphabet: str = DEFAULT_CODE_ALPHABET
    # Fresh codes tried before giving up with 503; a collision is rare, eight in a row means a full space.
    code_attempts: int = Field(default=8, ge=1, le=100)
    # The latest expires_at accepted, counted from now (and it keeps far-future dates in range).
    max_link_lifetime_days: int = Field(default=3650, ge=1, le=36500)
    alias_min_length: int = Field(default=4, ge=1, le=64)
    alias_max_length: int = Field(default=50, ge=1, le=64)

    # Links never change after creation, so their cache entries can live long; unknown codes are
    # remembered only briefly, because an alias created a moment later must start working.
    link_cache_seconds: int = Field(default=3600, ge=1)
    missing_link_cache_seconds: int = Field(default=10, ge=1)
    # How often the in-memory click counts are added to PostgreSQL (and how stale stats may be).
    click_flush_seconds: float = Field(default=1.0, gt=0, le=3600)

    @field_validator("allowed_target_hosts", mode="before")
    @classmethod
    def _split_hosts(cls, value: object) -> object:
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                return json.loads(text)
            return [part.strip() for part in text.split(",") if part.strip()]
        return value

    @field_validator("code_alphabet")
    @classmethod
    def _check_alphabet(cls, value: str) -> str:
        if not set(value) <= URL_SAFE:
            raise ValueError("the code alphabet may hold only letters, digits, '-' and '_'")
        if len(set(value)) != len(value):
            raise ValueError("the code alphabet has a repeated character")
        if len(value) < 16:
            raise ValueError("the code alphabet needs at least 16 characters")
        return value

    @model_validator(mode="after")
    def _check_consistency(self) -> "Settings":
        if self.alias_min_length > self.alias_max_length:
            raise ValueError("alias_min_length is larger than alias_max_length")
        for entry in self.target_hosts:
            HostRule.parse(entry)
        return self

    @property
    def public_host(self) -> str:
        """host[:port] of PUBLIC_BASE_URL, the platform's own address that links may always target."""
        return urlsplit(self.public_base_url).netloc.rsplit("@", 1)[-1].lower()

    @property
    def target_hosts(self) -> list[str]:
        return [self.public_host, *self.allowed_target_hosts]

    def short_url(self, code: str) -> str:
        return f"{self.public_base_url.rstrip('/')}/s/{code}"


@lru_cache
def get_settings() -> Settings:
    return Settings()
