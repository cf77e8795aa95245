"""Translating pages with wagtail-localize, each role within its own sections
(cms.core.translating): portal administrators and editors on their own site, a unit's
coordinators in their unit's section, another city's administrators nowhere here."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from admin_forms import form_data
from clock import YEAR, days
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import resolve, reverse
from factories import UnitFactory, UserFactory
from site_setup import client_for
from wagtail.models import GroupPagePermission, Locale, Page, Site
from wagtail_localize.models import TranslationSource

from cms.core.models import HomePage
from cms.core.roles import ensure_groups
from cms.core.site import locales, publish, translation_of
from cms.core.translating import synchronise_locales
from cms.network.models import UnitIndexPage, UnitPage
from cms.news.models import NewsPage

pytestmark = pytest.mark.django_db


def english() -> Locale:
    return Locale.objects.get(language_code="en")


def new_news(parent: Page, title: str) -> NewsPage:
    """A published Polish page with no translation yet."""
    page = NewsPage(title=title, date=date(YEAR, 5, 1), body="<p>tekst</p>", locale=parent.locale)
    parent.add_child(instance=page)
    publish(page)
    return NewsPage.objects.get(pk=page.pk)


def submit_url(page: Page) -> str:
    return reverse("wagtail_localize:submit_page_translation", args=[page.pk])


def submit(client: Client, page: Page, locale: Locale) -> Any:
    return client.post(submit_url(page), {"locales": [str(locale.pk)]})


def translated(page: Page, locale: Locale) -> Page | None:
    return Page.objects.filter(
        translation_key=page.translation_key, locale=locale, alias_of__isnull=True
    ).first()


def section(site: dict[str, Any], unit: str) -> UnitPage:
    return UnitPage.objects.get(unit=site[unit], locale__language_code="pl")


def test_the_views_are_the_sites_own_at_wagtail_localizes_addresses() -> None:
    assert resolve(submit_url(Page(pk=7))).url_name == "okcore_submit_page_translation"
    sync = reverse("wagtail_localize:update_translations", args=[7])
    assert resolve(sync).url_name == "okcore_update_translations"


@pytest.mark.parametrize(
    ("role", "unit"),
    [("admin", "culture"), ("editor", "culture"), ("coordinator", "education")],
)
def test_a_role_translates_a_page_in_its_own_section(
    role: str, unit: str, site: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    """SZ and editors anywhere on their site, a coordinator in the unit's section: the
    button on the page and in the listing, the form, the translation, its editing."""
    parent = section(site, unit)
    page = new_news(parent, "Nowa aktualność do przetłumaczenia")
    client = client_for(role, site)
    assert submit_url(page) in client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert submit_url(page) in client.get(f"/admin/pages/{parent.pk}/").content.decode()
    assert client.get(submit_url(page)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, page, english())
    target = translated(page, english())
    assert target is not None
    assert target.get_parent().pk == parent.get_translation(english()).pk
    target.refresh_from_db()
    assert target.live  # the original is: wagtail-localize publishes its copy with it
    assert client.get(f"/admin/pages/{target.pk}/edit/").status_code == 200
    tester = target.specific.permissions_for_user(User.objects.get(username=role))
    assert tester.can_edit() and tester.can_publish()


def test_a_coordinator_does_not_translate_another_units_page(site: dict[str, Any]) -> None:
    page = new_news(section(site, "culture"), "Aktualność innej jednostki")
    client = client_for("coordinator", site)
    edit = client.get(f"/admin/pages/{page.pk}/edit/")
    assert submit_url(page) not in edit.content.decode()
    listing = client.get(f"/admin/pages/{section(site, 'culture').pk}/").content.decode()
    assert submit_url(page) not in listing
    assert client.get(submit_url(page)).status_code in (302, 403)
    submit(client, page, english())
    assert translated(page, english()) is None


def test_a_coordinator_does_not_translate_a_proposal_in_programme_news(
    site: dict[str, Any],
) -> None:
    """Programme news is where coordinators only propose: its translations are the
    portal administrators' and editors'."""
    news_index = site["pages"]["news"]["pl"].get_parent()
    page = new_news(news_index, "Aktualność programu bez tłumaczenia")
    client = client_for("coordinator", site)
    submit(client, page, english())
    assert translated(page, english()) is None


def test_an_editor_does_not_make_a_unit_section_by_translating_one(
    site: dict[str, Any],
) -> None:
    """Outside the editors' sections: only who manages the network makes unit sections
    (cms.network.permissions), in any language."""
    index = UnitIndexPage.objects.get(locale__language_code="pl")
    unit = UnitFactory(slug="wydzial-sportu", name="Wydział Sportu")
    page = UnitPage(title="Wydział Sportu", slug=unit.slug, unit=unit, locale=index.locale)
    index.add_child(instance=page)
    publish(page)
    editor = client_for("editor", site)
    assert submit_url(page) not in editor.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    submit(editor, page, english())
    assert translated(page, english()) is None
    admin = client_for("admin", site)
    submit(admin, page, english())
    assert translated(page, english()) is not None


def test_the_form_offers_only_the_locales_one_may_translate_into(
    site: dict[str, Any],
) -> None:
    """A crafted POST with a locale left off the form translates nothing into it."""
    page = new_news(section(site, "education"), "Aktualność tylko po polsku")
    ukrainian = Locale.objects.get(language_code="uk")
    english_section = section(site, "education").get_translation(english())
    client = client_for("coordinator", site)
    GroupPagePermission.objects.filter(page=english_section).delete()  # not theirs in English
    form = client.get(submit_url(page)).content.decode()
    assert f'value="{ukrainian.pk}"' in form and f'value="{english().pk}"' not in form
    submit(client, page, english())
    assert translated(page, english()) is None
    submit(client, page, ukrainian)
    assert translated(page, ukrainian) is not None


def test_sync_translated_pages_within_ones_section(site: dict[str, Any]) -> None:
    page = new_news(section(site, "education"), "Aktualność do synchronizacji")
    admin = client_for("admin", site)
    submit(admin, page, english())
    source = TranslationSource.objects.get(object_id=page.translation_key)
    sync = reverse("wagtail_localize:update_translations", args=[source.pk])
    assert sync in admin.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    coordinator = client_for("coordinator", site)
    assert coordinator.get(sync).status_code == 200
    other = new_news(section(site, "culture"), "Aktualność kultury do synchronizacji")
    submit(admin, other, english())
    other_source = TranslationSource.objects.get(object_id=other.translation_key)
    other_sync = reverse("wagtail_localize:update_translations", args=[other_source.pk])
    assert other_sync not in coordinator.get(f"/admin/pages/{other.pk}/edit/").content.decode()
    assert coordinator.get(other_sync).status_code in (302, 403)
    assert coordinator.post(other_sync, {"publish_translations": "on"}).status_code in (302, 403)


@pytest.fixture
def lublin(site: dict[str, Any], settings: Any) -> dict[str, Any]:
    """A second city on lublin.example with its own home page and standing groups; its
    English home page made afterwards, by translation."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "lublin.example"]
    source = locales()[0]
    home = HomePage(title="Lublin", slug="lublin", locale=source)
    Page.get_first_root_node().add_child(instance=home)
    publish(home)
    lublin_site = Site.objects.create(hostname="lublin.example", port=80, root_page=home)
    ensure_groups(Site.objects.get(is_default_site=True))
    admins, _editors = ensure_groups(lublin_site)
    english_home = translation_of(home, english(), "Lublin")
    user = UserFactory(username="sz-lublin")
    user.groups.add(admins)
    client = Client(HTTP_HOST="lublin.example")
    client.force_login(user)
    return {"home": home, "english_home": english_home, "admins": admins, "client": client}


def test_another_citys_administrator_does_not_translate_this_citys_pages(
    site: dict[str, Any], lublin: dict[str, Any]
) -> None:
    page = new_news(section(site, "education"), "Aktualność krakowska")
    client = lublin["client"]
    assert client.get(submit_url(page)).status_code in (302, 403)
    submit(client, page, english())
    assert translated(page, english()) is None
    # …while their own city's pages they do translate: the English home page, made after
    # the groups, got their page permissions (cms.core.translating.follow_into_translation).
    assert GroupPagePermission.objects.filter(
        group=lublin["admins"], page=lublin["english_home"]
    ).exists()
    own = new_news(lublin["home"], "Aktualność lubelska")
    submit(client, own, english())
    target = translated(own, english())
    assert target is not None and target.get_parent().pk == lublin["english_home"].pk


def test_a_page_created_in_polish_reaches_the_other_trees(site: dict[str, Any]) -> None:
    """wagtail-localize's tree synchronisation: a "translation pending" alias in each other
    language, published with the original, shown with its language marked, and the
    translator's button on it."""
    source, *others = locales()
    synchronise_locales(source, others)
    parent = section(site, "education")
    client = client_for("coordinator", site)
    url = f"/admin/pages/add/news/newspage/{parent.pk}/"
    html = client.get(url).content.decode()
    fields = {
        "title": "Nowy kurs językowy",
        "slug": "nowy-kurs",
        "date": days(-1).isoformat(),
        "action-publish": "1",
    }
    client.post(url, form_data(html, "page-edit-form", **fields))
    page = NewsPage.objects.get(slug="nowy-kurs", locale=source)
    assert page.live
    for locale in others:
        alias = Page.objects.get(translation_key=page.translation_key, locale=locale)
        assert alias.alias_of_id == page.pk and alias.live
        assert alias.get_parent().pk == parent.get_translation(locale).pk
        body = Client(HTTP_HOST="localhost").get(alias.url).content.decode()
        assert '<main id="main" tabindex="-1" lang="pl">' in body
        edit = client.get(f"/admin/pages/{alias.pk}/edit/").content.decode()
        assert submit_url(page) in edit
    submit(client, page, english())
    assert translated(page, english()) is not None


def test_a_unit_group_holds_the_permission_from_the_network(site: dict[str, Any]) -> None:
    group = Group.objects.get(name="Unit: wydzial-edukacji")
    assert group.permissions.filter(codename="submit_translation").exists()


def test_a_coordinator_who_only_proposes_does_not_convert_a_translation_to_an_alias(
    site: dict[str, Any],
) -> None:
    """wagtail-localize's "Convert to alias" changes the live page at once: in programme
    news, where coordinators may edit but not publish, a crafted POST must not replace
    the published English text with the Polish one (nor unpublish it with an unpublished
    original); whoever may publish there may."""
    news_index = site["pages"]["news"]["pl"].get_parent()
    page = new_news(news_index, "Aktualność programu przetłumaczona")
    submit(client_for("admin", site), page, english())
    target = NewsPage.objects.get(translation_key=page.translation_key, locale=english())
    target.title = "Programme news in English"
    publish(target)
    url = reverse("wagtail_localize:convert_to_alias", args=[target.pk])
    assert resolve(url).url_name == "okcore_convert_to_alias"
    coordinator = client_for("coordinator", site)
    assert target.permissions_for_user(User.objects.get(username="coordinator")).can_edit()
    assert coordinator.post(url).status_code in (302, 403)
    target.refresh_from_db()
    assert target.alias_of_id is None and target.title == "Programme news in English"
    assert target.live
    client_for("editor", site).post(url)
    target.refresh_from_db()
    assert target.alias_of_id == page.pk
