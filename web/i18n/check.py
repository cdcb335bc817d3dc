"""`python -m web.i18n.check`: fail when a message of the web front has no Russian translation.

Extracts every message from the code and templates (as `make i18n-extract` does, into a temporary
file) and compares it with the Russian catalog: a message that is missing, untranslated, fuzzy or
whose placeholders differ from the source is reported, and the exit status is 1.
"""

import sys
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from web.i18n import DOMAIN, LOCALE_DIR

ROOT = LOCALE_DIR.parent.parent
CONFIG = ROOT / "babel.cfg"
KEYWORDS = ["-k", "_", "-k", "N_", "-k", "gettext", "-k", "ngettext:1,2"]


def extract(target: Path) -> Catalog:
    CommandLineInterface().run(
        ["pybabel", "-q", "extract", "-F", str(CONFIG), *KEYWORDS, "--no-location", "-o", str(target), "web"]
    )
    with target.open("rb") as source:
        return read_po(source)


def problems(language: str = "ru") -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        template = extract(Path(folder) / f"{DOMAIN}.pot")
    po_path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    with po_path.open("rb") as source:
        catalog = read_po(source, locale=language)
    found: list[str] = []
    for message in template:
        if not message.id:
            continue
        translated = catalog.get(message.id, message.context)
        key = message.id if isinstance(message.id, str) else message.id[0]
        if translated is None:
            found.append(f"missing: {key!r}")
        elif translated.fuzzy:
            found.append(f"fuzzy: {key!r}")
        elif not all(translated.string) if isinstance(translated.string, tuple) else not translated.string:
            found.append(f"untranslated: {key!r}")
        else:
            found += [f"{key!r}: {error}" for error in translated.check(catalog)]
    return found


def main() -> int:
    found = problems()
    for line in found:
        print(f"web/locale/ru: {line}", file=sys.stderr)
    if found:
        print(
            f"{len(found)} message(s) need a Russian translation: make i18n-update, then translate",
            file=sys.stderr,
        )
        return 1
    print("web/locale/ru: every message is translated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
