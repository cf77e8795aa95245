"""The admin speaks the user's language (pl, en, uk) and nothing else (issue 18: "Edycja
Unit page", "Wybierz jednostka", "Wyślij ponownie do Approval by the portal
administrators"); its Help menu links to the project's guide for editors; no Gravatar."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import polib  # type: ignore[import-untyped]  # wagtail-localize's dependency
import pytest
from django.apps import apps
from django.db import models
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from wagtail.models import Page, Task, Workflow
from wagtail.users.models import UserProfile

from cms.core.roles import ensure_groups
from cms.core.workflow_names import StandingName, source
from cms.events.models import EventIndexPage
from cms.network.models import Unit, UnitIndexPage, UnitPage
from cms.news.models import NewsIndexPage, NewsPage
from cms.programmes.models import GoalPage, IndicatorPage, ProgrammePage, TaskPage

LOCALE = Path(__file__).resolve().parents[3] / "cms" / "locale"
#: Words whose translation is the English word itself (Polish says "logo", "status",
#: "format" and a news item's "lead" too).
SAME_IN_TRANSLATION = {"PDF", "DOCX (Word)", "ODT (OpenDocument)", "e-mail"}
SAME_IN_TRANSLATION |= {"logo", "status", "format", "lead"}


def _catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", ["pl", "uk"])
def test_every_string_of_the_project_has_a_translation(language: str) -> None:
    catalogue = _catalogue(language)
    missing = [e.msgid for e in catalogue if not e.obsolete and not e.translated()]
    fuzzy = [e.msgid for e in catalogue if "fuzzy" in e.flags and e.msgid]
    assert (missing, fuzzy) == ([], [])


def test_the_english_catalogue_leaves_the_source_text() -> None:
    """en keeps the English source: no entry says something else than its msgid."""
    catalogue = _catalogue("en")
    assert [e.msgid for e in catalogue if "fuzzy" in e.flags and e.msgid] == []
    assert [e.msgid for e in catalogue if e.msgstr and e.msgstr != e.msgid] == []


def _own_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("cms.")]


def _texts(model: type[models.Model]) -> list[tuple[str, Any]]:
    """Every name the admin may show of a model: its names, its fields' labels, help texts
    and fixed choices (sort orders and the settings' site are never shown)."""
    found: list[tuple[str, Any]] = [
        ("verbose_name", model._meta.original_attrs.get("verbose_name")),
        ("verbose_name_plural", model._meta.original_attrs.get("verbose_name_plural")),
    ]
    for field in model._meta.get_fields(include_parents=False):
        if not isinstance(field, models.Field) or not field.concrete or field.auto_created:
            continue
        if field.name in {"sort_order", "site"} and not field.editable:
            continue
        found.append((f"{field.name}.verbose_name", field.verbose_name))
        if field.help_text:
            found.append((f"{field.name}.help_text", field.help_text))
        if isinstance(field.choices, (list, tuple)):
            found.extend((f"{field.name}={key}", label) for key, label in field.choices)
    return found


@pytest.mark.parametrize("model", _own_models(), ids=lambda m: m.__name__)
def test_every_model_text_is_marked_for_translation(model: type[models.Model]) -> None:
    """A literal string would show in English to Polish and Ukrainian editors."""
    assert [name for name, text in _texts(model) if not isinstance(text, Promise)] == []


@pytest.mark.parametrize("language", ["pl", "uk"])
def test_every_model_text_is_translated(language: str) -> None:
    untranslated = []
    for model in _own_models():
        for name, text in _texts(model):
            with translation.override("en"):
                english = str(text)
            with translation.override(language):
                shown = str(text)
            if shown == english and english not in SAME_IN_TRANSLATION:
                untranslated.append(f"{model.__name__}.{name}: {english}")
    assert untranslated == []


def test_choice_labels_follow_the_reader(db: Any) -> None:
    """The units' networks, the indicators and the risks are offered in the reader's
    language, not always in Polish."""
    from cms.indicators.models import Measurement
    from cms.network.models import Coordinator
    from cms.risks.models import RiskAssessment

    def labels(model: Any, field: str, language: str) -> list[str]:
        with translation.override(language):
            return [str(label) for _key, label in model._meta.get_field(field).choices]

    for model, field in (
        (Coordinator, "network"),
        (Measurement, "indicator"),
        (RiskAssessment, "risk"),
    ):
        assert labels(model, field, "pl") != labels(model, field, "en"), (model, field)


# -- The standing workflow ----------------------------------------------------------------


def test_the_standing_task_is_named_in_the_readers_language(db: Any) -> None:
    ensure_groups()
    task = Task.objects.get(name="Approval by the portal administrators")
    assert isinstance(task.name, StandingName)
    with translation.override("pl"):
        sentence = gettext("Resubmit to %(task_name)s") % {"task_name": task.name}
        assert sentence == "Wyślij ponownie do Zatwierdzenie przez administratorów portalu"
        assert f"{task.specific.name}" == "Zatwierdzenie przez administratorów portalu"
        # Stored and compared as its English source: the roles find it by that.
        assert task.name == "Approval by the portal administrators"
    with translation.override("uk"):
        assert str(Workflow.objects.get(pk=task.workflows.get().pk).name) == (
            "Модерація адміністраторами порталу"
        )
    with translation.override("en"):
        assert str(task.name) == "Approval by the portal administrators"


def test_a_standing_name_saved_in_polish_is_stored_in_english(db: Any) -> None:
    """Wagtail's edit form shows the name in the editor's language; saving it keeps the
    source, so the roles' next run finds the task rather than making a second one."""
    ensure_groups()
    task = Task.objects.get(name="Approval by the portal administrators").specific
    task.name = "Zatwierdzenie przez administratorów portalu"
    task.save()
    ensure_groups()
    assert Task.objects.filter(name__startswith="Approval by the portal").count() == 1
    assert source("Затвердження адміністраторами порталу (lublin.example)") == (
        "Approval by the portal administrators (lublin.example)"
    )
    assert source("My own task") == "My own task"


def test_an_own_name_is_left_as_given(db: Any) -> None:
    task = Task.objects.create(name="Legal check")
    assert type(Task.objects.get(pk=task.pk).name) is str


# -- Walking the admin ------------------------------------------------------------------

#: Our own English texts that a Polish or Ukrainian admin must not show: the catalogue's
#: msgids, where the translation differs (one-word texts as well: "unit", "note").
TAG_TEXT = re.compile(r">\s*([^<>]+?)\s*<")


def _english_leftovers(content: str, language: str) -> set[str]:
    catalogue = _catalogue(language)
    # A word that is also a translation is no leftover (Polish "data" is a date).
    translations = {e.msgstr.casefold() for e in catalogue if e.msgstr}
    sources = {
        e.msgid.casefold()
        for e in catalogue
        if e.msgid
        and not e.msgid_plural
        and e.msgstr
        and e.msgstr != e.msgid
        and "%" not in e.msgid
        and len(e.msgid) > 3
    } - translations
    texts = {html.unescape(t).strip().casefold() for t in TAG_TEXT.findall(content)}
    return texts & sources


def _client(user: Any, language: str) -> Client:
    UserProfile.get_for_user(user).__class__.objects.filter(user=user).update(
        preferred_language=language
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def _admin_urls(site: dict[str, Any]) -> list[str]:
    pl = {"locale__language_code": "pl"}
    pages: list[Page] = [
        Page.objects.get(depth=2, locale__language_code="pl"),
        ProgrammePage.objects.get(**pl),
        GoalPage.objects.filter(**pl).first(),
        TaskPage.objects.filter(**pl).first(),
        IndicatorPage.objects.filter(**pl).first(),
        NewsIndexPage.objects.get(**pl),
        NewsPage.objects.filter(**pl).first(),
        EventIndexPage.objects.get(**pl),
        UnitIndexPage.objects.get(**pl),
        UnitPage.objects.filter(**pl).first(),
    ]
    urls = ["/admin/"]
    urls += [reverse("wagtailadmin_pages:edit", args=[p.pk]) for p in pages if p is not None]
    events = EventIndexPage.objects.get(**pl)
    urls.append(reverse("wagtailadmin_pages:add", args=["events", "eventpage", events.pk]))
    for label in ("network/unit", "network/coordinator", "network/activityrecord"):
        urls += [f"/admin/snippets/{label}/", f"/admin/snippets/{label}/add/"]
    urls += [
        "/admin/snippets/indicators/measurement/",
        "/admin/snippets/indicators/measurement/add/",
    ]
    urls += ["/admin/snippets/risks/riskassessment/", "/admin/snippets/risks/riskassessment/add/"]
    urls += [reverse("delivery_list"), f"/admin/snippets/network/unit/edit/{site['education'].pk}/"]
    urls += ["/admin/images/", "/admin/documents/", "/admin/workflows/list/"]
    return urls


@pytest.mark.parametrize("language", ["pl", "uk"])
def test_the_admin_shows_no_english_of_ours(
    site: dict[str, Any], make_user: Any, language: str
) -> None:
    client = _client(make_user("root", is_superuser=True), language)
    leftovers = {}
    for url in _admin_urls(site):
        response = client.get(url)
        assert response.status_code == 200, url
        found = _english_leftovers(response.content.decode(), language)
        if found:
            leftovers[url] = sorted(found)
    assert leftovers == {}


def test_the_walk_finds_english_where_it_is(site: dict[str, Any], make_user: Any) -> None:
    """The walk above can fail: an English admin shows the same texts in English."""
    client = _client(make_user("root", is_superuser=True), "en")
    content = client.get(f"/admin/snippets/network/unit/edit/{site['education'].pk}/")
    assert "first day it no longer exists" in _english_leftovers(content.content.decode(), "pl")


@pytest.mark.parametrize(
    ("language", "title", "unit_page"),
    [
        ("pl", "Wybierz jednostkę", "Sekcja jednostki"),
        ("uk", "Виберіть підрозділ", "Розділ підрозділу"),
        ("en", "Choose a unit", "Unit&#x27;s section"),
    ],
)
def test_page_types_and_the_unit_chooser_in_the_users_language(
    site: dict[str, Any], make_user: Any, language: str, title: str, unit_page: str
) -> None:
    client = _client(make_user("root", is_superuser=True), language)
    section = UnitPage.objects.filter(locale__language_code="pl")[0]
    content = client.get(reverse("wagtailadmin_pages:edit", args=[section.pk])).content.decode()
    assert unit_page in content
    assert title in content
    assert "Wybierz jednostka" not in content and "Unit page" not in content
    chooser = client.get(reverse("wagtailsnippetchoosers_network_unit:choose"))
    assert title in chooser.json()["html"]


def test_a_page_in_moderation_names_the_task_in_polish(
    site: dict[str, Any], make_user: Any
) -> None:
    page = NewsPage.objects.filter(locale__language_code="pl")[0]
    root = make_user("root", is_superuser=True)
    revision = page.save_revision(user=root)
    page.get_workflow().start(page, root)
    assert revision is not None
    content = _client(root, "pl").get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    text = content.content.decode()
    assert "Zatwierdzenie przez administratorów portalu" in text
    assert "Approval by the portal administrators" not in text


# -- Help menu and avatars --------------------------------------------------------------


def _menu_item(content: str, name: str) -> dict[str, Any] | None:
    """A menu item of the admin's sidebar (its items are JSON in the page)."""
    props = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', content, re.S
    )
    assert props is not None

    def walk(node: Any) -> dict[str, Any] | None:
        if isinstance(node, dict):
            if node.get("name") == name and "url" in node:
                return node
            node = list(node.values())
        if isinstance(node, list):
            for inner in node:
                if (found := walk(inner)) is not None:
                    return found
        return None

    return walk(json.loads(props[1]))


def test_the_help_menu_links_to_the_editors_guide(db: Any, make_user: Any) -> None:
    client = _client(make_user("sz", "admins"), "pl")
    guide = reverse("okcore_editors_guide")
    item = _menu_item(client.get("/admin/").content.decode(), "okcore-editors-guide")
    assert item is not None
    assert (item["url"], item["label"]) == (guide, "Poradnik dla redaktorów portalu")
    response = client.get(guide)
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert text.startswith(b"# Editor's guide")
    with override_settings(OKCORE_EDITORS_GUIDE_URL="https://guide.example/editors"):
        item = _menu_item(client.get("/admin/").content.decode(), "okcore-editors-guide")
        assert item is not None and item["url"] == "https://guide.example/editors"
    assert Client(HTTP_HOST="localhost").get(guide).status_code == 302  # signed in only


def test_no_gravatar_but_wagtails_own_avatar(db: Any, make_user: Any) -> None:
    client = _client(make_user("sz", "admins", email="sz@example.org"), "pl")
    for url in ("/admin/", "/admin/account/"):
        content = client.get(url).content.decode()
        assert "gravatar" not in content.lower()
        assert "wagtailadmin/images/default-user-avatar" in content


def test_unit_model_name_declines_in_the_chooser() -> None:
    """The chooser's whole sentences are translated; the bare model name stays a noun."""
    with translation.override("pl"):
        assert str(Unit._meta.verbose_name) == "jednostka"
        assert gettext("Choose a unit") == "Wybierz jednostkę"
