"""A film's poster: the catalog's picture when it has one, otherwise one drawn from the title and year
(an SVG of a few hundred bytes, the same for the same film, never a broken image)."""

import hashlib
import re
from typing import Any
from xml.sax.saxutils import escape

# Background pairs (top, bottom) dark enough for white text at AA contrast.
_PALETTES = (
    ("#3b1f6e", "#5a2ea6"),
    ("#1f3b6e", "#2e5aa6"),
    ("#6e1f3b", "#a62e5a"),
    ("#1f5a4a", "#2e8a6e"),
    ("#5a3a1f", "#8a5a2e"),
    ("#2b2b3b", "#4a4a66"),
    ("#6e3b1f", "#a6592e"),
    ("#1f4f6e", "#2e76a6"),
)
_LINE_CHARS = 14
_MAX_LINES = 5


def catalog_poster(movie: dict[str, Any] | None) -> str | None:
    """The catalog's own poster address, when the film has one (http(s) or a path on this site)."""
    if not isinstance(movie, dict):
        return None
    url = movie.get("poster_url")
    if isinstance(url, str) and re.match(r"^(https://|http://|/)[^\s\"'<>]+$", url):
        return url
    return None


def poster_url(movie: dict[str, Any] | None, movie_id: str) -> str:
    """What an <img> shows for the film: the catalog's poster, else the drawn one."""
    return catalog_poster(movie) or f"/films/{movie_id}/poster.svg"


def _lines(title: str) -> list[str]:
    words = title.split()
    lines: list[str] = []
    current = ""
    for word in words:
        while len(word) > _LINE_CHARS:
            if current:
                lines.append(current)
                current = ""
            lines.append(word[: _LINE_CHARS - 1] + "-")
            word = word[_LINE_CHARS - 1 :]
        candidate = f"{current} {word}".strip()
        if len(candidate) <= _LINE_CHARS:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > _MAX_LINES:
        lines = lines[:_MAX_LINES]
        lines[-1] = lines[-1][: _LINE_CHARS - 1].rstrip() + "…"
    return lines or ["?"]


def drawn_poster(title: str, year: object, *, label: str) -> str:
    """A 2:3 poster with the title in large type, the year, and the site's mark."""
    digest = hashlib.sha256(title.encode()).digest()
    top, bottom = _PALETTES[digest[0] % len(_PALETTES)]
    lines = _lines(title.strip()[:120])
    size = 34 if max(len(line) for line in lines) <= 10 else 28
    start = 150 - (len(lines) - 1) * size * 0.6
    text = "".join(
        f'<text x="24" y="{start + i * size * 1.2:.0f}" font-size="{size}">{escape(line)}</text>'
        for i, line in enumerate(lines)
    )
    year_text = escape(str(year)) if isinstance(year, int) else ""
    circle_x = 40 + digest[1] % 140
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 360" width="240" height="360" '
        f'role="img" aria-label="{escape(label, {chr(34): "&quot;"})}">'
        f'<defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="{top}"/>'
        f'<stop offset="1" stop-color="{bottom}"/></linearGradient></defs>'
        '<rect width="240" height="360" fill="url(#g)"/>'
        f'<circle cx="{circle_x}" cy="300" r="90" fill="#ffffff" opacity="0.06"/>'
        '<g font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" font-weight="700" '
        f'fill="#ffffff">{text}</g>'
        '<text x="24" y="320" font-family="system-ui, sans-serif" font-size="22" fill="#f0d9ff">'
        f"{year_text}</text>"
        '<text x="216" y="340" text-anchor="end" font-family="system-ui, sans-serif" font-size="12" '
        'fill="#f0d9ff" letter-spacing="2">KINOCLUB</text>'
        "</svg>"
    )
