"""The demo's accessibility statement and privacy notice: Kraków's, in every language.

set_up_site makes both pages (cms.legal); the demo fills in what a city would: the body,
the dates (relative to the day the demo is made: reviewed on the last 31 March, as art. 11
of the act of 4 April 2019 requires every year), the content that is not accessible, the
office's architectural accessibility. Texts here, not in the code of the site.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from wagtail.models import Page

from cms.core.city import in_site
from cms.core.site import default_site, publish
from cms.legal.models import (
    AccessibilityStatementPage,
    Compliance,
    Method,
    PrivacyNoticePage,
    Reason,
)

BODY = {
    "pl": "Urząd Miasta Krakowa",
    "en": "Kraków City Office",
    "uk": "Міська управа Кракова",
}
INACCESSIBLE = {
    "pl": [
        (
            "Część plików PDF opublikowanych przed 2024 r. nie ma struktury nagłówków.",
            Reason.EXCLUDED,
            "Na prośbę przygotujemy wersję dostępną.",
        ),
        (
            "Nagrania ze spotkań sieci koordynatorów nie mają napisów.",
            Reason.NOT_YET,
            "Protokoły spotkań są dostępne jako tekst.",
        ),
    ],
    "en": [
        (
            "Some PDF files published before 2024 have no heading structure.",
            Reason.EXCLUDED,
            "We will prepare an accessible version on request.",
        ),
        (
            "Recordings of the coordinators' network meetings have no captions.",
            Reason.NOT_YET,
            "The minutes of the meetings are available as text.",
        ),
    ],
    "uk": [
        (
            "Частина файлів PDF, опублікованих до 2024 р., не має структури заголовків.",
            Reason.EXCLUDED,
            "На прохання ми підготуємо доступну версію.",
        ),
        (
            "Записи зустрічей мережі координаторів не мають субтитрів.",
            Reason.NOT_YET,
            "Протоколи зустрічей доступні у вигляді тексту.",
        ),
    ],
}
ARCHITECTURE = {
    "pl": "<p>Siedziba: pl. Wszystkich Świętych 3-4, 31-004 Kraków. Wejście od placu jest "
    "dostępne dla osób na wózkach (podjazd), w budynku jest winda i toaleta dostosowana do "
    "potrzeb osób z niepełnosprawnościami. Do budynku można wejść z psem asystującym.</p>",
    "en": "<p>Seat: pl. Wszystkich Świętych 3-4, 31-004 Kraków. The entrance from the square "
    "is accessible to wheelchair users (ramp); the building has a lift and an accessible "
    "toilet. Assistance dogs are welcome.</p>",
    "uk": "<p>Адреса: pl. Wszystkich Świętych 3-4, 31-004 Kraków. Вхід з площі доступний для "
    "людей на візках (пандус), у будівлі є ліфт і пристосований туалет. До будівлі можна "
    "увійти з собакою-асистентом.</p>",
}
CONTROLLER = {
    "pl": "Prezydent Miasta Krakowa, pl. Wszystkich Świętych 3-4, 31-004 Kraków",
    "en": "The Mayor of the City of Kraków, pl. Wszystkich Świętych 3-4, 31-004 Kraków",
    "uk": "Президент міста Кракова, pl. Wszystkich Świętych 3-4, 31-004 Kraków",
}


def last_31_march(today: date) -> date:
    """The latest 31 March on or before ``today``: the yearly review's deadline (art. 11)."""
    this_year = date(today.year, 3, 31)
    return this_year if this_year <= today else date(today.year - 1, 3, 31)


def _current(page: Page, field: str) -> Any:
    value = getattr(page, field)
    if field == "inaccessible":
        return [(block.block_type, dict(block.value)) for block in value]
    return value


def _fill(model: type[Page], values: dict[str, dict[str, Any]]) -> None:
    """Each language's page of the default site gets its values; unchanged ones stay."""
    pages = in_site(model.objects.all(), default_site()).select_related("locale")
    for page in pages:
        own = values.get(page.locale.language_code, values["pl"])
        if all(_current(page, field) == value for field, value in own.items()):
            continue
        for field, value in own.items():
            setattr(page, field, value)
        publish(page)


def fill_legal_pages(today: date) -> None:
    """Kraków's statement and notice in every language (the pages set_up_site made)."""
    reviewed = last_31_march(today)
    statements: dict[str, dict[str, Any]] = {}
    notices: dict[str, dict[str, Any]] = {}
    for code in ("pl", "en", "uk"):
        statements[code] = {
            "body_name": BODY[code],
            "published_on": date(today.year - 2, 11, 20),
            "updated_on": reviewed - timedelta(days=40),
            "compliance": Compliance.PARTIAL,
            "inaccessible": [
                ("item", {"content": c, "reason": r.value, "alternative": a})
                for c, r, a in INACCESSIBLE[code]
            ],
            "prepared_on": date(today.year - 2, 11, 20),
            "reviewed_on": reviewed,
            "method": Method.SELF,
            "contact_person": "Anna Nowak",
            "contact_email": "dostepnosc@example.org",
            "contact_phone": "+48 12 616 00 01",
            "architecture": ARCHITECTURE[code],
        }
        notices[code] = {"controller": CONTROLLER[code], "dpo_email": "iod@example.org"}
    _fill(AccessibilityStatementPage, statements)
    _fill(PrivacyNoticePage, notices)
