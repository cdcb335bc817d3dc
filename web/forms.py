"""Form values in, API errors out: each error goes beside the field it concerns.

A 422 validation answer names fields by `loc` (`["body", "weekly", "time"]`); a domain answer by
`code` (`not_enough_seats`). Each form maps both to its own field names; what maps to no field is shown
at the top of the form.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from web.api import Answer


@dataclass
class FormErrors:
    fields: dict[str, str] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.fields or self.general)

    def add(self, name: str | None, message: str) -> None:
        if name is None:
            self.general.append(message)
        else:
            self.fields.setdefault(name, message)


def _message(item: Mapping[str, Any]) -> str:
    text = str(item.get("msg") or "This value is not valid.")
    for prefix in ("Value error, ", "Assertion failed, "):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    return text[:1].upper() + text[1:]


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
        for item in detail:
            if not isinstance(item, dict):
                continue
            where = _location(item.get("loc"))
            name = (locs or {}).get(where, where)
            if name not in known:
                # `weekly.count` -> `count`: nested models' fields live in the same form.
                name = (locs or {}).get(where.rsplit(".", 1)[-1], where.rsplit(".", 1)[-1])
            errors.add(name if name in known else None, _message(item))
        if errors:
            return errors
    code = body.get("code")
    target = (codes or {}).get(code) if isinstance(code, str) else None
    errors.add(
        target if target in known else None, answer.detail if isinstance(detail, str) else _fallback(answer)
    )
    return errors


def _fallback(answer: Answer) -> str:
    if answer.status == 401:
        return "Please sign in again."
    if answer.status == 429:
        return "Too many attempts; wait a moment and try again."
    return "The request could not be completed."


def text(form: Mapping[str, Any], name: str) -> str:
    """A form field as text (missing or a file: empty), trimmed; the API judges its length."""
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def optional(form: Mapping[str, Any], name: str) -> str | None:
    return text(form, name) or None
