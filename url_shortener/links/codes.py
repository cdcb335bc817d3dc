"""Short codes: random ones for links without an alias, and the rules a chosen alias must follow."""

import re
import secrets
from collections.abc import Callable

from url_shortener.links.exceptions import AliasReserved, InvalidAlias

# Anything a code or alias can look like; other paths under /s/ are answered 404 without a lookup.
CODE_SHAPE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_ALIAS = re.compile(r"^[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?$")

# Words that read like parts of the platform or of a URL: as a short link they would mislead, or
# collide with routes that exist or may come (`/s/docs`, `/s/admin`).
RESERVED_ALIASES = frozenset(
    {
        "about",
        "account",
        "admin",
        "api",
        "app",
        "auth",
        "booking",
        "bookings",
        "docs",
        "events",
        "health",
        "help",
        "kinoclub",
        "links",
        "login",
        "logout",
        "metrics",
        "movie_api",
        "movies",
        "notification",
        "notifications",
        "null",
        "openapi",
        "ready",
        "redoc",
        "register",
        "root",
        "settings",
        "signin",
        "signup",
        "static",
        "stats",
        "support",
        "system",
        "undefined",
        "ugc",
        "url",
        "user",
        "users",
    }
)

CodeGenerator = Callable[[], str]


def generate_code(alphabet: str, length: int) -> str:
    """A code drawn uniformly from the alphabet with the OS's CSPRNG, so codes are not guessable."""
    return "".join(secrets.choice(alphabet) for _ in range(length))


def code_generator(alphabet: str, length: int) -> CodeGenerator:
    return lambda: generate_code(alphabet, length)


def check_alias(alias: str, *, min_length: int, max_length: int) -> str:
    """The alias if it may be used as a code; `alias_invalid` or `alias_reserved` otherwise."""
    rules = (
        f"An alias is {min_length}-{max_length} lowercase letters, digits, '-' or '_', "
        "starting and ending with a letter or digit."
    )
    # Reserved words first: "api" is refused for what it is, not for being short.
    if alias.lower() in RESERVED_ALIASES:
        raise AliasReserved(f"The alias {alias!r} is reserved.", alias=alias)
    if not min_length <= len(alias) <= max_length or not _ALIAS.match(alias):
        raise InvalidAlias(rules, alias=alias[:100])
    return alias
