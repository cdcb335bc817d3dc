"""Which URLs may be shortened: http(s) only, to allowed hosts only, so that short links cannot
dress up a phishing page as a Kinoclub link (no open redirect)."""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from url_shortener.links.exceptions import (
    InvalidUrl,
    UrlHostNotAllowed,
    UrlIsShortLink,
    UrlSchemeNotAllowed,
    UrlTooLong,
)

ALLOWED_SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS = {"http": 80, "https": 443}
# Whitespace, control characters and backslashes: browsers "repair" them in ways that can move the
# host (`http://good\@evil`), and CR/LF would split the Location header.
_UNSAFE = re.compile(r"[\x00-\x20\x7f\\]")
_HOST_LABEL = re.compile(r"^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$")


@dataclass(frozen=True)
class HostRule:
    """One allow-list entry: an exact host, `*.suffix` for its subdomains, optionally with a port."""

    host: str
    port: int | None = None
    subdomains: bool = False

    @classmethod
    def parse(cls, entry: str) -> "HostRule":
        text = entry.strip().lower().rstrip(".")
        subdomains = text.startswith("*.")
        if subdomains:
            text = text[2:]
        host, port = text, None
        if text.startswith("["):
            closing = text.find("]")
            host, rest = text[: closing + 1], text[closing + 1 :]
            if rest.startswith(":"):
                port = int(rest[1:])
        elif text.count(":") == 1:
            host, raw_port = text.split(":")
            port = int(raw_port)
        if not host:
            raise ValueError(f"empty host in allow-list entry {entry!r}")
        return cls(host=host.strip("[]"), port=port, subdomains=subdomains)

    def matches(self, host: str, port: int) -> bool:
        if self.port is not None and self.port != port:
            return False
        if self.subdomains:
            return host.endswith(f".{self.host}")
        return host == self.host


def _hostname(parts: SplitResult) -> str:
    host = parts.hostname
    if not host:
        raise InvalidUrl("The target URL has no host.")
    host = host.rstrip(".")
    if host.startswith("[") or ":" in host:
        return host.strip("[]")
    try:
        ascii_host = host.encode("idna").decode("ascii").lower()
    except UnicodeError as exc:
        raise InvalidUrl("The target URL's host is not a valid name.") from exc
    if not all(_HOST_LABEL.match(label) for label in ascii_host.split(".")):
        raise InvalidUrl("The target URL's host is not a valid name.")
    return ascii_host


class TargetPolicy:
    def __init__(self, hosts: list[str], *, max_length: int, short_link_hosts: Sequence[str] = ()) -> None:
        self.rules = [HostRule.parse(h) for h in hosts]
        self.max_length = max_length
        self.short_link_rules = [HostRule.parse(h) for h in short_link_hosts]

    def check(self, url: str) -> str:
        """The URL to store, or the InvalidInput error that says what is wrong with it."""
        if len(url) > self.max_length:
            raise UrlTooLong(
                f"The target URL is {len(url)} characters long; the limit is {self.max_length}.",
                max_length=self.max_length,
            )
        scheme, colon, _ = url.partition(":")
        if not colon:
            raise InvalidUrl()
        if scheme.lower() not in ALLOWED_SCHEMES:
            raise UrlSchemeNotAllowed(scheme=scheme.lower()[:20])
        if _UNSAFE.search(url):
            raise InvalidUrl("The target URL contains spaces, control characters or backslashes.")
        if not url[len(scheme) + 1 :].startswith("//"):
            raise InvalidUrl()
        parts = urlsplit(url)
        if "@" in parts.netloc:
            raise InvalidUrl("The target URL may not carry a user name or password.")
        host = _hostname(parts)
        try:
            port = parts.port
        except ValueError:
            port = 0
        if port == 0:
            raise InvalidUrl("The target URL's port is not a number from 1 to 65535.")
        port = port or DEFAULT_PORTS[scheme.lower()]
        if not any(rule.matches(host, port) for rule in self.rules):
            raise UrlHostNotAllowed(
                f"Links may only point to the platform's own hosts, and {host} is not one of them.", host=host
            )
        if any(rule.matches(host, port) for rule in self.short_link_rules) and parts.path.startswith("/s/"):
            raise UrlIsShortLink()
        return url
