"""The time zone an evening is in, so its times are shown as the people going there read their clocks.

The booking API stores moments (UTC) and a place's city, not a zone. The zone is the event's or its
place's `timezone` when the API gives one, else the zone of the place's city when it is a city we know
(Russian cities by their Russian and English names, and a few others), else the site's default zone.
"""

from typing import Any

# IANA zones of the cities people are likely to write (Russian and English names, "|"-separated).
_ZONE_CITIES = {
    "Europe/Kaliningrad": "Kaliningrad|Калининград",
    "Europe/Moscow": (
        "Moscow|Москва|Saint Petersburg|St Petersburg|St. Petersburg|Санкт-Петербург|"
        "Петербург|Kazan|Казань|Nizhny Novgorod|Нижний Новгород|Voronezh|Воронеж|"
        "Rostov-on-Don|Ростов-на-Дону|Krasnodar|Краснодар|Sochi|Сочи|Yaroslavl|Ярославль|Tula|"
        "Тула|Tver|Тверь|Vladimir|Владимир|Murmansk|Мурманск|Arkhangelsk|Архангельск|Kirov|"
        "Киров|Volgograd|Волгоград|Sevastopol|Севастополь|Simferopol|Симферополь|Minsk|Минск"
    ),
    "Europe/Samara": "Samara|Самара|Izhevsk|Ижевск|Ulyanovsk|Ульяновск",
    "Europe/Saratov": "Saratov|Саратов",
    "Asia/Yekaterinburg": (
        "Yekaterinburg|Екатеринбург|Chelyabinsk|Челябинск|Perm|Пермь|Ufa|Уфа|Tyumen|Тюмень|"
        "Orenburg|Оренбург|Surgut|Сургут"
    ),
    "Asia/Omsk": "Omsk|Омск",
    "Asia/Novosibirsk": "Novosibirsk|Новосибирск",
    "Asia/Barnaul": "Barnaul|Барнаул",
    "Asia/Tomsk": "Tomsk|Томск",
    "Asia/Novokuznetsk": "Novokuznetsk|Новокузнецк|Kemerovo|Кемерово",
    "Asia/Krasnoyarsk": "Krasnoyarsk|Красноярск",
    "Asia/Irkutsk": "Irkutsk|Иркутск|Ulan-Ude|Улан-Удэ",
    "Asia/Chita": "Chita|Чита",
    "Asia/Yakutsk": "Yakutsk|Якутск|Blagoveshchensk|Благовещенск",
    "Asia/Vladivostok": "Vladivostok|Владивосток|Khabarovsk|Хабаровск",
    "Asia/Sakhalin": "Yuzhno-Sakhalinsk|Южно-Сахалинск",
    "Asia/Magadan": "Magadan|Магадан",
    "Asia/Kamchatka": "Petropavlovsk-Kamchatsky|Петропавловск-Камчатский",
    "Asia/Almaty": "Almaty|Алматы",
    "Asia/Tbilisi": "Tbilisi|Тбилиси",
    "Asia/Yerevan": "Yerevan|Ереван",
    "Europe/Belgrade": "Belgrade|Белград",
    "Europe/Berlin": "Berlin|Берлин",
    "Europe/London": "London|Лондон",
}
_CITY_ZONES = {name.lower(): zone for zone, names in _ZONE_CITIES.items() for name in names.split("|")}


def city_zone(city: object) -> str | None:
    if not isinstance(city, str):
        return None
    return _CITY_ZONES.get(city.strip().lower().replace("ё", "е"))


def event_zone(event: dict[str, Any] | None, default: str) -> str:
    """The zone of an evening (an EventRead or a booking's event summary)."""
    if not isinstance(event, dict):
        return default
    found = event.get("place")
    place: dict[str, Any] = found if isinstance(found, dict) else {}
    for candidate in (event.get("timezone"), place.get("timezone")):
        if isinstance(candidate, str) and candidate:
            return candidate
    return city_zone(place.get("city")) or default
