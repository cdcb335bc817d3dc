"""Form values in, API errors out: each error goes beside the field it concerns, in the person's words.

A 422 validation answer names fields by `loc` (`["body", "weekly", "time"]`); a domain answer by
`code` (`not_enough_seats`). Each form maps both to its own field names; what maps to no field is shown
at the top of the form. The sentences come from web/messages.py: never the API's own text.
"""

import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from web.api import Answer
from web.messages import code_message, fallback, validation_message


@dataclass
class FormErrors:
    fields: dict[str, str] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.fields or self.general)

    def add(self, name: str | None, message: str) -> None:
        if name is None:
            if message not in self.general:
                self.general.append(message)
        else:
            self.fields.setdefault(name, message)

    def merge(self, other: "FormErrors") -> "FormErrors":
        """These errors and then `other`'s (a field keeps the first message it got)."""
        for name, message in other.fields.items():
            self.add(name, message)
        for message in other.general:
            self.add(None, message)
        return self


def _location(loc: Any) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path")] if isinstance(loc, list) else []
    return ".".join(parts)


def errors_from(
    answer: Answer,
    *,
    fields: Iterable[str],
    codes: Mapping[str, str | None] | None = None,
    locs: Mapping[str, str] | None = None,
) -> FormErrors:
    """Map an API refusal to the form's fields (`locs`: API location -> form field)."""
    known = set(fields)
    errors = FormErrors()
    body = answer.body if isinstance(answer.body, dict) else {}
    detail = body.get("detail")
    if answer.status == 422 and isinstance(detail, list):
        for item in detail[:50]:
            if not isinstance(item, dict):
                continue
            where = _location(item.get("loc"))
            name = (locs or {}).get(where, where)
            if name not in known:
                # `weekly.count` -> `count`: nested models' fields live in the same form.
                name = (locs or {}).get(where.rsplit(".", 1)[-1], where.rsplit(".", 1)[-1])
            target = name if name in known else None
            errors.add(target, validation_message(item, target or where))
        if errors:
            return errors
    code = body.get("code") if isinstance(body.get("code"), str) else None
    target = (codes or {}).get(code) if code else None
    message = code_message(code, body) or fallback(answer.status, answer.request_id)
    errors.add(target if target in known else None, message)
    return errors


def text(form: Mapping[str, Any], name: str) -> str:
    """A form field as text (missing or a file: empty), trimmed; the API judges its length."""
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def optional(form: Mapping[str, Any], name: str) -> str | None:
    return text(form, name) or None


def stray_errors(errors: Mapping[str, FormErrors], shown: Iterable[str]) -> FormErrors:
    """Errors of rows a page no longer shows a form for (a request answered meanwhile, an offer that
    ran out): they go to the top of the page instead of disappearing."""
    visible = set(shown)
    found = FormErrors()
    for key, row in errors.items():
        if key not in visible:
            found.merge(FormErrors(general=[*row.general, *row.fields.values()]))
    return found


_IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")


def idempotency_headers(form: Mapping[str, Any]) -> dict[str, str]:
    """The `Idempotency-Key` a form carried since it was shown (a fresh one when it is missing or
    malformed): the same form sent twice makes one booking."""
    key = form.get("idempotency_key")
    if isinstance(key, str) and _IDEMPOTENCY_KEY.match(key):
        return {"Idempotency-Key": key}
    return {"Idempotency-Key": uuid.uuid4().hex}


def refusal_status(api_status: int) -> int:
    """The status of a page showing an API's refusal: the API's own 4xx, else 400."""
    return api_status if 400 <= api_status < 500 else 400
