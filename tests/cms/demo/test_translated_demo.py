"""The demo's news and events in every language (issue 18: news leads and bodies were Polish
on /en/ and /uk/, events on /uk/ showed English titles), and a demo loaded before they were
translated catching up on the next load without losing an editor's text."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.utils.text import slugify
from wagtail.models import Locale

from cms.core.site import publish
from cms.demo.data import read_demo
from cms.events.models import EventPage
from cms.network.models import UnitPage
from cms.news.models import NewsPage

pytestmark = pytest.mark.django_db


def _load() -> None:
    call_command("load_demo", "--force", verbosity=0, stdout=None)


def _translation(model: Any, polish_title: str, code: str) -> Any:
    source = model.objects.get(title=polish_title, locale__language_code="pl")
    return source.get_translation(Locale.objects.get(language_code=code)).specific


def test_demo_news_and_events_are_in_each_language(client: Any) -> None:
    _load()
    demo = read_demo()
    for entry in demo.news.news:
        for code in ("en", "uk"):
            page = _translation(NewsPage, entry.titles.pl, code)
            assert page.title == getattr(entry.titles, code)
            assert page.intro == getattr(entry.leads, code) != entry.leads.pl
            assert page.body == getattr(entry.bodies, code) != entry.bodies.pl
            assert (
                page.slug
                == slugify(page.title, allow_unicode=True)
                != page.get_translation(Locale.objects.get(language_code="pl")).slug
            )  # the address in the page's language, not the Polish one
            html = client.get(page.url).content.decode()
            assert page.intro in html
    for event in demo.events.events:
        assert event.titles.uk, event.titles.pl
        page = _translation(EventPage, event.titles.pl, "uk")
        assert page.title == event.titles.uk != event.titles.en
        assert page.slug == slugify(event.titles.uk, allow_unicode=True)


def test_demo_unit_pages_are_in_each_language(client: Any) -> None:
    """Their body was Polish on /en/ and /uk/; a coordinator's function (as the city wrote
    it) is marked as Polish there."""
    _load()
    demo = read_demo()
    for entry in demo.units.units:
        polish = UnitPage.objects.get(unit__slug=entry.slug, locale__language_code="pl")
        assert polish.body == demo.units.page_body.pl.format(name=entry.names.pl)
        for code in ("en", "uk"):
            page = polish.get_translation(Locale.objects.get(language_code=code)).specific
            name = entry.names.in_language(code)
            assert page.body == getattr(demo.units.page_body, code).format(name=name)
    page = UnitPage.objects.get(unit__slug="wydzial-edukacji", locale__language_code="uk")
    html = client.get(page.url).content.decode()
    assert "współpraca" not in html
    assert '<span lang="pl">główny specjalista</span>' in html


def test_a_demo_loaded_before_catches_up_and_keeps_editors_text() -> None:
    _load()
    demo = read_demo()
    news, other = demo.news.news[0], demo.news.news[1]
    event = demo.events.events[0]
    # As an older demo left them: Polish texts on /uk/, the English title on an event.
    stale = _translation(NewsPage, news.titles.pl, "uk")
    stale.intro, stale.body = news.leads.pl, news.bodies.pl
    publish(stale)
    edited = _translation(NewsPage, other.titles.pl, "uk")
    edited.body = "<p>Текст редактора.</p>"
    publish(edited)
    old_event = _translation(EventPage, event.titles.pl, "uk")
    old_event.title = event.titles.en
    publish(old_event)
    _load()
    stale.refresh_from_db()
    assert (stale.intro, stale.body) == (news.leads.uk, news.bodies.uk)
    edited.refresh_from_db()
    assert edited.body == "<p>Текст редактора.</p>"
    old_event.refresh_from_db()
    assert old_event.title == event.titles.uk
