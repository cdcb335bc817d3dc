"""Errors of emailed links: one stable code for each reason a link does not work (all 400)."""

from common.errors import BadRequest


class LinkInvalid(BadRequest):
    code = "link_invalid"
    detail = "This link is not valid; ask for a new one."


class LinkExpired(BadRequest):
    code = "link_expired"
    detail = "This link has expired; ask for a new one."


class LinkUsed(BadRequest):
    code = "link_used"
    detail = "This link has already been used; ask for a new one if you need it."
