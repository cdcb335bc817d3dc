"""Errors of the links domain, each with a stable `code`."""

from common.errors import Conflict, DependencyUnavailable, Gone, InvalidInput, NotFound


class LinkNotFound(NotFound):
    code = "link_not_found"
    detail = "No short link with this code."


class LinkExpired(Gone):
    code = "link_expired"
    detail = "This short link has expired."


class InvalidUrl(InvalidInput):
    code = "url_invalid"
    detail = "The target is not a valid absolute http(s) URL."


class UrlTooLong(InvalidInput):
    code = "url_too_long"
    detail = "The target URL is too long."


class UrlSchemeNotAllowed(InvalidInput):
    code = "url_scheme_not_allowed"
    detail = "Only http and https targets may be shortened."


class UrlHostNotAllowed(InvalidInput):
    code = "url_host_not_allowed"
    detail = "Links may only point to the platform's own hosts."


class UrlIsShortLink(InvalidInput):
    code = "url_is_short_link"
    detail = "The target is itself a short link; shorten what it points to instead."


class ExpiryInPast(InvalidInput):
    code = "expires_at_in_past"
    detail = "expires_at must be in the future."


class ExpiryTooFar(InvalidInput):
    code = "expires_at_too_far"
    detail = "expires_at is further ahead than a link may live."


class InvalidAlias(InvalidInput):
    code = "alias_invalid"
    detail = (
        "An alias is 4-50 lowercase letters, digits, '-' or '_', starting and ending with a letter or digit."
    )


class AliasReserved(InvalidInput):
    code = "alias_reserved"
    detail = "This alias is reserved."


class AliasTaken(Conflict):
    code = "alias_taken"
    detail = "This alias is already in use."


class CodeSpaceExhausted(DependencyUnavailable):
    code = "code_space_exhausted"
    detail = "No free short code was found; try again."
