"""What may be shortened: http(s) URLs on the platform's own hosts only (no open redirect)."""

import httpx
import pytest

from devstack.stack import Stack
from tests.factories import TestUser
from tests.shortener.helpers import shorten
from url_shortener.links.exceptions import InvalidUrl, UrlHostNotAllowed
from url_shortener.links.targets import TargetPolicy

REJECTED = [
    ("javascript:alert(document.cookie)", "url_scheme_not_allowed"),
    ("JavaScript:alert(1)", "url_scheme_not_allowed"),
    ("data:text/html,<script>alert(1)</script>", "url_scheme_not_allowed"),
    ("ftp://localhost:{port}/file", "url_scheme_not_allowed"),
    ("mailto:someone@kinoclub.example", "url_scheme_not_allowed"),
    ("https://evil.example/login", "url_host_not_allowed"),
    ("http://localhost:{port}.evil.example/", "url_invalid"),
    ("http://localhost:1/", "url_host_not_allowed"),
    ("http://localhost:{port}@evil.example/", "url_invalid"),
    ("http://localhost:{port}\\@evil.example/", "url_invalid"),
    ("//evil.example/", "url_invalid"),
    ("http:evil.example", "url_invalid"),
    ("http://", "url_invalid"),
    ("http://localhost:99999/", "url_invalid"),
    ("http://localhost:{port}/a b", "url_invalid"),
    ("http://localhost:{port}/\r\nSet-Cookie:x=1", "url_invalid"),
    ("not a url", "url_invalid"),
    ("", "url_invalid"),
    ("http://localhost:{port}/s/abcdefg", "url_is_short_link"),
]


@pytest.mark.parametrize(("url", "code"), REJECTED)
def test_a_rejected_target_is_422_with_a_code_saying_why(
    gateway: httpx.Client, stack: Stack, alice: TestUser, url: str, code: str
) -> None:
    response = shorten(gateway, alice.headers, url.format(port=stack.port))
    assert response.status_code == 422, response.text
    assert response.json()["code"] == code
    assert response.json()["detail"]


def test_a_target_longer_than_the_limit_is_422_url_too_long(
    gateway: httpx.Client, stack: Stack, alice: TestUser
) -> None:
    base = f"http://localhost:{stack.port}/booking/"
    at_limit = base + "a" * (2048 - len(base))
    assert shorten(gateway, alice.headers, at_limit).status_code == 201

    response = shorten(gateway, alice.headers, at_limit + "a")
    assert response.status_code == 422
    assert response.json()["code"] == "url_too_long"
    assert response.json()["max_length"] == 2048


def test_the_platforms_host_is_allowed_in_any_letter_case_and_on_https(
    gateway: httpx.Client, stack: Stack, alice: TestUser
) -> None:
    for url in (f"HTTP://LocalHost:{stack.port}/movie_api/v1/movies", f"https://localhost:{stack.port}/"):
        response = shorten(gateway, alice.headers, url)
        assert response.status_code == 201, response.text
        assert response.json()["url"] == url


def test_the_allow_list_takes_hosts_ports_and_subdomain_wildcards() -> None:
    policy = TargetPolicy(["kinoclub.example", "*.kinoclub.example", "cdn.example:8443"], max_length=2048)

    for allowed in (
        "https://kinoclub.example/events",
        "http://kinoclub.example:8080/",
        "https://www.kinoclub.example/x?y=1#z",
        "https://a.b.kinoclub.example/",
        "https://KINOCLUB.example./",
        "https://cdn.example:8443/img.png",
    ):
        assert policy.check(allowed) == allowed

    for rejected in (
        "https://evilkinoclub.example/",
        "https://kinoclub.example.evil.example/",
        "https://cdn.example/img.png",
        "https://xn--kinoclb-m2a.example/",
    ):
        with pytest.raises(UrlHostNotAllowed):
            policy.check(rejected)

    with pytest.raises(InvalidUrl):
        policy.check("https://kinoclub.example:0/")
