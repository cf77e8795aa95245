"""A small site for permission tests: two units' sections, programme news, and users by role."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from clock import days
from django.test import Client
from django.utils import timezone
from factories import CoordinatorFactory, UnitFactory, UserFactory
from wagtail.models import Page

from cms.core.roles import ensure_groups
from cms.core.site import ensure_child, ensure_home, locales, publish, translation_of
from cms.events.models import EventIndexPage
from cms.network.access import provision_all
from cms.network.models import UnitIndexPage, UnitPage
from cms.news.models import NewsIndexPage, NewsPage
from cms.programmes.models import GoalPage

LOCALES = ["pl", "en", "uk"]


def _news(parent: Page, title: str) -> dict[str, NewsPage]:
    page = NewsPage(title=title, date=days(-45), body="<p>tekst</p>", locale=parent.locale)
    parent.add_child(instance=page)
    publish(page)
    found = {"pl": page}
    for locale in locales()[1:]:
        found[locale.language_code] = translation_of(
            page, locale, f"{title} ({locale.language_code})"
        )
    return found


def build_site() -> dict[str, Any]:
    ensure_groups()
    homes = ensure_home()
    education = UnitFactory(slug="wydzial-edukacji", name="Wydział Edukacji")
    culture = UnitFactory(
        slug="wydzial-kultury", name="Wydział Kultury", email="kultura@example.org"
    )
    CoordinatorFactory(unit=culture, email="hanna@example.org", name="Hanna Mazur")
    news_index = ensure_child(homes["pl"], NewsIndexPage, "Aktualności", "news")
    ensure_child(homes["pl"], EventIndexPage, "Wydarzenia", "events")
    unit_index = ensure_child(homes["pl"], UnitIndexPage, "Jednostki", "units")
    for locale in locales()[1:]:
        translation_of(news_index, locale, "News")
        translation_of(unit_index, locale, "Units")
    sections = {}
    for unit in (education, culture):
        section = UnitPage(
            title=unit.names["pl"], slug=unit.slug, unit=unit, locale=unit_index.locale
        )
        unit_index.add_child(instance=section)
        publish(section)
        for locale in locales()[1:]:
            translation_of(section, locale, unit.names["pl"])
        sections[unit.slug] = section
    pages = {
        "own": _news(sections["wydzial-edukacji"], "Aktualność edukacji"),
        "other": _news(sections["wydzial-kultury"], "Aktualność kultury"),
        "news": _news(news_index, "Aktualność programu"),
        "programme": {
            code: GoalPage.objects.get(
                okcore_id="open-krakow-2024-2028/goal-1", locale__language_code=code
            )
            for code in LOCALES
        },
    }
    provision_all()
    return {
        "pages": pages,
        "education": education,
        "culture": culture,
        "culture_page": sections["wydzial-kultury"],
    }


def client_for(role: str, site: dict[str, Any]) -> Client:
    client = Client(HTTP_HOST="localhost")
    if role == "public":
        return client
    user = UserFactory(username=role)
    if role in ("admin", "editor"):
        admins, editors = ensure_groups()
        user.groups.add(admins if role == "admin" else editors)
    else:
        yesterday = timezone.localdate() - timedelta(days=1)
        CoordinatorFactory(
            unit=site["education"],
            role="deputy" if role == "deputy" else "coordinator",
            user=user,
            valid_from=date(2023, 11, 27),
            valid_to=yesterday if role == "expired" else None,
        )
    client.force_login(user)
    return client
