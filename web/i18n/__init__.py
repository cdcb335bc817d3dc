"""Languages of the web front: Russian first, English second, through gettext catalogs (Babel).

- Source strings are English, in templates (`{% trans %}`, `_()`) and in Python (`_()` for text made
  while a request is handled, `N_()` to mark text kept in tables and translated when shown).
- `web/locale/ru/LC_MESSAGES/messages.po` holds the Russian catalog; English needs none. `make
  i18n-extract`, `i18n-update`, `i18n-compile` run pybabel; `make i18n-check` (part of `make lint`)
  fails when a message has no Russian translation. The catalog is compiled in memory when no
  up-to-date `.mo` is beside it, so a fresh clone works without a build step.
- The language of a request: the account's preference, else the `kc_lang` cookie (the switcher in the
  header), else `Accept-Language`, else Russian. `set_language` binds it to the request's context.
"""

from __future__ import annotations

import gettext as _gettext
from contextvars import ContextVar
from functools import cache
from io import BytesIO
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LANGUAGES: tuple[str, ...] = ("ru", "en")
DEFAULT_LANGUAGE = "ru"
LANGUAGE_COOKIE = "kc_lang"
LANGUAGE_NAMES = {"ru": "Русский", "en": "English"}
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "messages"

_current: ContextVar[str] = ContextVar("web_language", default=DEFAULT_LANGUAGE)


def supported(value: object) -> str | None:
    """`value` when it names a language of the site ("ru", "en-GB" -> "en"), else None."""
    if not isinstance(value, str) or not value:
        return None
    code = value.strip().lower().replace("_", "-").split("-", 1)[0]
    return code if code in LANGUAGES else None


def from_accept_language(header: str | None) -> str | None:
    """The best of our languages in an `Accept-Language` header (weights honoured), or None."""
    if not header:
        return None
    best: tuple[float, int, str] | None = None
    for position, part in enumerate(header.split(",")[:20]):
        tag, _sep, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                continue
        language = supported(tag)
        if language is None or weight <= 0:
            continue
        candidate = (-weight, position, language)
        if best is None or candidate < best:
            best = candidate
    return best[2] if best else None


def negotiate(*, preference: object = None, cookie: object = None, accept_language: str | None = None) -> str:
    """Account preference, else cookie, else Accept-Language, else Russian."""
    return (
        supported(preference)
        or supported(cookie)
        or from_accept_language(accept_language)
        or DEFAULT_LANGUAGE
    )


@cache
def translations(language: str) -> _gettext.NullTranslations:
    """The catalog of `language` (English is the source language: no catalog)."""
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    po_path, mo_path = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if not po_path.exists():
        return _gettext.NullTranslations()
    if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
        with mo_path.open("rb") as compiled:
            return _gettext.GNUTranslations(compiled)
    with po_path.open("rb") as source:
        catalog = read_po(source, locale=language, domain=DOMAIN)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


@cache
def locale(language: str) -> Locale:
    return Locale.parse(language)


def set_language(language: str) -> None:
    _current.set(language if language in LANGUAGES else DEFAULT_LANGUAGE)


def current_language() -> str:
    return _current.get()


def gettext(message: str) -> str:
    return translations(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return translations(_current.get()).ngettext(singular, plural, count)


def _(message: str, **values: object) -> str:
    """`message` in the current language, with `%(name)s` placeholders filled from `values`."""
    text = gettext(message)
    return text % values if values else text


def N_(message: str) -> str:
    """Marks `message` for the catalog where it is kept in a table; translate it with `_()` when shown."""
    return message
