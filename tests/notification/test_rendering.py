"""Templates: every kind in Russian and English, times in the reader's zone, Russian plural forms."""

import re
from datetime import UTC, datetime

import pytest

from notification.kinds import KINDS, LANGUAGES
from notification.messages.service import message_context
from notification.rendering import TEMPLATES, format_when, render, render_email, ru_plural

CYRILLIC = re.compile("[а-яА-ЯёЁ]")


def _context(kind: str) -> dict:
    starts = datetime(2026, 12, 11, 16, 30, tzinfo=UTC)
    return message_context(
        event_id="5bdf98f3-9c32-4e40-8414-00c40d80c673",
        movie_title="Stalker",
        host_name="Anna Petrova",
        starts_at=starts,
        ends_at=datetime(2026, 12, 11, 19, 10, tzinfo=UTC),
        place={"id": "p1", "name": "Loft", "city": "Moscow", "address": "Pokrovka 12"},
        link="http://localhost:8000/events/5bdf98f3-9c32-4e40-8414-00c40d80c673",
        capacity=8,
        seats=3,
        previous_seats=1,
        seats_left=5,
        guest_name="Gleb",
        before={
            "starts_at": datetime(2026, 12, 10, 16, 30, tzinfo=UTC),
            "place": {"id": "p0", "name": "Old flat", "city": "Moscow", "address": "Arbat 1"},
        },
        reasons=["friend"] if kind == "new_watch_party" else [],
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_renders_in_every_language_with_its_link_in_the_email(kind: str, language: str) -> None:
    assert (TEMPLATES / language / f"{kind}.txt").is_file()
    context = _context(kind)
    message = render(kind, context, language=language, timezone="Europe/Moscow")
    mail = render_email(
        kind,
        context,
        language=language,
        timezone="Europe/Moscow",
        settings_url="http://localhost:8000/settings",
    )
    assert "Stalker" in message.title
    assert message.body and "\n\n\n" not in message.body
    assert mail.title == message.title
    assert context["link"] in mail.body and "http://localhost:8000/settings" in mail.body
    if language == "ru":
        assert CYRILLIC.search(message.title + message.body)
    else:
        assert not CYRILLIC.search(message.title + message.body), message.body


def test_a_moved_screening_says_both_times_and_the_new_place() -> None:
    body = render("event_changed", _context("event_changed"), language="en", timezone="Europe/Moscow").body
    assert "Was: Thu 10 Dec 2026, 19:30 MSK. Now: Fri 11 Dec 2026, 19:30 MSK." in body
    assert "New place: Loft, Pokrovka 12, Moscow (was: Old flat)." in body


def test_times_are_shown_in_the_readers_zone() -> None:
    moment = datetime(2026, 12, 11, 16, 30, tzinfo=UTC)
    assert format_when(moment, language="ru", timezone="Europe/Moscow") == "пт, 11 декабря 2026, 19:30 MSK"
    assert format_when(moment, language="en", timezone="Asia/Tokyo") == "Sat 12 Dec 2026, 01:30 JST"
    assert (
        format_when(moment.isoformat(), language="en", timezone="No/Such_Zone")
        == "Fri 11 Dec 2026, 16:30 UTC"
    )


@pytest.mark.parametrize(
    ("n", "word"),
    [
        (1, "место"),
        (2, "места"),
        (4, "места"),
        (5, "мест"),
        (11, "мест"),
        (12, "мест"),
        (21, "место"),
        (22, "места"),
    ],
)
def test_russian_seats_agree_with_the_number(n: int, word: str) -> None:
    assert ru_plural(n, "место", "места", "мест") == word
