"""The emails auth sends about an account, in the account's language (Russian unless it chose English):
`templates/<language>/<kind>.txt`, Jinja2 with a `title` block (the subject) and a `body` block."""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment, FileSystemLoader, StrictUndefined

TEMPLATES = Path(__file__).parent / "templates"
LANGUAGES = ("ru", "en")

Kind = Literal["verify_email", "reset_password", "password_changed"]


@dataclass(frozen=True)
class Composed:
    subject: str
    body: str


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        undefined=StrictUndefined,
        autoescape=False,  # noqa: S701 - plain-text email, never HTML
        keep_trailing_newline=False,
    )


def compose(kind: Kind, *, language: str | None, default_language: str, **context: Any) -> Composed:
    """One email of `kind` in `language` (else `default_language`)."""
    chosen = language if language in LANGUAGES else default_language
    template = _environment().get_template(f"{chosen}/{kind}.txt")
    blocks = template.new_context(context)
    subject = "".join(template.blocks["title"](blocks)).strip()
    body = "".join(template.blocks["body"](blocks)).strip()
    frame = _environment().get_template(f"{chosen}/_email.txt")
    return Composed(subject=subject, body=frame.render(body=body).strip() + "\n")
