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
        role="guest",
        rating_window_closes_at=datetime(2026, 12, 25, 16, 10, tzinfo=UTC),
        reason="Insults towards the host",
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


RATINGS_CASES = [
    (
        "rate_your_evening",
        "host",
        "ru",
        "Оцените вечер: «Stalker»",
        [
            "Ваш просмотр «Stalker» (пт, 11 декабря 2026, 19:30 MSK) закончился.",
            "Оцените гостей, которые пришли",
            "Оценить можно до пт, 25 декабря 2026, 19:10 MSK.",
        ],
    ),
    (
        "rate_your_evening",
        "guest",
        "ru",
        "Оцените вечер: «Stalker»",
        [
            "Как прошёл просмотр «Stalker» у Anna Petrova (пт, 11 декабря 2026, 19:30 MSK)?",
            "оцените организатора",
        ],
    ),
    (
        "rate_your_evening",
        "host",
        "en",
        "Rate your evening: Stalker",
        [
            "Your screening of Stalker (Fri 11 Dec 2026, 19:30 MSK) is over. Rate the guests who came",
            "You can rate until Fri 25 Dec 2026, 19:10 MSK.",
        ],
    ),
    (
        "rate_your_evening",
        "guest",
        "en",
        "Rate your evening: Stalker",
        ["How was Stalker hosted by Anna Petrova (Fri 11 Dec 2026, 19:30 MSK)?", "rate the host"],
    ),
    (
        "rating_revealed",
        "host",
        "ru",
        "Вас оценили: «Stalker»",
        ["Оценка гостя за ваш просмотр «Stalker» (пт, 11 декабря 2026, 19:30 MSK) теперь видна."],
    ),
    (
        "rating_revealed",
        "guest",
        "ru",
        "Вас оценили: «Stalker»",
        ["Anna Petrova оценил(а) вас как гостя на просмотре «Stalker» (пт, 11 декабря 2026, 19:30 MSK)."],
    ),
    (
        "rating_revealed",
        "host",
        "en",
        "You have been rated: Stalker",
        ["A guest's rating of your screening of Stalker (Fri 11 Dec 2026, 19:30 MSK) is now visible."],
    ),
    (
        "rating_revealed",
        "guest",
        "en",
        "You have been rated: Stalker",
        ["Anna Petrova rated you as a guest at Stalker (Fri 11 Dec 2026, 19:30 MSK)."],
    ),
    (
        "review_hidden",
        None,
        "ru",
        "Текст отзыва скрыт: «Stalker»",
        ["Модератор скрыл текст вашего отзыва о просмотре «Stalker».", "Причина: Insults towards the host"],
    ),
    (
        "review_hidden",
        None,
        "en",
        "Review text hidden: Stalker",
        ["A moderator hid the text of your review of Stalker.", "Reason: Insults towards the host"],
    ),
]


@pytest.mark.parametrize(("kind", "role", "language", "title", "lines"), RATINGS_CASES)
def test_the_ratings_messages_are_worded_for_the_readers_side_in_both_languages(
    kind: str, role: str | None, language: str, title: str, lines: list[str]
) -> None:
    context = {**_context(kind), "role": role}
    message = render(kind, context, language=language, timezone="Europe/Moscow")
    assert message.title == title
    for line in lines:
        assert line in message.body, message.body
    other_side = {"host": "guest", "guest": "host"}.get(role or "")
    if other_side:
        assert render(
            kind, {**context, "role": other_side}, language=language, timezone="Europe/Moscow"
        ).body != (message.body), "host and guest read different words"


@pytest.mark.parametrize("language", LANGUAGES)
def test_rate_your_evening_without_a_closing_time_and_a_rating_without_a_date_still_read_well(
    language: str,
) -> None:
    invitation = render(
        "rate_your_evening",
        {**_context("rate_your_evening"), "rating_window_closes_at": None},
        language=language,
        timezone="Europe/Moscow",
    ).body
    assert "2026, 19:10" not in invitation and invitation.count("\n") == 1, invitation
    revealed = render(
        "rating_revealed",
        {**_context("rating_revealed"), "starts_at": None, "host_name": ""},
        language=language,
        timezone="Europe/Moscow",
    ).body
    assert "()" not in revealed
    assert ("Организатор оценил(а)" if language == "ru" else "The host rated you") in revealed
